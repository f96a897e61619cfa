/// How a GPU's energy was obtained from its series; named in every result so that the pack can say it.
enum EnergyMethod: String, Sendable, Hashable, Codable {
    /// Differences of the hardware energy counter (DCGM `TOTAL_ENERGY_CONSUMPTION`): the preferred method.
    case counter
    /// The trapezoidal integral of power readings (DCGM `POWER_USAGE`, nvidia-smi `power.draw`): misses what
    /// happens between two readings.
    case powerIntegral = "power-integral"
}
