/// The data-quality grade of a figure, best first (GHG Protocol / ISO 14064-1 practice).
package enum DataQuality: String, Sendable, Codable, CaseIterable {
    case measured
    case providerReported = "provider-reported"
    case modelledFromBenchmark = "modelled-from-published-benchmark"

    package init(_ record: EmissionRecord) {
        switch record.method {
        case .measured: self = .measured
        case .providerReported: self = .providerReported
        case .allocated:
            self =
                record.source == .codeCarbon
                ? .measured
                : record.source == .azureCarbonOptimization || record.source == .emissionsImpactDashboard
                    ? .providerReported : .modelledFromBenchmark
        case .estimated: self = .modelledFromBenchmark
        }
    }
}
