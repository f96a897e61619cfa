import Foundation
import Matrix

/// The functional unit a service's SCI is expressed per.
package enum FunctionalUnit: String, Sendable, Hashable, Codable, CaseIterable {
    case audioMinute = "audio_minute"
    case thousandCharacters = "thousand_characters"
    case article
    case file
}

/// One way a source record can belong to a service: every non-empty list must match (AND), each list matching when
/// any of its patterns does (OR). Patterns are case-insensitive globs (`*`, `?`); a record that lacks the identifier
/// a list tests does not match that clause.
package struct MatchClause: Sendable, Hashable, Codable {
    package var subscriptions: [String] = []
    package var resourceGroups: [String] = []
    package var resourceIds: [String] = []
    package var resourceTypes: [String] = []
    /// CCF `serviceName` (Azure meterCategory) and the Emissions Impact Dashboard's `azureServiceName`.
    package var cloudServices: [String] = []
    package var regions: [String] = []
    package var tags: [String: String] = [:]
    package var codecarbonProjects: [String] = []
    package var codecarbonExperiments: [String] = []
    package var usageServices: [String] = []
    package var endpoints: [String] = []
    /// Measured GPUs (DCGM, nvidia-smi) by host name, GPU UUID or Kubernetes pod. These lists match GPU series only:
    /// a clause holding them matches no emission record, and holds no record key.
    package var hosts: [String] = []
    package var gpuUUIDs: [String] = []
    package var pods: [String] = []

    /// Whether the clause names measured GPUs (`hosts`, `gpu_uuids`, `pods`).
    package var matchesGPUs: Bool { !(hosts.isEmpty && gpuUUIDs.isEmpty && pods.isEmpty) }
}

/// Rules that assign source records to a service: the record belongs when any clause matches.
///
/// In `reportgen.yaml`, `match` is either a list of clauses, or a single mapping that is read as one clause per key
/// (so `resource_ids` and `usage_services` under one mapping are alternatives, not conditions).
package struct MatchRules: Sendable, Hashable, Codable {
    package var clauses: [MatchClause] = []
}

/// The machines a service runs on: they decide idle power, embodied emissions and the energy factor used.
package struct ServiceHardware: Sendable, Hashable, Codable {
    /// The VM type key in the reference factors (`vm.<vm>.idle_w`, `vm.<vm>.busy_w`, `vm.<vm>.embodied_g_per_hour`).
    package var vm = "nc4as_t4_v3"
    /// VMs reserved for the service.
    package var count = 1
    /// `gpu` or `cpu`: which energy-per-unit factor applies.
    package var device = "gpu"
    /// Reserved hours a month per VM (730 = always on; less with scale-to-zero).
    package var hoursPerMonth = 730.0
    /// `hardware.hours_per_month` as declared; `nil` for an always-on VM, whose reserved hours follow the calendar.
    package var declaredHoursPerMonth: Double?

    /// Reserved hours per VM in a month: the declared figure, or 24 × the month's days for an always-on VM
    /// (672 h in a 28-day February, 744 h in March).
    package func reservedHours(in month: YearMonth) -> Double {
        declaredHoursPerMonth ?? Double(24 * month.dayCount)
    }
}

/// One microservice of the API.
package struct ServiceConfig: Sendable, Hashable, Codable {
    package var id: String
    package var name: String
    /// The service's name by report language, when `reportgen.yaml` gives `name: {fr: …, en: …}`.
    package var localisedNames: [String: String] = [:]
    /// The reference-factor model key, such as `whisper-large-v3`.
    package var model: String
    /// The Azure region it runs in, such as `francecentral`.
    package var region: String
    package var functionalUnit: FunctionalUnit
    /// How much the business needs it, 1 (little) to 5 (essential).
    package var businessValue: Int
    package var match: MatchRules
    package var hardware = ServiceHardware()
    /// The line of the service's entry in `reportgen.yaml`, for later messages.
    package var line: Int?
}

/// How a resource shared by several services is split between them.
package enum AllocationKey: Sendable, Hashable, Codable {
    case busyGPUSeconds
    case requests
    /// VMs × reserved hours of each service in the month: the capacity each one holds, busy or idle.
    case reservedVMHours
    case fixedShares([String: Double])

    package var name: String {
        switch self {
        case .busyGPUSeconds: return "busy GPU-seconds"
        case .requests: return "requests"
        case .reservedVMHours: return "reserved VM-hours"
        case .fixedShares(let shares):
            return "fixed shares (" + shares.keys.sorted().map { "\($0) \(shares[$0] ?? 0)" }.joined(separator: ", ")
                + ")"
        }
    }
}

/// A resource (matched like a service) whose emissions are split between services by an allocation key.
package struct SharedResource: Sendable, Hashable, Codable {
    package var name: String
    package var match: MatchRules
    package var services: [String]
    package var allocation: AllocationKey
}

/// Volumes used where the usage log has nothing, and for the forecast.
package struct WorkloadAssumptions: Sendable, Hashable, Codable {
    /// Files a month per language, at the start of the forecast.
    package var filesPerMonth: [String: Double] = [:]
    /// Monthly growth per language (0.08 = 8 % a month); `*` applies to every language not listed.
    package var monthlyGrowth: [String: Double] = [:]
    package var averageAudioMinutes: Double = 30
    package var averageArticleCharacters: Double = 4000
    /// Prompt tokens sent with each generation request when the usage log does not say.
    package var promptTokens: Double = 300

    package func growth(for language: String) -> Double { monthlyGrowth[language] ?? monthlyGrowth["*"] ?? 0 }
}

/// A criterion added by the user, with its value per service (or per service/language cell).
package struct ExtraCriterion: Sendable, Hashable, Codable {
    package var id: String
    package var isBenefit: Bool
    package var weight: Double
    /// Values keyed by `service` or `service/language`.
    package var values: [String: Double]
}

/// `decisions`: the options and caps plans are made of, and the robustness analysis.
package struct DecisionRules: Sendable, Hashable, Codable {
    /// Share of draws (weights ±20 % around the declared ones, factors from their ranges) a recommendation must
    /// hold in to be called robust.
    package var robustness = 0.70
    /// Draws of the local robustness (at most the plan evaluation's draws) and of the SMAA acceptability.
    package var robustnessDraws = 2000
    /// Scale-to-zero keeps this share of busy time again as warm capacity (cold starts).
    package var scaleToZeroMargin = 0.5
    /// The shares of a cell's forecast a plan may keep, 1 first.
    package var capLevels: [Double] = [1, 0.75, 0.5, 0.25, 0]
    /// The service levers plans may use (drop is always available).
    package var levers: [ServiceOption.Lever] = [
        .scaleToZero, .minReplicas, .scheduledHours, .coLocation, .smallerModel, .quantisation, .regionMove,
    ]
    /// The region a region move goes to.
    package var targetRegion = "francecentral"
    /// The arbitration refuses a service with more configurations (options × cap levels ^ cells) than this.
    package var maxConfigurationsPerService = 50_000
    /// Caps in files a month a plan may put on a cell, beside the shares of ``capLevels``.
    package var capFilesPerMonth: [Double] = []
    /// The floor of the minimum-replicas lever, in VMs (offered where a service has more VMs than this).
    package var minReplicas = 1
    /// The service hours of the scheduled-hours lever (offered only where declared and the usage log has hours).
    package var serviceHours: ServiceHours?
    /// Per service id: its own levers, service hours or replica floor (`decisions.services.<id>`).
    package var perService: [String: ServiceLeverRules] = [:]
    /// Configurations of each service's Pareto front paired when two services share a GPU (co-location).
    package var colocationFront = 12

    /// The levers a service may use.
    package func levers(for service: String) -> [ServiceOption.Lever] { perService[service]?.levers ?? levers }
    /// The service hours a service may be scheduled to.
    package func serviceHours(for service: String) -> ServiceHours? {
        perService[service]?.serviceHours ?? serviceHours
    }
    /// The replica floor of a service.
    package func minReplicas(for service: String) -> Int { perService[service]?.minReplicas ?? minReplicas }
}

/// `decisions.services.<id>`: one service's levers, service hours and replica floor, over the defaults.
package struct ServiceLeverRules: Sendable, Hashable, Codable {
    package var levers: [ServiceOption.Lever]?
    package var serviceHours: ServiceHours?
    package var minReplicas: Int?

    package init(levers: [ServiceOption.Lever]? = nil, serviceHours: ServiceHours? = nil, minReplicas: Int? = nil) {
        self.levers = levers
        self.serviceHours = serviceHours
        self.minReplicas = minReplicas
    }
}

/// A what-if scenario evaluated beside the baseline.
package struct WhatIfScenario: Sendable, Hashable, Codable {
    package var name: String
    /// The scenario's name by report language, when `reportgen.yaml` gives `name: {fr: …, en: …}`.
    package var localisedNames: [String: String] = [:]
    /// Cells (`service/lang`, `*` allowed) that no longer run.
    package var drop: [String] = []
    /// Files-a-month caps by cell pattern.
    package var caps: [String: Double] = [:]
    /// New Azure region by service.
    package var moves: [String: String] = [:]
    /// New model by service.
    package var models: [String: String] = [:]
}

/// `criteria` and `language_priorities`: what the multi-criteria methods weigh.
package struct CriteriaConfig: Sendable {
    /// Criterion id → raw weight: `carbon`, `intensity`, `business_value`, `volume`, `language_priority`.
    package var weights: [String: Double] = CriteriaConfig.defaultWeights
    package var extra: [ExtraCriterion] = []
    /// Language → priority 1…5.
    package var languagePriorities: [String: Double] = [:]
    /// The AHP result when the weights come from a pairwise comparison matrix (`criteria.ahp`), and whether an
    /// inconsistent matrix was forced.
    package var ahp: AHPResult?
    package var isAHPForced = false

    package static let defaultWeights: [String: Double] = [
        "carbon": 0.30, "intensity": 0.15, "business_value": 0.30, "volume": 0.15, "language_priority": 0.10,
    ]
}

/// `forecast`: how far ahead, and when capacity steps up.
package struct ForecastConfig: Sendable, Hashable {
    /// Months forecast after the reporting month, 12 to 36.
    package var months = 24
    /// The busy share of a VM's reserved hours above which the forecast adds a VM.
    package var targetUtilisation = 0.6
}

/// `uncertainty`: the Monte Carlo's size and seed.
package struct UncertaintyConfig: Sendable, Hashable {
    package var draws = 10_000
    package var seed: UInt64 = 20_250_301
}

/// `budget`: the annual carbon budget, stated once: its period, the statistic it is judged on and its basis.
package struct BudgetConfig: Sendable, Hashable {
    /// The twelve months a budget applies to.
    package enum Period: String, Sendable, Hashable, Codable, CaseIterable {
        /// January to December of the year after the reporting month's: actuals to date plus the forecast of the rest.
        case calendarYear = "calendar_year"
        /// The twelve months after the reporting month, all forecast.
        case rolling12Months = "rolling_12_months"
    }

    /// The figure a plan is judged on.
    package enum Statistic: String, Sendable, Hashable, Codable, CaseIterable {
        /// The median of the Monte Carlo draws.
        case p50
        /// A chance constraint: P(annual ≤ budget) ≥ `confidence`, i.e. the `confidence` quantile ≤ budget.
        case chance
    }

    /// Where the actuals to date come from.
    package enum Basis: String, Sendable, Hashable, Codable, CaseIterable {
        /// The carbon model's location-based figure (its median) for every month.
        case location
        /// The provider's market-based figure for the months it reports (the model's where it has none); the
        /// forecast stays the model's.
        case market
    }

    /// kgCO2e a year; `nil` when no budget is set.
    package var annualKgCO2e: Double?
    package var period = Period.calendarYear
    package var statistic = Statistic.p50
    /// For ``Statistic/chance``: the probability the plan must stay within the budget, 0.5…0.99.
    package var confidence = 0.9
    package var basis = Basis.location

    package init(annualKgCO2e: Double? = nil) { self.annualKgCO2e = annualKgCO2e }

    /// The quantile (0…1) of the draws a plan is judged on.
    package var quantile: Double { statistic == .p50 ? 0.5 : confidence }

    /// `P50`, or `P90 (P(annual ≤ budget) ≥ 90 %)`.
    package var statisticName: String {
        let percent = Int((confidence * 100).rounded())
        return statistic == .p50 ? "P50" : "P\(percent) (P(annual ≤ budget) ≥ \(percent) %)"
    }
}

/// `reconciliation`: when two figures are said to agree.
package struct ReconciliationConfig: Sendable, Hashable {
    /// Relative gap under which two figures agree (0.10 = 10 %).
    package var tolerance = 0.10
}

/// The whole `reportgen.yaml`, sliced as its sections are: each stage is handed the slices it reads.
package struct WorkspaceConfig: Sendable {
    package var organisation: String
    package var period: YearMonth?
    package var timeZone: TimeZone
    package var languages: [String]
    package var reportLanguages: [String]
    /// `csv_dialect`: the pack's CSV dialect when no `--csv-dialect` flag is given (`rfc4180` by default).
    package var csvDialect: String?
    package var services: [ServiceConfig]
    package var sharedResources: [SharedResource] = []
    package var workload = WorkloadAssumptions()
    package var criteria = CriteriaConfig()
    package var budget = BudgetConfig()
    package var reconciliation = ReconciliationConfig()
    /// Reference-factor key → value that replaces the built-in central value.
    package var factorOverrides: [String: Double] = [:]
    package var forecast = ForecastConfig()
    package var uncertainty = UncertaintyConfig()
    package var decisions = DecisionRules()
    package var scenarios: [WhatIfScenario] = []
    package var alerts = AlertThresholds()
    /// `measurements:`: how GPU measurements are read.
    package var measurements = MeasurementConfig()

    package init(
        organisation: String, period: YearMonth? = nil, timeZone: TimeZone, languages: [String],
        reportLanguages: [String], services: [ServiceConfig]
    ) {
        self.organisation = organisation
        self.period = period
        self.timeZone = timeZone
        self.languages = languages
        self.reportLanguages = reportLanguages
        self.services = services
    }
}
