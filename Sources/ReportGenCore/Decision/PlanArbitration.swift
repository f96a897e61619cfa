import Matrix

/// The options a service may run under in a plan: as today, each allowed lever (alone, and with scale-to-zero), and
/// off.
package struct ServiceOptions: Sendable {
    /// Service id → its options, as today first and off last.
    package let options: [String: [ServiceOption]]
    /// Service id → why a lever is not offered or what to check, as translation keys.
    package let notes: [String: [Reason]]
    /// The (model, region) variants the options need, for ``PlanEvaluator``.
    package func variants(of services: [ServiceConfig]) -> [String: [(model: String, region: String)]] {
        var result: [String: [(model: String, region: String)]] = [:]
        for service in services {
            result[service.id] = (options[service.id] ?? []).compactMap { option in
                option.model != nil || option.region != nil
                    ? (option.model ?? service.model, option.region ?? service.region) : nil
            }
        }
        return result
    }

    package static let smallerModels: [String: String] = [
        "whisper-large-v3": "whisper-large-v3-turbo", "whisper-medium": "whisper-small",
        "nllb-200-3.3b": "nllb-200-distilled-600m", "nllb-200-1.3b": "nllb-200-distilled-600m",
    ]
    /// The real-time factors of the quantisation lever (faster-whisper on a V100S): int8 ÷ fp16.
    package static let quantisationKeys = (
        quantised: "whisper-large-v2.faster-whisper-int8.v100s.rtf",
        full: "whisper-large-v2.faster-whisper-fp16.v100s.rtf"
    )

    /// The options of every service, from the `decisions` slice and the reference factors.
    package init(services: [ServiceConfig], rules: DecisionRules, factors: ReferenceFactors) {
        var options: [String: [ServiceOption]] = [:]
        var notes: [String: [Reason]] = [:]
        let hours = "730 h → \(1 + rules.scaleToZeroMargin) × busy h"
        for service in services {
            var levers: [ServiceOption] = []
            var serviceNotes: [Reason] = []
            let model = service.model.lowercased()
            if rules.levers.contains(.smallerModel), let target = Self.smallerModels[model],
                (try? ServiceModelSpec.make(for: Self.modified(service) { $0.model = target }, factors: factors)) != nil
            {
                levers.append(
                    ServiceOption(levers: [.smallerModel], model: target, detail: "\(service.model) → \(target)"))
                serviceNotes.append(Reason(key: "lever_note_quality"))
            }
            if rules.levers.contains(.quantisation), model.hasPrefix("whisper") {
                let keys = Self.quantisationKeys
                if let a = factors.factors[keys.quantised]?.value, let b = factors.factors[keys.full]?.value, b > 0 {
                    if a < b {
                        levers.append(
                            ServiceOption(levers: [.quantisation], energyScale: a / b, detail: "int8 (faster-whisper)"))
                    } else {
                        serviceNotes.append(Reason(key: "lever_note_int8", values: ["int8": "\(a)", "fp16": "\(b)"]))
                    }
                }
            } else if rules.levers.contains(.quantisation), model.hasPrefix("mistral") {
                serviceNotes.append(Reason(key: "lever_note_q4"))
            }
            let region = normalisedRegion(service.region)
            if rules.levers.contains(.regionMove), region != normalisedRegion(rules.targetRegion),
                (try? ServiceModelSpec.make(
                    for: Self.modified(service) { $0.region = rules.targetRegion }, factors: factors))
                    != nil
            {
                levers.append(
                    ServiceOption(
                        levers: [.regionMove], region: rules.targetRegion,
                        detail: "\(service.region) → \(rules.targetRegion)"))
            }
            var list: [ServiceOption] = [.asIs]
            if rules.levers.contains(.scaleToZero) {
                list.append(ServiceOption(levers: [.scaleToZero], detail: hours))
                serviceNotes.append(Reason(key: "lever_note_cold_start"))
            }
            for lever in levers {
                list.append(lever)
                if rules.levers.contains(.scaleToZero) {
                    var combined = lever
                    combined.levers.append(.scaleToZero)
                    combined.detail += "; " + hours
                    list.append(combined)
                }
            }
            list.append(.dropped)
            options[service.id] = list
            notes[service.id] = serviceNotes
        }
        self.options = options
        self.notes = notes
    }

    private static func modified(_ service: ServiceConfig, _ change: (inout ServiceConfig) -> Void) -> ServiceConfig {
        var copy = service
        change(&copy)
        return copy
    }
}

/// The plan that maximises value within the budget on the declared statistic, over every service option and cell
/// cap, and never grows stricter when the budget grows.
///
/// Method: for each service, every configuration (an option × a cap level per cell, or off) is evaluated on the
/// shared draws and its window kgCO2e taken on the declared statistic; each service keeps its Pareto front
/// (kgCO2e, value). The plan is the carbon-price (Lagrangian) solution: each service takes the configuration that
/// maximises value − price × kgCO2e, and the price is the lowest (found by bisection) at which the whole plan —
/// actuals to date plus the services' joint draws — meets the budget on the statistic. A bigger budget needs a
/// lower price, and a lower price never makes a configuration more frugal: the plan is monotone in the budget. It
/// is exact wherever the plan lies on the services' convex hulls; the exact knapsack optimum on the same fronts
/// (``paretoCombinations(_:budget:limit:)``, judged on the joint draws) is computed beside it and its value shown,
/// so the pack states any gap. Every plan is judged on the joint draws: never reported over a budget it meets.
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
    /// Every configuration evaluated, per service (in ``PlanEvaluator/services`` order): its option, the share kept
    /// per cell and its window kgCO2e per draw column, for the local robustness (``LocalRobustness``) to re-solve the
    /// plan draw by draw without evaluating the model again.
    package let configurations: [[PlanConfiguration]]

    /// - Throws: ``MatrixError/arbitrationTooLarge(what:found:limit:)`` when a service has more configurations
    ///   than `decisions.max_configurations_per_service`.
    package init(
        evaluator: PlanEvaluator, options: ServiceOptions, window: BudgetWindow, rules: DecisionRules
    ) throws {
        let columns = evaluator.columns
        let quantile = window.config.quantile * 100
        let levels = rules.capLevels
        var fronts: [[(option: ServiceOption, shares: [Double], window: [Double])]] = []
        var groups: [[PlanCandidate]] = []
        var evaluated = 0
        var everyConfiguration: [[PlanConfiguration]] = []
        for (service, config) in evaluator.services.enumerated() {
            let serviceOptions = (options.options[config.id] ?? [.asIs, .dropped]).filter {
                evaluator.variantIndex(service: service, option: $0) != nil || $0.isDropped
            }
            let cellCount = evaluator.cells[service].count
            var combinations = 1
            for _ in 0..<cellCount {
                combinations = combinations.multipliedReportingOverflow(by: levels.count).partialValue
            }
            let running = serviceOptions.filter { !$0.isDropped }.count
            let configurations = running * (combinations - 1) + 1
            guard configurations <= rules.maxConfigurationsPerService, combinations > 0 else {
                throw MatrixError.arbitrationTooLarge(
                    what: "service \(config.id) (\(running) options × \(levels.count)^\(cellCount) cap levels + off)",
                    found: configurations, limit: rules.maxConfigurationsPerService)
            }
            var candidates: [PlanCandidate] = []
            var stored: [(option: ServiceOption, shares: [Double], window: [Double])] = []
            let fullValues = evaluator.cells[service].map { evaluator.fullValue($0) }
            for option in serviceOptions {
                for combination in 0..<(option.isDropped ? 1 : combinations) {
                    var rest = combination
                    var shares = [Double](repeating: 0, count: cellCount)
                    for cell in 0..<cellCount {
                        shares[cell] = option.isDropped ? 0 : levels[rest % levels.count]
                        rest /= levels.count
                    }
                    // Every cell stopped is the service switched off: the drop option says so once.
                    if !option.isDropped, shares.allSatisfy({ $0 == 0 }) { continue }
                    var totals = [Double](repeating: 0, count: columns)
                    evaluator.windowTotals(service: service, option: option, shares: shares, into: &totals)
                    let statistic = columns > 1 ? percentile(Array(totals.dropLast()), quantile) : totals[0]
                    var value = 0.0
                    if !option.isDropped {
                        for cell in 0..<cellCount { value += shares[cell] * fullValues[cell] }
                    }
                    candidates.append(PlanCandidate(kgCO2e: statistic, value: value))
                    stored.append((option, shares, totals))
                    evaluated += 1
                }
            }
            everyConfiguration.append(
                stored.map { PlanConfiguration(option: $0.option, shares: $0.shares, window: $0.window) })
            let front = paretoFront(candidates)
            fronts.append(front.map { stored[$0] })
            groups.append(front.map { candidates[$0] })
        }
        func plan(_ choices: [Int]) -> DecisionPlan {
            var plan = DecisionPlan()
            for (service, choice) in choices.enumerated() {
                let entry = fronts[service][choice]
                let id = evaluator.services[service].id
                if !entry.option.isAsIs { plan.options[id] = entry.option }
                for (cell, share) in entry.shares.enumerated() where share < 1 && !entry.option.isDropped {
                    plan.caps[evaluator.cells[service][cell]] = .share(share)
                }
            }
            return plan
        }
        func verdict(_ choices: [Int]) -> BudgetVerdict {
            BudgetVerdict(window: window, monthly: evaluator.monthly(plan(choices)), columns: columns)
        }
        let budget = window.config.annualKgCO2e ?? .infinity
        var judged = 0
        func meets(_ choices: [Int]) -> Bool {
            judged += 1
            return verdict(choices).statisticKg <= budget
        }
        /// Each service's configuration maximising value − price × kgCO2e (ties to the lower carbon).
        func choose(_ price: Double) -> [Int] {
            groups.map { front in
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
        // The exact optimum on the same fronts, for the pack: the best combination on the sum of the services'
        // statistics within a working budget, judged on the joint draws, the working budget lowered by the excess
        // while the joint figure exceeds the budget.
        var exact: [Int]? = chosen == free ? free : nil
        var working = budget - window.yearToDateKg
        var tried = 0
        while exact == nil, working >= 0, tried < 32 {
            tried += 1
            guard let first = try paretoCombinations(groups, budget: working, limit: 20_000_000).first else { break }
            let joint = verdict(first.choices).statisticKg
            judged += 1
            if joint <= budget { exact = first.choices } else { working -= max(joint - budget, 1e-6 * max(1, budget)) }
        }
        exactValue = exact.map { choices in zip(groups, choices).reduce(0) { $0 + $1.0[$1.1].value } }
        // No plan fits: the closest is every service at its least-carbon configuration.
        let closest = groups.map { _ in 0 }
        self.plan = plan(chosen ?? closest)
        self.fits = chosen != nil
        configurationsEvaluated = evaluated
        combinationsJudged = judged
        planValue = zip(groups, chosen ?? closest).reduce(0) { $0 + $1.0[$1.1].value }
        carbonPrice = price
        configurations = everyConfiguration
    }
}

/// One configuration of a service: an option, the share of its forecast each cell keeps, and the service's window
/// kgCO2e per draw column (central last).
package struct PlanConfiguration: Sendable {
    package var option: ServiceOption
    package var shares: [Double]
    package var window: [Double]
}
