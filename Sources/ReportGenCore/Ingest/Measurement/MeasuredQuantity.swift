/// What a measured series holds, in ReportGen's internal unit.
enum MeasuredQuantity: String, Sendable, Hashable, Comparable, CaseIterable {
    /// A cumulative energy counter, in kWh (DCGM's millijoules converted at the import edge). It grows, and falls
    /// back towards zero when the driver is reloaded.
    case energyCounterKWh = "energy-counter"
    /// Instantaneous or short-average power draw, in W.
    case powerWatts = "power"

    static func < (a: MeasuredQuantity, b: MeasuredQuantity) -> Bool { a.rawValue < b.rawValue }
}
