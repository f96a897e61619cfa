import Foundation
import Matrix

/// Every figure a pack shows, computed once; the HTML, the CSV files and `pack.json` are views of it.
package struct PackContent: Sendable {
    package let config: WorkspaceConfig
    package let period: YearMonth
    package let generatedAt: Date
    package let inputs: [InputSummary]
    /// Mapped records, counted and set aside.
    package let records: [EmissionRecord]
    package let emissions: MonthlyEmissions
    package let activity: [String: [YearMonth: Activity]]
    package let carbon: CarbonAssessment
    package let scoring: ServiceScoring
    package var decisions: DecisionAnalysis
    /// Measured GPU energy of the reporting month (issue 13), `nil` without measurement files.
    package let measuredGPU: MeasuredGPUEnergy?
    package let diagnostics: [Diagnostic]
    /// The usage log's activity by service, language and month (every month it covers, not only the reporting one).
    package var cellActivity: [String: [String: [YearMonth: Activity]]] = [:]
    /// CCF's recommendations as read: shown in the pack, not applied by the model.
    package var cloudRecommendations: [CloudRecommendation] = []
    /// The input files refused whole, one diagnostic each (also among ``diagnostics``), by file name.
    package var refusedInputs: [Diagnostic] = []
    /// How many diagnostics are errors: what `build --strict` refuses.
    package var errorCount: Int { diagnostics.filter { $0.severity == .error }.count }
    /// The services in configuration order, then `unallocated` when it has figures.
    package var serviceIDs: [String] {
        let ids = config.services.map(\.id)
        let hasUnallocated = emissions.periods.contains { emissions.retained(ServiceMapping.unallocated, $0) != nil }
        return hasUnallocated ? ids + [ServiceMapping.unallocated] : ids
    }

    /// The display name of a service id, in `language` when `reportgen.yaml` gives one for it.
    package func serviceName(_ id: String, language: String? = nil) -> String {
        guard let service = config.services.first(where: { $0.id == id }) else { return id }
        return language.flatMap { service.localisedNames[$0] } ?? service.name
    }

    /// The months shown: every month with figures up to the reporting period.
    package var months: [YearMonth] { emissions.periods.filter { $0 <= period } }

    /// Every reference factor the pack used: the model's and the levers'.
    package var factorKeys: [String] { Array(Set(carbon.factorKeys + decisions.factorKeys)).sorted() }

    /// The retained total of all services in a month.
    package func totalKg(_ month: YearMonth) -> Double {
        serviceIDs.reduce(0) { $0 + emissions.retainedKg($1, month) }
    }
}
