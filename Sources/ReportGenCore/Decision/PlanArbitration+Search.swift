import Matrix

/// The stages of the arbitration after the services' fronts: each co-located pair's, and the carbon-price solve.
extension PlanArbitration {
    /// A solved set of groups: the plan, whether it fits, its value and carbon on the statistic.
    struct Solution: Sendable {
        var plan: DecisionPlan
        var fits: Bool
        var value: Double
        var statisticKg: Double
        var price: Double
        var exactValue: Double?

        /// Fits first, then more value, then less carbon (a relative margin absorbs rounding).
        func isBetter(than other: Solution) -> Bool {
            if fits != other.fits { return fits }
            let scale = max(1, abs(value), abs(other.value))
            if abs(value - other.value) > 1e-9 * scale { return value > other.value }
            return statisticKg < other.statisticKg - 1e-9 * max(1, abs(other.statisticKg))
        }
    }

    /// A cell's caps: its whole forecast first, then files a month from `cap_levels` (share × the mean forecast,
    /// rounded) and `cap_files_per_month` below its busiest month, then 0; a cell without forecast files keeps only
    /// its whole forecast.
    static func capChoices(service: Int, cell: Int, evaluator: PlanEvaluator, rules: DecisionRules)
        -> [DecisionPlan.Cap]
    {
        let files = evaluator.files[service][cell]
        guard let peak = files.max(), peak > 0 else { return [.share(1)] }
        let mean = files.reduce(0, +) / Double(max(1, files.count))
        var numbers = Set<Double>()
        for share in rules.capLevels where share > 0 && share < 1 {
            let cap = (share * mean).rounded()
            if cap >= 1 && cap < peak { numbers.insert(cap) }
        }
        for cap in rules.capFilesPerMonth where cap >= 1 && cap < peak { numbers.insert(cap.rounded()) }
        return [.share(1)] + numbers.sorted(by: >).map { .filesPerMonth($0) } + [.share(0)]
    }

    /// Up to `count` configurations spread evenly along a front (its ends included).
    static func spread(_ front: [Configuration], count: Int) -> [Configuration] {
        guard front.count > count, count > 1 else { return front }
        let step = Double(front.count - 1) / Double(count - 1)
        return Set((0..<count).map { Int((Double($0) * step).rounded()) }).sorted().map { front[$0] }
    }

    /// A co-located pair's group: the two fronts run apart (every pair of configurations) and the guest on the host's
    /// GPU, on the pair's Pareto front; `nil` when no co-located configuration is feasible.
    static func pairConfigurations(
        host: Int, guest: Int, guestOptions: [ServiceOption], fronts: [[Configuration]], evaluator: PlanEvaluator,
        options: ServiceOptions, rules: DecisionRules, statistic: DrawStatistic, evaluated: inout Int
    ) -> [Configuration]? {
        let hostConfig = evaluator.services[host]
        let guestConfig = evaluator.services[guest]
        var together: [Configuration] = []
        let hosts = spread(fronts[host].filter { !$0.assignments[0].option.isDropped }, count: rules.colocationFront)
        let guests = spread(fronts[guest].filter { !$0.assignments[0].option.isDropped }, count: rules.colocationFront)
        // The guest's shares, then (on first use) its load and value under each option: the same for every host entry.
        let guestShares = guests.map { entry in
            entry.assignments[0].caps.indices.map {
                evaluator.capShares(entry.assignments[0].caps[$0], service: guest, cell: $0)
            }
        }
        typealias Load = (busy: [Double], attributable: [Double])
        var guestLoads = [[(load: Load, value: Double)??]](
            repeating: [(load: Load, value: Double)??](repeating: nil, count: guests.count), count: guestOptions.count)
        func guestPart(_ option: Int, _ entry: Int) -> (load: Load, value: Double)? {
            if let known = guestLoads[option][entry] { return known }
            let shares = guestShares[entry]
            let computed = evaluator.load(service: guest, option: guestOptions[option], shares: shares).map {
                (load: $0, value: evaluator.value(service: guest, option: guestOptions[option], shares: shares))
            }
            guestLoads[option][entry] = .some(computed)
            return computed
        }
        for hostEntry in hosts {
            let hostPart = hostEntry.assignments[0]
            let hostShares = hostPart.caps.indices.map {
                evaluator.capShares(hostPart.caps[$0], service: host, cell: $0)
            }
            guard let hostVariant = evaluator.variantIndex(service: host, option: hostPart.option),
                let hostLoad = evaluator.load(service: host, option: hostPart.option, shares: hostShares)
            else { continue }
            let variant = evaluator.variants[host][hostVariant]
            let hours = evaluator.hoursPerVM(variant, option: hostPart.option)
            let hostValue = evaluator.value(service: host, option: hostPart.option, shares: hostShares)
            for (optionIndex, guestOption) in guestOptions.enumerated() {
                guard
                    options.memoryFits(
                        hostPart.option.model ?? hostConfig.model, guestOption.model ?? guestConfig.model,
                        vm: hostConfig.hardware.vm)
                else { continue }
                for (entryIndex, guestEntry) in guests.enumerated() {
                    guard let (guestLoad, guestValue) = guestPart(optionIndex, entryIndex) else { continue }
                    // One GPU: the joint busy hours (central evaluation) within the host's hours × target utilisation.
                    let fitsTime = evaluator.months.indices.allSatisfy { month in
                        let index = month * evaluator.columns + evaluator.draws
                        return hostLoad.busy[index] + guestLoad.busy[index]
                            <= hours[month] * evaluator.targetUtilisation * Double(max(1, variant.vmCount))
                    }
                    guard fitsTime else { continue }
                    let totals = evaluator.pairWindowTotals(
                        host: host, hostOption: hostPart.option, hostShares: hostShares, hostLoad: hostLoad,
                        guestLoad: guestLoad)
                    let caps = guestEntry.assignments[0].caps
                    together.append(
                        Configuration(
                            assignments: [hostPart, Assignment(service: guest, option: guestOption, caps: caps)],
                            candidate: PlanCandidate(kgCO2e: statistic(totals), value: hostValue + guestValue)))
                    evaluated += 1
                }
            }
        }
        guard !together.isEmpty else { return nil }
        var all = together
        for a in fronts[host] {
            for b in fronts[guest] {
                all.append(
                    Configuration(
                        assignments: a.assignments + b.assignments,
                        candidate: PlanCandidate(
                            kgCO2e: a.candidate.kgCO2e + b.candidate.kgCO2e,
                            value: a.candidate.value + b.candidate.value)))
            }
        }
        return paretoFront(all.map(\.candidate)).map { all[$0] }
    }

    /// What sharing a GPU saves at full value: the two services run apart at their most value (each front's last
    /// configuration), less the least kgCO2e of the pair together at that value or more; `nil` when no co-located
    /// configuration reaches it.
    static func saving(_ configurations: [Configuration], apart: [Configuration], _ other: [Configuration]) -> Double? {
        guard let a = apart.last?.candidate, let b = other.last?.candidate else { return nil }
        let top = a.value + b.value
        let margin = 1e-9 * max(1, abs(top))
        let together = configurations.filter {
            $0.assignments.count == 2 && $0.assignments[1].option.host != nil && $0.candidate.value >= top - margin
        }
        guard let kg = together.map(\.candidate.kgCO2e).min() else { return nil }
        return a.kgCO2e + b.kgCO2e - kg
    }

    /// The plan of one configuration per group.
    static func plan(_ groups: [[Configuration]], _ choices: [Int], evaluator: PlanEvaluator) -> DecisionPlan {
        var plan = DecisionPlan()
        for (group, choice) in zip(groups, choices) {
            for part in group[choice].assignments {
                let id = evaluator.services[part.service].id
                if !part.option.isAsIs { plan.options[id] = part.option }
                guard !part.option.isDropped else { continue }
                for (cell, cap) in part.caps.enumerated() where cap != .share(1) {
                    plan.caps[evaluator.cells[part.service][cell]] = cap
                }
            }
        }
        return plan
    }

    /// The carbon-price solution over the groups, and the exact knapsack optimum's value beside it.
    static func solve(
        groups: [[Configuration]], evaluator: PlanEvaluator, window: BudgetWindow, judged: inout Int
    ) throws -> Solution {
        let candidates = groups.map { $0.map(\.candidate) }
        let budget = window.config.annualKgCO2e ?? .infinity
        func verdict(_ choices: [Int]) -> BudgetVerdict {
            BudgetVerdict(
                window: window, monthly: evaluator.monthly(plan(groups, choices, evaluator: evaluator)),
                columns: evaluator.columns)
        }
        var count = 0
        func meets(_ choices: [Int]) -> Bool {
            count += 1
            return verdict(choices).statisticKg <= budget
        }
        /// Each group's configuration maximising value − price × kgCO2e (ties to the lower carbon).
        func choose(_ price: Double) -> [Int] {
            candidates.map { front in
                var best = 0
                for index in front.indices
                where front[index].value - price * front[index].kgCO2e > front[best].value - price * front[best].kgCO2e
                {
                    best = index
                }
                return best
            }
        }
        var chosen: [Int]?
        var price = 0.0
        let free = choose(0)
        if meets(free) {
            chosen = free
        } else {
            var high = 1.0
            while !meets(choose(high)), high < 1e12 { high *= 4 }
            if high < 1e12 || meets(choose(high)) {
                var low = high > 1 ? high / 4 : 0
                for _ in 0..<48 {
                    let middle = (low + high) / 2
                    if meets(choose(middle)) { high = middle } else { low = middle }
                }
                chosen = choose(high)
                price = high
            }
        }
        // The exact optimum on the same fronts, for the pack: the best combination on the sum of the groups'
        // statistics within a working budget, judged on the joint draws, the working budget lowered by the excess
        // while the joint figure exceeds the budget.
        var exact: [Int]? = chosen == free ? free : nil
        var working = budget - window.yearToDateKg
        var tried = 0
        while exact == nil, working >= 0, tried < 32 {
            tried += 1
            guard let first = try paretoCombinations(candidates, budget: working, limit: 20_000_000).first else {
                break
            }
            let joint = verdict(first.choices).statisticKg
            count += 1
            if joint <= budget { exact = first.choices } else { working -= max(joint - budget, 1e-6 * max(1, budget)) }
        }
        judged += count
        // No plan fits: the closest is every group at its least-carbon configuration.
        let final = chosen ?? candidates.map { _ in 0 }
        return Solution(
            plan: plan(groups, final, evaluator: evaluator), fits: chosen != nil,
            value: zip(candidates, final).reduce(0) { $0 + $1.0[$1.1].value },
            statisticKg: verdict(final).statisticKg, price: price,
            exactValue: exact.map { choices in zip(candidates, choices).reduce(0) { $0 + $1.0[$1.1].value } })
    }
}
