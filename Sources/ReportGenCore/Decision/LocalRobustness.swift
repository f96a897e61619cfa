import Foundation
import Matrix

/// Local robustness: for each recommendation, the share of draws in which it holds when the plan is solved again in
/// that draw's world, with the MCDA weights perturbed around the declared ones and the factors drawn from their
/// ranges.
///
/// Draw `r` takes column `r` of the plan evaluator's Monte Carlo draws (the factors every plan is judged on) and
/// multiplies each declared weight by an independent uniform factor in 1 ± ``perturbation``, then renormalises. The
/// weights reach the plan through its value model: a file is worth business value^a × language priority^b ÷ 5, where
/// a and b are the drawn weights of those criteria over their declared ones (a = b = 1 gives the declared value
/// model); the carbon, intensity and volume weights move a and b only through the renormalisation, since the budget,
/// not a weight, prices carbon. In each draw the plan is the carbon-price solution over every configuration the
/// arbitration evaluated (their window kgCO2e taken in that draw, no evaluation of the model again), judged on the
/// draw's own figure: actuals to date + the plan's kgCO2e within the budget.
///
/// A cell's recommendation holds when the draw's plan gives it the same kind (and, for `activate with optimisation`,
/// the same lever); a service's when the draw's plan gives it the same option.
/// - Complexity: O(draws × (configurations × cells + services × configurations × log configurations)).
package struct LocalRobustness: Sendable {
    /// The relative perturbation of each weight: ±20 %.
    package static let perturbation = 0.2

    /// Draws used: `decisions.robustness_draws`, at most the plan evaluator's draws (its factor columns).
    package let draws: Int
    /// Cell → share of draws (0…1) in which its recommendation holds.
    package let cells: [CellKey: Double]
    /// Service id → share of draws in which its option holds.
    package let services: [String: Double]

    /// - Parameters:
    ///   - declared: each cell's recommendation kind and lever id in the recommended plan.
    ///   - running: the cells that run today (a stopped cell is `drop`, a planned one `postpone`).
    ///   - weights: criterion id → declared normalised weight.
    ///   - businessValues: service id → business value (1–5); `languagePriorities`: language → priority (1–5).
    package init(
        arbitration: PlanArbitration, evaluator: PlanEvaluator, window: BudgetWindow, plan: DecisionPlan,
        declared: [CellKey: (kind: RecommendationKind, lever: String?)], running: Set<CellKey>,
        weights: [(id: String, weight: Double)], businessValues: [String: Double],
        languagePriorities: [String: Double], draws requested: Int, seed: UInt64
    ) {
        let draws = max(0, min(requested, evaluator.draws))
        self.draws = draws
        let configurations = arbitration.configurations
        let serviceCount = min(configurations.count, evaluator.services.count)
        guard draws > 0, serviceCount > 0 else {
            cells = Dictionary(uniqueKeysWithValues: declared.keys.map { ($0, 1) })
            services = Dictionary(uniqueKeysWithValues: evaluator.services.map { ($0.id, 1) })
            return
        }
        let budget = window.config.annualKgCO2e ?? .infinity
        let room = budget - window.yearToDateKg
        let businessIndex = weights.firstIndex { $0.id == CellCriterion.businessValue.id }
        let priorityIndex = weights.firstIndex { $0.id == CellCriterion.languagePriority.id }
        // Per service and cell: its whole-forecast value, and ln(business value), ln(priority) for the exponents.
        var fullValues: [[Double]] = []
        var logBusiness: [[Double]] = []
        var logPriority: [[Double]] = []
        for service in 0..<serviceCount {
            let keys = evaluator.cells[service]
            fullValues.append(keys.map { evaluator.fullValue($0) })
            logBusiness.append(keys.map { log(max(businessValues[$0.service] ?? 3, 1e-9)) })
            logPriority.append(keys.map { log(max(languagePriorities[$0.language] ?? 3, 1e-9)) })
        }
        var cellHolds = [[Int]](repeating: [], count: serviceCount)
        for service in 0..<serviceCount {
            cellHolds[service] = [Int](repeating: 0, count: evaluator.cells[service].count)
        }
        var serviceHolds = [Int](repeating: 0, count: serviceCount)
        var generator = SeededGenerator(seed: seed ^ 0x524F_4255_5354_0001)
        // Each draw's value exponents, drawn in draw order from the one generator; then each draw's plan, blocks of
        // draws solved on every core; then the holds, counted in draw order.
        var exponents: [(business: Double, priority: Double)] = []
        for _ in 0..<draws {
            var drawn = weights.map { $0.weight * (1 + Self.perturbation * (2 * generator.unit() - 1)) }
            let total = drawn.reduce(0, +)
            if total > 0 { drawn = drawn.map { $0 / total } }
            func ratio(_ index: Int?) -> Double {
                guard let index, weights[index].weight > 0 else { return 1 }
                return drawn[index] / weights[index].weight
            }
            exponents.append((ratio(businessIndex) - 1, ratio(priorityIndex) - 1))
        }
        let space = DrawSpace(
            configurations: Array(configurations.prefix(serviceCount)), fullValues: fullValues,
            logBusiness: logBusiness, logPriority: logPriority, room: room)
        var choices: [[Int]] = []
        let blocks = stride(from: 0, to: draws, by: DrawSpace.tileDraws).map {
            $0..<min($0 + DrawSpace.tileDraws, draws)
        }
        var next = blocks.makeIterator()
        _ = runBlocksInOrder(
            next: { next.next() }, batchSize: blocks.count, overlapsMerging: false,
            work: { [exponents] range in space.choices(draws: range, exponents: exponents) },
            merge: { _, block in
                choices += block
                return true
            })
        for choice in choices {
            for service in 0..<serviceCount {
                let configuration = configurations[service][choice[service]]
                let id = evaluator.services[service].id
                if configuration.option.id == plan.option(id).id { serviceHolds[service] += 1 }
                for (index, cell) in evaluator.cells[service].enumerated() {
                    guard let expected = declared[cell] else { continue }
                    let share = configuration.shares.indices.contains(index) ? configuration.shares[index] : 1
                    let kind = Self.kind(
                        option: configuration.option, share: share, isRunning: running.contains(cell))
                    let lever = kind == .activateWithOptimisation ? configuration.option.id : nil
                    if kind == expected.kind, lever == expected.lever { cellHolds[service][index] += 1 }
                }
            }
        }
        var cells: [CellKey: Double] = [:]
        for service in 0..<serviceCount {
            for (index, cell) in evaluator.cells[service].enumerated() where declared[cell] != nil {
                cells[cell] = Double(cellHolds[service][index]) / Double(draws)
            }
        }
        self.cells = cells
        services = Dictionary(
            uniqueKeysWithValues: (0..<serviceCount).map {
                (evaluator.services[$0].id, Double(serviceHolds[$0]) / Double(draws))
            })
    }

    /// A cell's recommendation under a service option and the share of its forecast kept, as
    /// ``PlanRecommendations`` derives it: off or stopped is `drop` (`postpone` for a cell not running yet), a share
    /// under 1 `restrict`, the whole forecast `activate` (`activate with optimisation` under a lever).
    package static func kind(option: ServiceOption, share: Double, isRunning: Bool) -> RecommendationKind {
        if option.isDropped || share <= 0 { return isRunning ? .drop : .postpone }
        if share < 1 { return .restrict }
        return option.isAsIs ? .activate : .activateWithOptimisation
    }
}
