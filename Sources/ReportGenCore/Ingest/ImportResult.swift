/// What one input file yields.
package struct ImportResult: Sendable {
    /// Emission and energy figures, one per source row and (for CCF's wide CSV) per service column.
    package var records: [EmissionRecord] = []
    /// Request activity from the usage log, already summed per month, service, endpoint and language.
    package var activity: ActivityLedger = ActivityLedger()
    /// Figures without a month (CCF's `--groupBy service` covers an unstated range).
    package var undated: [EmissionRecord] = []
    /// Optimisation recommendations read from CCF.
    package var recommendations: [CloudRecommendation] = []
    /// GPU energy and power series read from DCGM or nvidia-smi files, not yet merged with other files'.
    var measuredSeries: [MeasuredSeries] = []
    /// Per-hour busy time and requests from a per-request usage log, for the measured-energy allocation.
    package var hourlyUsage = HourlyUsage()
    /// Rows set aside, unit conversions and other notes.
    package var diagnostics: [Diagnostic] = []
    /// Data rows (or JSON items) read, excluding headers and totals.
    package var rowCount = 0
    /// A CodeCarbon file's runs, for the rules across files (``CodeCarbonRunPrecedence``); ``records`` hold them
    /// summed as if the file were alone, unless an ingestion sums every file's runs itself
    /// (``ImportContext/sumsCodeCarbonRuns``).
    package var codeCarbon: CodeCarbonRunTable?
    /// The file's SHA-256 (hex) and size in bytes, when the importer took them as it read
    /// (``ImportContext/digestsWhileReading``).
    package var digest: (sha256: String, bytes: Int)?
}

/// An optimisation recommendation from CCF (Azure Advisor based). Units converted to kWh and kgCO2e.
package struct CloudRecommendation: Sendable, Hashable, Codable {
    package var type: String
    package var detail: String
    package var resourceId: String
    package var region: String
    package var energySavingKWh: Double
    package var kgCO2eSaving: Double
    package var costSaving: Double?
    package var provenance: Provenance
}
