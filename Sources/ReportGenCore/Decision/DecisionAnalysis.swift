import Foundation
import Matrix

/// The decision part of a pack: the cell matrix scored by every method, a recommendation per cell with its reasons,
/// effect and robustness, the budget arbitration and the what-if scenarios.
package struct DecisionAnalysis: Sendable {
    package let cellMatrix: CellDecisionMatrix
    /// WSM (min-max) first: its score drives the recommendations; then TOPSIS, VIKOR, PROMETHEE II.
    package let results: [MethodResult]
    package let recommendations: [Recommendation]
    package let levers: [CellKey: [OptimisationLever]]
    /// The budget-optimal plan: for each cell of ``cellMatrix``, the share of its forecast volume kept.
    package let arbitrationShares: [CellKey: Double]?
    /// Baseline, budget-optimal plan, then each what-if scenario.
    package let plans: [PlanOutcome]
    /// Reference factors read by the levers, for the pack's factor table.
    package let factorKeys: [String]

    package static let arbitrationLevels = [0.25, 0.5, 0.75, 1.0]

    package init(config: WorkspaceConfig, assessment: CarbonAssessment) throws {
        let cellMatrix = try CellDecisionMatrix(config: config, assessment: assessment)
        self.cellMatrix = cellMatrix
        let matrix = cellMatrix.matrix
        var scored: [MethodResult] = []
        for method in ScoringMethod.defaults { scored.append(try method.score(matrix)) }
        results = scored
        let rules = config.decisions
        let estimator = LeverEstimator(config: config, factors: assessment.factors, assessment: assessment)
        var levers: [CellKey: [OptimisationLever]] = [:]
        for cell in cellMatrix.cells { levers[cell] = estimator.levers(for: cell) }
        self.levers = levers
        factorKeys = Array(Set(levers.values.flatMap { $0.flatMap(\.factorKeys) })).sorted()
        let bestShares = cellMatrix.cells.map { levers[$0]?.map(\.savingShare).max() ?? 0 }
        let running = cellMatrix.cells.map { cell in
            assessment.model.cells.first { $0.key == cell }?.source == .usageLog
        }

        // Budget arbitration over volume levels.
        var shares: [CellKey: Double]?
        var plans: [PlanOutcome] = []
        let months = assessment.forecast.months
        let baseline = PlanOutcome.evaluate(
            name: "baseline", model: assessment.model, criteria: config.criteria, budget: config.budget,
            factors: assessment.factors, months: months,
            files: { cell, t in cell.files * pow1p(config.workload.growth(for: cell.key.language), t) },
            servicesOff: [], draws: max(100, config.uncertainty.draws / 10), seed: config.uncertainty.seed)
        plans.append(baseline)
        if let budget = config.budget.annualKgCO2e {
            var items: [ArbitrationItem] = []
            for (row, cell) in cellMatrix.cells.enumerated() {
                let annual = assessment.annualCentral(cell)
                let files = (1...12).reduce(0.0) {
                    $0 + cellMatrix.matrix.values[row][3] * pow1p(config.workload.growth(for: cell.language), $1)
                }
                let value = matrix.values[row][2] * matrix.values[row][4] / 5 * files
                items.append(
                    ArbitrationItem(
                        id: cell.description, group: cell.service,
                        options: Self.arbitrationLevels.map {
                            ArbitrationOption(
                                label: "\(Int($0 * 100)) %", value: value * $0, kgCO2e: annual.attributable * $0)
                        }))
            }
            let fixed = Dictionary(
                uniqueKeysWithValues: config.services.map { ($0.id, assessment.annualOverheadCentral($0.id)) })
            let plan = arbitrate(items: items, groupFixedKgCO2e: fixed, budget: budget)
            var chosen: [CellKey: Double] = [:]
            for (index, cell) in cellMatrix.cells.enumerated() {
                chosen[cell] = plan.choices[index].map { Self.arbitrationLevels[$0] } ?? 0
            }
            shares = chosen
            let off = Set(
                config.services.map(\.id).filter { id in
                    !cellMatrix.cells.contains { $0.service == id && (chosen[$0] ?? 0) > 0 }
                })
            plans.append(
                PlanOutcome.evaluate(
                    name: "arbitration", model: assessment.model, criteria: config.criteria,
                    budget: config.budget, factors: assessment.factors, months: months,
                    files: { cell, t in
                        cell.files * pow1p(config.workload.growth(for: cell.key.language), t) * (chosen[cell.key] ?? 0)
                    },
                    servicesOff: off, draws: max(100, config.uncertainty.draws / 10), seed: config.uncertainty.seed))
        }
        arbitrationShares = shares
        for scenario in config.scenarios {
            plans.append(WhatIfEvaluator.evaluate(scenario, config: config, assessment: assessment, draws: max(100, config.uncertainty.draws / 10)))
        }
        self.plans = plans

        // Recommendations, their robustness and effect.
        let wsm = scored[0]
        func kinds(_ scores: [Double]) -> [RecommendationKind] {
            scores.indices.map {
                classify(score: scores[$0], isRunning: running[$0], bestLeverShare: bestShares[$0], rules: rules)
            }
        }
        let baseKinds = kinds(wsm.scores)
        let holds = try acceptability(
            matrix, draws: rules.robustnessDraws, seed: config.uncertainty.seed,
            perturb: { draw, _ in cellMatrix.values(draw: draw, annualSamples: assessment.annualCellTotals) },
            outcome: { (drawn: DecisionMatrix) throws(MatrixError) -> [RecommendationKind] in
                kinds(try ScoringMethod.weightedSum(.minMax).score(drawn).scores)
            })
        let totalAnnual = cellMatrix.cells.reduce(0) { $0 + assessment.annualCentral($1).total }
        var recommendations: [Recommendation] = []
        for (row, cell) in cellMatrix.cells.enumerated() {
            let intervals = try weightIntervals(matrix) {
                (drawn: DecisionMatrix) throws(MatrixError) -> RecommendationKind in
                kinds(try ScoringMethod.weightedSum(.minMax).score(drawn).scores)[row]
            }
            let kind = baseKinds[row]
            let best = levers[cell]?.max { $0.savedKg < $1.savedKg }
            let annual = assessment.annualCentral(cell)
            let modelIndex = cellMatrix.modelIndices[row]
            let lastOfService = !cellMatrix.cells.enumerated().contains { other in
                other.element.service == cell.service && other.offset != row
                    && [.activate, .activateWithOptimisation, .restrict].contains(baseKinds[other.offset])
            }
            let serviceIndex = assessment.model.specs.firstIndex { $0.service.id == cell.service } ?? 0
            var cap: Double?
            var removedShare = 0.0
            switch kind {
            case .activate: removedShare = 0
            case .activateWithOptimisation: removedShare = 0
            case .restrict:
                let kept = shares?[cell].flatMap { $0 < 1 ? $0 : nil } ?? 0.0
                let files = matrix.values[row][3]
                let annualFiles = (1...12).reduce(0.0) {
                    $0 + files * pow1p(config.workload.growth(for: cell.language), $1)
                }
                cap = kept > 0 ? (annualFiles * kept / 12).rounded() : files.rounded()
                removedShare = max(0, 1 - (cap ?? files) * 12 / max(annualFiles, 1e-9))
            case .postpone, .drop: removedShare = 1
            }
            // Avoided carbon per draw: the removed share of the cell's attributable emissions, plus its service's
            // idle and embodied emissions when no other cell of the service keeps running.
            func avoided(attributable: Double, overhead: Double) -> Double {
                var value = removedShare * attributable
                if removedShare == 1, lastOfService { value += overhead }
                if kind == .activateWithOptimisation, let best, annual.total > 0 {
                    value = best.savedKg * attributable / max(annual.attributable, 1e-12)
                }
                return value
            }
            let samples =
                assessment.annualCellAttributable.indices.contains(modelIndex)
                ? assessment.annualCellAttributable[modelIndex] : []
            let overheadSamples =
                assessment.annualServiceOverhead.indices.contains(serviceIndex)
                ? assessment.annualServiceOverhead[serviceIndex] : []
            let drawn = samples.indices.map {
                avoided(
                    attributable: samples[$0], overhead: overheadSamples.indices.contains($0) ? overheadSamples[$0] : 0)
            }
            let central =
                kind == .activateWithOptimisation
                ? (best?.savedKg ?? 0)
                : avoided(attributable: annual.attributable, overhead: assessment.annualOverheadCentral(cell.service))
            let value = matrix.values[row][2] * matrix.values[row][4] / 5
            let annualFiles = (1...12).reduce(0.0) {
                $0 + matrix.values[row][3] * pow1p(config.workload.growth(for: cell.language), $1)
            }
            var reasons = Self.reasons(
                row: row, kind: kind, score: wsm.scores[row], rank: wsm.ranks[row], matrix: matrix, rules: rules,
                isRunning: running[row], carbonShare: totalAnnual > 0 ? annual.total / totalAnnual : 0, lever: best,
                cap: cap)
            if let share = shares?[cell], config.budget.annualKgCO2e != nil {
                reasons.append(
                    share == 0
                        ? Reason(key: "reason_arbitration_drops")
                        : Reason(
                            key: "reason_arbitration_keeps", values: ["share": String(format: "%.0f", share * 100)]))
            }
            let holdsShare = holds[row]
            if holdsShare < rules.robustness {
                reasons.append(
                    Reason(key: "reason_not_robust", values: ["holds": String(format: "%.0f", holdsShare * 100)]))
            }
            recommendations.append(
                Recommendation(
                    cell: cell, kind: kind, score: wsm.scores[row], rank: wsm.ranks[row],
                    lever: kind == .activateWithOptimisation ? best : nil, capFilesPerMonth: cap, reasons: reasons,
                    avoidedKg: central, avoidedP5: drawn.isEmpty ? central : percentile(drawn, 5),
                    avoidedP95: drawn.isEmpty ? central : percentile(drawn, 95),
                    valueForgone: value * annualFiles * removedShare, holdsShare: holdsShare,
                    isRobust: holdsShare >= rules.robustness, weightIntervals: intervals))
        }
        self.recommendations = recommendations
    }

    private static func reasons(
        row: Int, kind: RecommendationKind, score: Double, rank: Int, matrix: DecisionMatrix, rules: DecisionRules,
        isRunning: Bool, carbonShare: Double, lever: OptimisationLever?, cap: Double?
    ) -> [Reason] {
        let scoreText = String(format: "%.3f", score)
        var reasons: [Reason] = []
        switch kind {
        case .activate, .activateWithOptimisation:
            reasons.append(
                Reason(
                    key: "reason_score_above",
                    values: [
                        "score": scoreText, "threshold": String(format: "%.2f", rules.activateScore), "rank": "\(rank)",
                        "count": "\(matrix.alternativeCount)",
                    ]))
        case .restrict:
            reasons.append(
                Reason(
                    key: "reason_score_between",
                    values: [
                        "score": scoreText, "low": String(format: "%.2f", rules.dropScore),
                        "high": String(format: "%.2f", rules.activateScore), "rank": "\(rank)",
                        "count": "\(matrix.alternativeCount)",
                    ]))
        case .postpone, .drop:
            reasons.append(
                Reason(
                    key: "reason_score_below",
                    values: [
                        "score": scoreText, "threshold": String(format: "%.2f", rules.dropScore), "rank": "\(rank)",
                        "count": "\(matrix.alternativeCount)",
                    ]))
        }
        if let normalised = try? Normalisation.minMax.apply(to: matrix) {
            let contributions = matrix.criteria.indices.map { normalised[row][$0] * matrix.weights[$0] }
            let missed = matrix.criteria.indices.map { (1 - normalised[row][$0]) * matrix.weights[$0] }
            if let strongest = contributions.indices.max(by: { contributions[$0] < contributions[$1] }) {
                reasons.append(Reason(key: "reason_strongest", values: ["criterion": matrix.criteria[strongest].id]))
            }
            if let weakest = missed.indices.max(by: { missed[$0] < missed[$1] }), missed[weakest] > 0 {
                reasons.append(Reason(key: "reason_weakest", values: ["criterion": matrix.criteria[weakest].id]))
            }
        }
        reasons.append(Reason(key: "reason_carbon_share", values: ["share": String(format: "%.1f", carbonShare * 100)]))
        if !isRunning { reasons.append(Reason(key: "reason_not_running")) }
        if let lever {
            reasons.append(
                Reason(
                    key: "reason_lever",
                    values: ["lever": lever.detail, "saving": String(format: "%.0f", lever.savingShare * 100)]))
        }
        if let cap { reasons.append(Reason(key: "reason_cap", values: ["cap": String(format: "%.0f", cap)])) }
        return reasons
    }
}
