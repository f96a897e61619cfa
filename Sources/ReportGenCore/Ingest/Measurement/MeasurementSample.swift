/// One timestamped reading of a measured series.
///
/// Units: `timeSeconds` is seconds since 1970-01-01 UTC (fractions kept: Prometheus stamps to the millisecond);
/// `value` is in the series' internal unit (kWh for an energy counter, W for power, see ``MeasuredQuantity``).
struct MeasurementSample: Sendable, Hashable {
    var timeSeconds: Double
    var value: Double
}
