/// What one input file yields.
struct ImportResult: Sendable {
    /// Emission and energy figures, one per source row and (for CCF's wide CSV) per service column.
    var records: [EmissionRecord] = []
    /// Request activity from the usage log, already summed per month, service, endpoint and language.
    var activity: ActivityLedger = ActivityLedger()
    /// Figures without a month (CCF's `--groupBy service` covers an unstated range).
    var undated: [EmissionRecord] = []
    /// Optimisation recommendations read from CCF.
    var recommendations: [CloudRecommendation] = []
    /// Rows set aside, unit conversions and other notes.
    var diagnostics: [Diagnostic] = []
    /// Data rows (or JSON items) read, excluding headers and totals.
    var rowCount = 0
}

/// An optimisation recommendation from CCF (Azure Advisor based). Units converted to kWh and kgCO2e.
struct CloudRecommendation: Sendable, Hashable, Codable {
    var type: String
    var detail: String
    var resourceId: String
    var region: String
    var energySavingKWh: Double
    var kgCO2eSaving: Double
    var costSaving: Double?
    var provenance: Provenance
}
