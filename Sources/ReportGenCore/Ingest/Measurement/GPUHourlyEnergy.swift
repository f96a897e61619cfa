/// One GPU's measured energy per UTC hour, with how much of each hour the measurement covers.
///
/// Units: kWh and seconds. An hour without an entry in ``coveredSecondsByHour`` was not measured at all; nothing is
/// interpolated into it.
struct GPUHourlyEnergy: Sendable, Equatable {
    var identity: GPUIdentity
    var method: EnergyMethod
    var energyKWhByHour: [UTCHour: Double]
    /// Seconds of each hour lying between two usable samples (at most 3,600).
    var coveredSecondsByHour: [UTCHour: Double]
    /// The median interval between consecutive samples, seconds.
    var medianIntervalSeconds: Double
    var gaps: [MeasurementGap]
    var resets: [CounterReset]
    /// The files the series came from.
    var sources: [String]

    /// Total energy over some hours, kWh.
    func energyKWh(in hours: Range<UTCHour>) -> Double {
        hours.reduce(0) { $0 + (energyKWhByHour[$1] ?? 0) }
    }

    /// The share of the hours' wall-clock time that the measurement covers, 0 to 1; 0 for an empty range.
    func coverage(in hours: Range<UTCHour>) -> Double {
        guard !hours.isEmpty else { return 0 }
        let covered = hours.reduce(0) { $0 + (coveredSecondsByHour[$1] ?? 0) }
        return covered / (Double(hours.count) * 3600)
    }

    /// Whether any part of the hour is measured.
    func isMeasured(_ hour: UTCHour) -> Bool { (coveredSecondsByHour[hour] ?? 0) > 0 }
}
