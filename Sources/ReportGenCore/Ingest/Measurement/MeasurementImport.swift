/// What one measurement file yields: series (not yet merged with other files') and what was noticed on the way.
struct MeasurementImport: Sendable {
    var series: [MeasuredSeries] = []
    /// Set-aside samples and rows, unknown metrics, notes on units and restarts.
    var diagnostics: [Diagnostic] = []

    /// Samples kept, over all series.
    var sampleCount: Int { series.reduce(0) { $0 + $1.samples.count } }
}
