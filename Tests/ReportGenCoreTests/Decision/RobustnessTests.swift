import Foundation
import Matrix
import Testing

@testable import ReportGenCore

/// Issue 11, Deliver 7 (and 6's checks): the local robustness of the recommendations, the SMAA acceptability, the
/// methodological scenarios and the tornado, on the shared demo (400 draws, so 100 plan draws) and variations.
@Suite struct RobustnessTests {
    func analysis(_ change: (inout WorkspaceConfig) -> Void = { _ in }) throws -> DecisionAnalysis {
        let content = try SharedDemo.content()
        var config = content.config
        change(&config)
        return try DecisionAnalysis(config: config, period: content.period, assessment: content.carbon)
    }

    // MARK: Local robustness

    @Test func localRobustnessIsAShareOfTheSharedDrawsForEveryRecommendation() throws {
        let decisions = try SharedDemo.content().decisions
        // robustness_draws is 2,000 by default, bounded by the plan evaluation's draws: max(100, 400 ÷ 10) = 100.
        #expect(decisions.localRobustness.draws == 100)
        #expect(decisions.recommendations.count == decisions.cellMatrix.cells.count)
        for r in decisions.recommendations {
            let share = try #require(decisions.localRobustness.cells[r.cell])
            #expect(share >= 0 && share <= 1)
            #expect(r.holdsShare == share)
            #expect(r.isRobust == (share >= 0.70))
            // A share of 100 draws is a whole number of draws.
            #expect((share * 100).rounded() == share * 100)
        }
        for r in decisions.serviceRecommendations {
            #expect(r.holdsShare >= 0 && r.holdsShare <= 1)
        }
    }

    @Test func localRobustnessIsSeededAndDeterministic() throws {
        // The decision stage run again on the shared demo's assessment gives the same shares to the last bit.
        let a = try SharedDemo.content().decisions
        let b = try analysis()
        #expect(a.localRobustness.cells == b.localRobustness.cells)
        #expect(a.localRobustness.services == b.localRobustness.services)
        #expect(a.smaa.rankAcceptability == b.smaa.rankAcceptability)
    }

    @Test func withOnlyAsTodayOrOffAndABudgetFarAboveEveryRecommendationHoldsInEveryDraw() throws {
        // Without levers a service runs as today or is off; at 10⁶ kg the plan of most value (everything as today)
        // fits every draw whatever the weights, so each draw's plan is the declared one: 100 of 100 draws.
        let decisions = try analysis {
            $0.decisions.levers = []
            $0.budget.annualKgCO2e = 1_000_000
        }
        #expect(decisions.recommendations.allSatisfy { $0.kind == .activate })
        #expect(decisions.localRobustness.cells.values.allSatisfy { $0 == 1 })
        #expect(decisions.localRobustness.services.values.allSatisfy { $0 == 1 })
    }

    @Test func whenNoPlanFitsAnyDrawTheClosestHoldsInEveryDraw() throws {
        // 1 kg is below the actuals to date alone (January–March, about 117 kg): no plan fits any draw, and the
        // closest is every service off (0 kg of forecast) in each draw as on the statistic.
        let decisions = try analysis { $0.budget.annualKgCO2e = 1 }
        #expect(!decisions.arbitration.fits)
        #expect(decisions.recommendations.allSatisfy { $0.kind >= .postpone })
        #expect(decisions.localRobustness.cells.values.allSatisfy { $0 == 1 })
    }

    @Test func theDeclaredKindOfACellFollowsItsOptionAndShare() {
        let lever = ServiceOption(levers: [.scaleToZero], detail: "")
        #expect(LocalRobustness.kind(option: .asIs, share: 1, isRunning: true) == .activate)
        #expect(LocalRobustness.kind(option: lever, share: 1, isRunning: true) == .activateWithOptimisation)
        #expect(LocalRobustness.kind(option: lever, share: 0.5, isRunning: true) == .restrict)
        #expect(LocalRobustness.kind(option: .asIs, share: 0, isRunning: true) == .drop)
        #expect(LocalRobustness.kind(option: .dropped, share: 1, isRunning: false) == .postpone)
    }

    // MARK: SMAA acceptability

    @Test func smaaGivesHalfTheSimplexToEachOfTwoMirrorAlternatives() throws {
        // Two alternatives, two benefit criteria: A is best on the first, B on the second. Min-max gives A (1, 0)
        // and B (0, 1), so A ranks first exactly when w₁ > w₂: half of the uniform simplex (±3 standard errors of
        // 2,000 draws: 3 × √(0.25 ÷ 2,000) ≈ 0.034).
        let matrix = try DecisionMatrix(
            alternatives: ["A", "B"],
            criteria: [
                Criterion(id: "c1", direction: .benefit, rawWeight: 0.6),
                Criterion(id: "c2", direction: .benefit, rawWeight: 0.4),
            ], values: [[10, 1], [2, 5]])
        let smaa = try SMAAAcceptability(matrix: matrix, ranks: [1, 2], draws: 2000, seed: 7)
        #expect(abs(smaa.firstRankAcceptability[0] - 0.5) < 0.034)
        #expect(abs(smaa.rankAcceptability[1] - 0.5) < 0.034)
        #expect(abs(smaa.firstRankAcceptability[0] + smaa.firstRankAcceptability[1] - 1) < 1e-12)
    }

    @Test func smaaGivesADominatingAlternativeTheFirstRankEverywhere() throws {
        let matrix = try DecisionMatrix(
            alternatives: ["A", "B", "C"],
            criteria: [
                Criterion(id: "c1", direction: .benefit, rawWeight: 1),
                Criterion(id: "c2", direction: .cost, rawWeight: 1),
            ], values: [[9, 1], [5, 3], [4, 8]])
        let smaa = try SMAAAcceptability(matrix: matrix, ranks: [1, 2, 3], draws: 500, seed: 1)
        #expect(smaa.rankAcceptability == [1, 1, 1])
        #expect(smaa.firstRankAcceptability == [1, 0, 0])
    }

    // MARK: Item 6's checks

    @Test func aConstantCriterionIsDroppedWithAWarning() throws {
        let content = try SharedDemo.content()
        var config = content.config
        for index in config.services.indices { config.services[index].businessValue = 3 }
        let (matrix, _, warnings) = try DecisionAnalysis.secondOpinion(
            config: config, assessment: content.carbon, evaluator: content.decisions.evaluator,
            avoidable: content.decisions.avoidable)
        #expect(matrix.droppedCriteria == ["business_value"])
        #expect(!matrix.matrix.criteria.contains { $0.id == "business_value" })
        #expect(warnings.contains(Reason(key: "warning_constant_criterion", values: ["criterion": "business_value"])))
    }

    @Test func aMethodThatReversesTheRankingIsFlaggedAndOneThatSwapsTwoIsNot() throws {
        let matrix = try DecisionMatrix(
            alternatives: ["a", "b", "c", "d"], criteria: [Criterion(id: "x", direction: .benefit, rawWeight: 1)],
            values: [[4], [3], [2], [1]])
        // Reversed ranks: ρ = −1. Two neighbours swapped: Σd² = 2, ρ = 1 − 6 × 2 ÷ (4 × 15) = 0.8, above 0.5.
        let warnings = matrixWarnings(
            matrix: matrix,
            rankings: [("wsm", [1, 2, 3, 4]), ("topsis", [4, 3, 2, 1]), ("vikor", [1, 2, 4, 3])])
        #expect(warnings == [Reason(key: "warning_methods_disagree", values: ["method": "topsis", "rho": "-1.00"])])
        #expect(abs(spearman([1, 2, 3, 4], [1, 2, 4, 3]) - 0.8) < 1e-12)
    }

    @Test func twoStronglyCorrelatedCriteriaAreFlaggedAsRedundant() throws {
        // x = 1…4 and y = 2, 4, 6, 8.5: r ≈ 0.998. z = 1, −1, 1, −1: cov(x, z) = −2, var x = 5, var z = 4,
        // r = −2 ÷ √20 ≈ −0.447, not flagged.
        let matrix = try DecisionMatrix(
            alternatives: ["a", "b", "c", "d"],
            criteria: ["x", "y", "z"].map { Criterion(id: $0, direction: .benefit, rawWeight: 1) },
            values: [[1, 2, 1], [2, 4, -1], [3, 6, 1], [4, 8.5, -1]])
        let warnings = matrixWarnings(matrix: matrix, rankings: [("wsm", [4, 3, 2, 1])])
        #expect(warnings.map(\.key) == ["warning_redundant_criteria"])
        #expect(warnings.first?.values["a"] == "x" && warnings.first?.values["b"] == "y")
        #expect(abs(pearson([1, 2, 3, 4], [1, -1, 1, -1]) + 2 / 20.0.squareRoot()) < 1e-12)
    }
}
