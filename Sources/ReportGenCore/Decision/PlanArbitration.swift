import Matrix

/// The plan that maximises value within the budget on the declared statistic, over every service option, cell cap
/// and co-location of two services on one GPU, and never grows stricter when the budget grows.
///
/// Method: for each service, every configuration (an option × a cap per cell, or off) is evaluated on the shared
/// draws and its window kgCO2e taken on the declared statistic; each service keeps its Pareto front (kgCO2e, value).
/// A cell's caps are the shares of `decisions.cap_levels` turned into files a month (share × the cell's mean forecast
/// over the window, rounded: the number the plan is evaluated with and the pack states), the numbers of
/// `decisions.cap_files_per_month`, and 0. The plan is the carbon-price (Lagrangian) solution: each group takes the
/// configuration that maximises value − price × kgCO2e, and the price is the lowest (found by bisection) at which the
/// whole plan — actuals to date plus the services' joint draws — meets the budget on the statistic. A bigger budget
/// needs a lower price, and a lower price never makes a configuration more frugal. It is exact wherever the plan lies
/// on the groups' convex hulls; the exact knapsack optimum on the same fronts (``paretoCombinations(_:budget:limit:)``,
/// judged on the joint draws) is computed beside it and its value shown, so the pack states any gap.
///
/// Co-location: a pair (host, guest) becomes one group whose configurations are the pairs of the two fronts run
/// apart, and the guest on the host's GPU for up to `decisions.colocation_front` configurations spread along each
/// front — feasible only where both models fit in the GPU's memory (`gpu_memory_gb.<model>`,
/// `vm.<vm>.gpu_memory_gb`) and their joint busy hours within the host's hours × target utilisation every month.
/// Pairings are chosen greedily: the pairs ranked by the kgCO2e sharing a GPU saves at full value, kept disjoint, then
/// the plan with the first k of them for k = 1, 2, … kept where it gains (fits first, then value, then less carbon).
/// At most services × (services − 1) pairs built and ⌊services ÷ 2⌋ + 1 solves: polynomial.
package struct PlanArbitration: Sendable {
    /// The recommended plan.
    package let plan: DecisionPlan
    /// Whether it meets the budget (always, unless no plan does: then the closest is shown).
    package let fits: Bool
    /// Configurations evaluated and combinations judged, for the pack.
    package let configurationsEvaluated: Int
    package let combinationsJudged: Int
    /// The carbon price (value points per kgCO2e) at which the plan fits; 0 when nothing needs restricting.
    package let carbonPrice: Double
    /// The value of the exact knapsack optimum on the same fronts (`nil` when no plan fits), against the plan's.
    package let exactValue: Double?
    package let planValue: Double
    /// Every configuration evaluated, per service (in ``PlanEvaluator/services`` order): its option, the share of
    /// each cell's value kept and its window kgCO2e per draw column, for the local robustness (``LocalRobustness``)
    /// to re-solve the plan draw by draw without evaluating the model again. Co-located pairs are not among them.
    package let configurations: [[PlanConfiguration]]
    /// The (host, guest) service ids co-located in the plan.
    package let coLocatedPairs: [(host: String, guest: String)]

    /// One service's part of a configuration.
    struct Assignment: Sendable {
        var service: Int
        var option: ServiceOption
        var caps: [DecisionPlan.Cap]
    }

    /// A way to run a group (one service, or a co-located pair): its services' parts and its carbon and value.
    struct Configuration: Sendable {
        var assignments: [Assignment]
        var candidate: PlanCandidate
    }

    /// - Throws: ``MatrixError/arbitrationTooLarge(what:found:limit:)`` when a service has more configurations
    ///   than `decisions.max_configurations_per_service`.
    package init(
        evaluator: PlanEvaluator, options: ServiceOptions, window: BudgetWindow, rules: DecisionRules
    ) throws {
        let statistic = DrawStatistic(percentile: window.config.quantile * 100, columns: evaluator.columns)
        let (fronts, everyConfiguration, serviceConfigurations) = try Self.serviceFronts(
            evaluator: evaluator, options: options, rules: rules, statistic: statistic)
        var evaluated = serviceConfigurations
        configurations = everyConfiguration
        // Co-located pairs: each (host, guest) with a feasible configuration, as a group. The pairs are worked on
        // every core and kept in (guest, host) order.
        var pairs: [(host: Int, guest: Int, guestOptions: [ServiceOption])] = []
        for (guest, config) in evaluator.services.enumerated() {
            let hosted = options.coLocations[config.id] ?? []
            for host in evaluator.services.indices where host != guest {
                let guestOptions = hosted.filter { $0.host == evaluator.services[host].id }
                if !guestOptions.isEmpty { pairs.append((host, guest, guestOptions)) }
            }
        }
        var pairGroups: [(host: Int, guest: Int, configurations: [Configuration])] = []
        var next = pairs.indices.makeIterator()
        _ = runBlocksInOrder(
            next: { next.next() }, batchSize: pairs.count, overlapsMerging: false,
            work: { [pairs] index in
                var count = 0
                let configurations = Self.pairConfigurations(
                    host: pairs[index].host, guest: pairs[index].guest, guestOptions: pairs[index].guestOptions,
                    fronts: fronts, evaluator: evaluator, options: options, rules: rules, statistic: statistic,
                    evaluated: &count)
                return (configurations, count)
            },
            merge: { index, result in
                evaluated += result.1
                if let configurations = result.0 {
                    pairGroups.append((pairs[index].host, pairs[index].guest, configurations))
                }
                return true
            })
        configurationsEvaluated = evaluated

        var judged = 0
        var best = try Self.solve(
            groups: fronts, evaluator: evaluator, window: window, judged: &judged)
        // Pairs by what sharing a GPU saves at full value, disjoint, greedily; then the plan with the first k of
        // them, k = 1, 2, …, kept where it gains.
        var ranked: [(index: Int, saving: Double)] = []
        for (index, pair) in pairGroups.enumerated() {
            if let saving = Self.saving(pair.configurations, apart: fronts[pair.host], fronts[pair.guest]), saving > 0 {
                ranked.append((index, saving))
            }
        }
        ranked.sort { ($0.saving, $1.index) > ($1.saving, $0.index) }
        var disjoint: [Int] = []
        var used = Set<Int>()
        for entry in ranked
        where !used.contains(pairGroups[entry.index].host) && !used.contains(pairGroups[entry.index].guest) {
            disjoint.append(entry.index)
            used.formUnion([pairGroups[entry.index].host, pairGroups[entry.index].guest])
        }
        var chosenPairs: [Int] = []
        for count in disjoint.indices {
            let pairs = Array(disjoint.prefix(count + 1))
            let paired = Set(pairs.flatMap { [pairGroups[$0].host, pairGroups[$0].guest] })
            var groups = fronts.indices.filter { !paired.contains($0) }.map { fronts[$0] }
            groups += pairs.map { pairGroups[$0].configurations }
            let solution = try Self.solve(groups: groups, evaluator: evaluator, window: window, judged: &judged)
            if solution.isBetter(than: best) {
                best = solution
                chosenPairs = pairs
            }
        }
        combinationsJudged = judged
        plan = best.plan
        fits = best.fits
        carbonPrice = best.price
        exactValue = best.exactValue
        planValue = best.value
        coLocatedPairs = chosenPairs.map {
            (evaluator.services[pairGroups[$0].host].id, evaluator.services[pairGroups[$0].guest].id)
        }
        .filter { pair in best.plan.option(pair.guest).host == pair.host }
    }
}

/// One configuration of a service as the local robustness reads it: its option, the share of each cell's whole-forecast
/// value it keeps (cap, service hours), and its window kgCO2e per draw column (central last).
package struct PlanConfiguration: Sendable {
    package var option: ServiceOption
    package var shares: [Double]
    package var window: [Double]
}
