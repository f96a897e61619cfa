/// A stretch of a series with no usable measurement: not interpolated, counted out of the coverage.
struct MeasurementGap: Sendable, Hashable {
    /// Why the stretch is not measured.
    enum Reason: String, Sendable, Hashable {
        /// No sample for longer than the gap threshold (a multiple of the median scrape interval).
        case missingSamples = "missing-samples"
        /// Two samples whose difference would mean more power than a GPU draws (a corrupt or misattributed value).
        case implausibleIncrease = "implausible-increase"
    }

    var identity: GPUIdentity
    var quantity: MeasuredQuantity
    /// Seconds since 1970 UTC of the last sample before the gap.
    var startSeconds: Double
    var durationSeconds: Double
    var reason: Reason
}

/// A fall of an energy counter: the driver was reloaded (or the GPU reset) between two samples.
struct CounterReset: Sendable, Hashable {
    var identity: GPUIdentity
    /// Seconds since 1970 UTC of the first sample after the reset.
    var timeSeconds: Double
    /// The counter before and after, kWh. The value after is counted from zero.
    var valueBeforeKWh: Double
    var valueAfterKWh: Double
}
