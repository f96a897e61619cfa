import Foundation

/// The functional unit a service's SCI is expressed per.
enum FunctionalUnit: String, Sendable, Hashable, Codable, CaseIterable {
    case audioMinute = "audio_minute"
    case thousandCharacters = "thousand_characters"
    case article
    case file
}

/// One way a source record can belong to a service: every non-empty list must match (AND), each list matching when
/// any of its patterns does (OR). Patterns are case-insensitive globs (`*`, `?`); a record that lacks the identifier
/// a list tests does not match that clause.
struct MatchClause: Sendable, Hashable, Codable {
    var subscriptions: [String] = []
    var resourceGroups: [String] = []
    var resourceIds: [String] = []
    var resourceTypes: [String] = []
    /// CCF `serviceName` (Azure meterCategory) and the Emissions Impact Dashboard's `azureServiceName`.
    var cloudServices: [String] = []
    var regions: [String] = []
    var tags: [String: String] = [:]
    var codecarbonProjects: [String] = []
    var codecarbonExperiments: [String] = []
    var usageServices: [String] = []
    var endpoints: [String] = []
}

/// Rules that assign source records to a service: the record belongs when any clause matches.
///
/// In `reportgen.yaml`, `match` is either a list of clauses, or a single mapping that is read as one clause per key
/// (so `resource_ids` and `usage_services` under one mapping are alternatives, not conditions).
struct MatchRules: Sendable, Hashable, Codable {
    var clauses: [MatchClause] = []
}

/// One microservice of the API.
struct ServiceConfig: Sendable, Hashable, Codable {
    var id: String
    var name: String
    /// The reference-factor model key, such as `whisper-large-v3`.
    var model: String
    /// The Azure region it runs in, such as `francecentral`.
    var region: String
    var functionalUnit: FunctionalUnit
    /// How much the business needs it, 1 (little) to 5 (essential).
    var businessValue: Int
    var match: MatchRules
    /// The line of the service's entry in `reportgen.yaml`, for later messages.
    var line: Int?
}

/// How a resource shared by several services is split between them.
enum AllocationKey: Sendable, Hashable, Codable {
    case busyGPUSeconds
    case requests
    case fixedShares([String: Double])

    var name: String {
        switch self {
        case .busyGPUSeconds: return "busy GPU-seconds"
        case .requests: return "requests"
        case .fixedShares(let shares):
            return "fixed shares (" + shares.keys.sorted().map { "\($0) \(shares[$0] ?? 0)" }.joined(separator: ", ") + ")"
        }
    }
}

/// A resource (matched like a service) whose emissions are split between services by an allocation key.
struct SharedResource: Sendable, Hashable, Codable {
    var name: String
    var match: MatchRules
    var services: [String]
    var allocation: AllocationKey
}

/// Volumes used where the usage log has nothing, and for the forecast.
struct WorkloadAssumptions: Sendable, Hashable, Codable {
    /// Files a month per language, at the start of the forecast.
    var filesPerMonth: [String: Double] = [:]
    /// Monthly growth per language (0.08 = 8 % a month); `*` applies to every language not listed.
    var monthlyGrowth: [String: Double] = [:]
    var averageAudioMinutes: Double = 30
    var averageArticleCharacters: Double = 4000

    func growth(for language: String) -> Double { monthlyGrowth[language] ?? monthlyGrowth["*"] ?? 0 }
}

/// A criterion added by the user, with its value per service (or per service/language cell).
struct ExtraCriterion: Sendable, Hashable, Codable {
    var id: String
    var isBenefit: Bool
    var weight: Double
    /// Values keyed by `service` or `service/language`.
    var values: [String: Double]
}

/// The whole `reportgen.yaml`.
struct WorkspaceConfig: Sendable {
    var organisation: String
    var period: YearMonth?
    var timeZone: TimeZone
    var languages: [String]
    var reportLanguages: [String]
    var services: [ServiceConfig]
    var sharedResources: [SharedResource]
    var workload: WorkloadAssumptions
    /// Criterion id → raw weight: `carbon`, `intensity`, `business_value`, `volume`, `language_priority`.
    var criteriaWeights: [String: Double]
    var extraCriteria: [ExtraCriterion]
    /// Language → priority 1…5.
    var languagePriorities: [String: Double]
    var annualBudgetKgCO2e: Double?
    /// Relative gap under which two figures are said to agree (0.10 = 10 %).
    var reconciliationTolerance: Double
    /// Reference-factor key → value that replaces the built-in central value.
    var factorOverrides: [String: Double]
    var forecastMonths: Int

    static let defaultWeights: [String: Double] = [
        "carbon": 0.30, "intensity": 0.15, "business_value": 0.30, "volume": 0.15, "language_priority": 0.10,
    ]
}
