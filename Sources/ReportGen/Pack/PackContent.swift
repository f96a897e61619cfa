import Foundation
import Matrix

/// Every figure a pack shows, computed once; the HTML, the CSV files and `pack.json` are views of it.
struct PackContent: Sendable {
    let config: WorkspaceConfig
    let period: YearMonth
    let generatedAt: Date
    let inputs: [InputSummary]
    /// Mapped records, counted and set aside.
    let records: [EmissionRecord]
    let emissions: MonthlyEmissions
    let activity: [String: [YearMonth: Activity]]
    let carbon: CarbonAssessment
    let scoring: ServiceScoring
    let decisions: DecisionAnalysis
    let diagnostics: [Diagnostic]
    /// The pack's version in the archive: 1 for the first draft, then one more for each rebuild or sign-off.
    var version = 1
    /// The sign-offs shown in the sign-off block (a signed version), with the keys that signed them.
    var signoffs: [SignoffRecord] = []
    var signerKeys: [String: KeyRecord] = [:]

    var isSigned: Bool { !signoffs.isEmpty }

    /// The services in configuration order, then `unallocated` when it has figures.
    var serviceIDs: [String] {
        let ids = config.services.map(\.id)
        let hasUnallocated = emissions.periods.contains { emissions.retained(ServiceMapping.unallocated, $0) != nil }
        return hasUnallocated ? ids + [ServiceMapping.unallocated] : ids
    }

    /// The display name of a service id.
    func serviceName(_ id: String) -> String {
        config.services.first { $0.id == id }?.name ?? id
    }

    /// The months shown: every month with figures up to the reporting period.
    var months: [YearMonth] { emissions.periods.filter { $0 <= period } }

    /// Every reference factor the pack used: the model's and the levers'.
    var factorKeys: [String] { Array(Set(carbon.factorKeys + decisions.factorKeys)).sorted() }

    /// The retained total of all services in a month.
    func totalKg(_ month: YearMonth) -> Double {
        serviceIDs.reduce(0) { $0 + emissions.retainedKg($1, month) }
    }
}
