import Matrix

/// What the pack recommends for a cell.
package enum RecommendationKind: String, Sendable, Codable, CaseIterable {
    case activate
    case activateWithOptimisation = "activate_optimised"
    case restrict
    case postpone
    case drop
}

/// One reason, as a translation key with the values to put in it.
package struct Reason: Sendable, Hashable, Codable {
    package var key: String
    package var values: [String: String] = [:]
}

/// The recommendation for one cell, its reasons, effect and robustness.
package struct Recommendation: Sendable, Codable {
    package var cell: CellKey
    package var kind: RecommendationKind
    package var score: Double
    package var rank: Int
    package var lever: OptimisationLever?
    /// For `restrict`: the files a month to cap at.
    package var capFilesPerMonth: Double?
    package var reasons: [Reason]
    /// kgCO2e a year avoided against running the cell as forecast: central, P5, P95.
    package var avoidedKg: Double
    package var avoidedP5: Double
    package var avoidedP95: Double
    /// Business value forgone a year: value points (business value × language priority ÷ 5 × files).
    package var valueForgone: Double
    /// Share of joint weight and carbon draws in which the recommendation holds.
    package var holdsShare: Double
    package var isRobust: Bool
    package var weightIntervals: [WeightInterval]
}

/// The rule that turns a weighted-sum score into a recommendation (thresholds from `decisions:` in the config):
/// score ≥ activate → activate, or activate with optimisation when a lever saves at least `optimisation_saving` of
/// the cell's emissions; drop ≤ score < activate → restrict; score < drop → drop, or postpone when the cell does not
/// run yet (it is planned from the workload assumptions).
func classify(score: Double, isRunning: Bool, bestLeverShare: Double, rules: DecisionRules) -> RecommendationKind {
    if score >= rules.activateScore {
        return bestLeverShare >= rules.optimisationSaving ? .activateWithOptimisation : .activate
    }
    if score >= rules.dropScore { return .restrict }
    return isRunning ? .drop : .postpone
}
