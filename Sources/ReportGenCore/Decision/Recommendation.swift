import Matrix

/// What the pack recommends for a cell or a service, from the least to the most frugal.
package enum RecommendationKind: String, Sendable, Codable, CaseIterable, Comparable {
    case activate
    case activateWithOptimisation = "activate_with_optimisation"
    case restrict
    case postpone
    case drop

    /// 0 (activate) … 4 (drop): the order of the frugality properties.
    package var frugality: Int { Self.allCases.firstIndex(of: self) ?? 0 }

    package static func < (a: Self, b: Self) -> Bool { a.frugality < b.frugality }
}

/// One reason, as a translation key with the values to put in it.
package struct Reason: Sendable, Hashable, Codable {
    package var key: String
    package var values: [String: String] = [:]
}

/// What the recommended plan changes for one cell against today, and what that change does.
package struct Recommendation: Sendable, Codable {
    package var cell: CellKey
    package var kind: RecommendationKind
    /// The service's lever when the cell runs under one (`activate_with_optimisation`): the option id and detail.
    package var lever: String?
    package var leverDetail: String?
    /// For `restrict`: the share of the forecast kept and the files a month (mean over the window) it allows.
    package var capShare: Double?
    package var capFilesPerMonth: Double?
    /// kgCO2e over the budget window avoided by this change: the plan without it minus the plan, same draws.
    package var avoided: PlanFigure
    /// Value points forgone over the window: the plan without the change minus the plan.
    package var valueForgone: Double
    /// What stopping the cell would avoid in today's plan (the carbon criterion), split by what it frees.
    package var avoidable: AvoidableCarbon
    package var reasons: [Reason]
    /// The weighted sum's rank of the cell (the MCDA's second opinion), 1 = best.
    package var mcdaRank: Int
    /// Share of local-robustness draws (weights ±20 %, factors drawn) in which the plan keeps this recommendation
    /// (``LocalRobustness``).
    package var holdsShare: Double
    package var isRobust: Bool
}

/// A service-level change of the plan: a lever, or the service switched off.
package struct ServiceRecommendation: Sendable, Codable {
    package var service: String
    /// `activate_with_optimisation` for a lever, `drop` (or `postpone` when no cell runs yet) when switched off.
    package var kind: RecommendationKind
    package var option: ServiceOption
    /// The plan with the service as today minus the plan, same draws.
    package var avoided: PlanFigure
    package var valueForgone: Double
    package var reasons: [Reason]
    /// Share of local-robustness draws in which the plan keeps this option (``LocalRobustness``).
    package var holdsShare: Double
    package var isRobust: Bool
}
