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
        quantised: "whisper-large-v2.faster-whisper-int8.v100s.rtf", full: "whisper-large-v2.faster-whisper-fp16.v100s.rtf"
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
                (try? ServiceModelSpec.make(for: Self.modified(service) { $0.region = rules.targetRegion }, factors: factors))
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
/// cap.
///
/// Method: for each service, every configuration (an option × a cap level per cell, or off) is evaluated on the
/// shared draws, and its window kgCO2e taken on the declared statistic; the Pareto fronts of the services
/// (kgCO2e, value) are merged exactly (``paretoCombinations(_:limit:)``), and the combinations are tried by value
/// descending: the first whose joint figure — actuals to date plus the sum of the services' draws — meets the
/// budget on the statistic is the plan. The sum of the services' quantiles only orders the search; every plan
/// is judged on the joint draws. Ties in value go to the lower carbon.
package struct PlanArbitration: Sendable {
    /// The recommended plan.
    package let plan: DecisionPlan
    /// Whether it meets the budget (always, unless no plan does: then the closest is shown).
    package let fits: Bool
    /// Configurations evaluated and combinations judged, for the pack.
    package let configurationsEvaluated: Int
    package let combinationsJudged: Int

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
        for (service, config) in evaluator.services.enumerated() {
            let serviceOptions = (options.options[config.id] ?? [.asIs, .dropped]).filter {
                evaluator.variantIndex(service: service, option: $0) != nil || $0.isDropped
            }
            let cellCount = evaluator.cells[service].count
            var combinations = 1
            for _ in 0..<cellCount { combinations = combinations.multipliedReportingOverflow(by: levels.count).partialValue }
            let running = serviceOptions.filter { !$0.isDropped }.count
            let configurations = running * combinations + 1
            guard configurations <= rules.maxConfigurationsPerService, combinations > 0 else {
                throw MatrixError.arbitrationTooLarge(
                    what: "service \(config.id) (\(running) options × \(levels.count)^\(cellCount) cap levels + off)",
                    found: configurations, limit: rules.maxConfigurationsPerService)
            }
            var candidates: [PlanCandidate] = []
            var stored: [(option: ServiceOption, shares: [Double], window: [Double])] = []
            let months = evaluator.months.count
            for option in serviceOptions {
                for combination in 0..<(option.isDropped ? 1 : combinations) {
                    var rest = combination
                    var shares = [Double](repeating: 0, count: cellCount)
                    for cell in 0..<cellCount {
                        shares[cell] = option.isDropped ? 0 : levels[rest % levels.count]
                        rest /= levels.count
                    }
                    let perMonth = shares.map { [Double](repeating: $0, count: months) }
                    let totals = evaluator.sumOverMonths(
                        evaluator.monthly(service: service, option: option, shares: perMonth))
                    let statistic = columns > 1 ? percentile(Array(totals.dropLast()), quantile) : totals[0]
                    candidates.append(
                        PlanCandidate(
                            kgCO2e: statistic, value: evaluator.value(service: service, option: option, shares: perMonth)))
                    stored.append((option, shares, totals))
                    evaluated += 1
                }
            }
            let front = paretoFront(candidates)
            fronts.append(front.map { stored[$0] })
            groups.append(front.map { candidates[$0] })
        }
        let combined = try paretoCombinations(groups, limit: 50_000_000)
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
        let budget = window.config.annualKgCO2e ?? .infinity
        var judged = 0
        var chosen: DecisionPlan?
        var closest: (plan: DecisionPlan, kg: Double)?
        for combination in combined {
            judged += 1
            var joint = [Double](repeating: window.yearToDateKg, count: columns)
            for (service, choice) in combination.choices.enumerated() {
                let totals = fronts[service][choice].window
                for column in 0..<columns { joint[column] += totals[column] }
            }
            let statistic = columns > 1 ? percentile(Array(joint.dropLast()), quantile) : joint[0]
            if statistic <= budget {
                let candidate = plan(combination.choices)
                let verdict = BudgetVerdict(window: window, monthly: evaluator.monthly(candidate), columns: columns)
                if verdict.statisticKg <= budget {
                    chosen = candidate
                    break
                }
            }
            if closest == nil || statistic < closest?.kg ?? .infinity { closest = (plan(combination.choices), statistic) }
        }
        self.plan = chosen ?? closest?.plan ?? DecisionPlan()
        fits = chosen != nil
        configurationsEvaluated = evaluated
        combinationsJudged = judged
    }
}
