import Foundation
import Matrix

/// The first stage of the arbitration: every configuration of every service (option × caps, or off) evaluated on the
/// shared draws, and each service's Pareto front.
///
/// The work is split in runs, each a contiguous range of one option's cap combinations, worked on every core
/// (``runBlocksInOrder(next:batchSize:overlapsMerging:work:merge:)``) and merged in (service, option, combination)
/// order: each configuration's arithmetic is the same whichever run holds it, so the configurations, their order and
/// the fronts do not depend on the number of runs or on timing.
extension PlanArbitration {
    /// The declared statistic of a vector of draw columns (central last): the percentile of the draws, or the central
    /// value when there are none.
    struct DrawStatistic: Sendable {
        /// The percentile, 0–100.
        let percentile: Double
        let columns: Int

        /// The statistic of `totals` (``columns`` entries).
        func callAsFunction(_ totals: [Double]) -> Double {
            var scratch: [Double] = []
            return callAsFunction(totals, scratch: &scratch)
        }

        /// The statistic of `totals`, its draws copied into `scratch` (kept from one call to the next, so that a loop
        /// over configurations allocates once) in their order.
        func callAsFunction(_ totals: [Double], scratch: inout [Double]) -> Double {
            guard columns > 1 else { return totals[0] }
            scratch.removeAll(keepingCapacity: true)
            scratch.append(contentsOf: totals[..<(totals.count - 1)])
            return selectPercentile(&scratch, percentile)
        }
    }

    /// One service's search space: its options (the evaluated ones, and off), each cell's caps with their monthly
    /// shares and value before service hours, the cells with work, and the number of cap combinations.
    struct ServiceSpace: Sendable {
        var service: Int
        var options: [ServiceOption]
        var choices: [[DecisionPlan.Cap]]
        var shareChoices: [[[Double]]]
        var valueOf: [[Double]]
        var withWork: [Int]
        var combinations: Int
    }

    /// A contiguous range of one option's cap combinations (combination `c` picks cap `c mod n₀` for cell 0, then
    /// `⌊c ÷ n₀⌋ mod n₁` for cell 1, and so on).
    struct Run: Sendable {
        var service: Int
        var option: Int
        var combinations: Range<Int>
    }

    /// What runs give, in combination order: each configuration's candidate, its (option, combination) and what the
    /// local robustness reads of it.
    struct Evaluated: Sendable {
        var candidates: [PlanCandidate] = []
        var stored: [(option: Int, combination: Int)] = []
        var every: [PlanConfiguration] = []

        mutating func append(_ other: Evaluated) {
            candidates += other.candidates
            stored += other.stored
            every += other.every
        }
    }

    /// Every service's configurations (in ``PlanEvaluator/services`` order) and Pareto front.
    /// - Parameter runsPerOption: how many runs an option's combinations are split in (the result is the same for
    ///   any number; 1 works each option in one piece).
    /// - Returns: the fronts, every configuration per service, and the number of configurations evaluated.
    /// - Throws: ``MatrixError/arbitrationTooLarge(what:found:limit:)`` for the first service with more
    ///   configurations than `decisions.max_configurations_per_service`.
    static func serviceFronts(
        evaluator: PlanEvaluator, options: ServiceOptions, rules: DecisionRules, statistic: DrawStatistic,
        runsPerOption: Int = ProcessInfo.processInfo.activeProcessorCount
    ) throws -> (fronts: [[Configuration]], every: [[PlanConfiguration]], evaluated: Int) {
        let spaces = try evaluator.services.indices.map {
            try space(service: $0, evaluator: evaluator, options: options, rules: rules)
        }
        var runs: [Run] = []
        for space in spaces {
            for (optionIndex, option) in space.options.enumerated() {
                let count = option.isDropped ? 1 : space.combinations
                let pieces = max(1, min(runsPerOption, count))
                for piece in 0..<pieces {
                    let range = (count * piece / pieces)..<(count * (piece + 1) / pieces)
                    runs.append(Run(service: space.service, option: optionIndex, combinations: range))
                }
            }
        }
        var merged = spaces.map { _ in Evaluated() }
        var next = runs.makeIterator()
        _ = runBlocksInOrder(
            next: { next.next() }, batchSize: runs.count, overlapsMerging: false,
            work: { run in evaluate(run, in: spaces[run.service], evaluator: evaluator, statistic: statistic) },
            merge: { run, result in
                merged[run.service].append(result)
                return true
            })
        let fronts = spaces.map { space in
            let evaluated = merged[space.service]
            return paretoFront(evaluated.candidates).map { index in
                let (optionIndex, combination) = evaluated.stored[index]
                let option = space.options[optionIndex]
                var rest = combination
                let caps = space.choices.map { list -> DecisionPlan.Cap in
                    let pick = option.isDropped ? list.count - 1 : rest % list.count
                    rest /= list.count
                    return list[pick]
                }
                return Configuration(
                    assignments: [Assignment(service: space.service, option: option, caps: caps)],
                    candidate: evaluated.candidates[index])
            }
        }
        return (fronts, merged.map(\.every), merged.reduce(0) { $0 + $1.every.count })
    }

    /// A service's options, caps and combinations.
    /// - Throws: ``MatrixError/arbitrationTooLarge(what:found:limit:)`` past `decisions.max_configurations_per_service`.
    static func space(service: Int, evaluator: PlanEvaluator, options: ServiceOptions, rules: DecisionRules) throws
        -> ServiceSpace
    {
        let config = evaluator.services[service]
        let serviceOptions = (options.options[config.id] ?? [.asIs, .dropped]).filter {
            evaluator.variantIndex(service: service, option: $0) != nil || $0.isDropped
        }
        let cellCount = evaluator.cells[service].count
        let choices = (0..<cellCount).map {
            capChoices(service: service, cell: $0, evaluator: evaluator, rules: rules)
        }
        var combinations = 1
        for list in choices {
            let (product, overflow) = combinations.multipliedReportingOverflow(by: list.count)
            combinations = overflow ? Int.max : product
        }
        let running = serviceOptions.filter { !$0.isDropped }.count
        let (product, overflow) = running.multipliedReportingOverflow(by: combinations)
        let configurations = overflow ? Int.max : product
        guard configurations <= rules.maxConfigurationsPerService else {
            throw MatrixError.arbitrationTooLarge(
                what:
                    "service \(config.id) (\(running) options × \(choices.map { "\($0.count)" }.joined(separator: "×")) caps + off)",
                found: configurations, limit: rules.maxConfigurationsPerService)
        }
        let shareChoices = choices.enumerated().map { cell, list in
            list.map { evaluator.capShares($0, service: service, cell: cell) }
        }
        // Value of each cell at each cap, before service hours; the cells with work (stopping all of them is the
        // drop option).
        let valueOf = choices.indices.map { cell in
            shareChoices[cell].map { shares in
                zip(shares, evaluator.files[service][cell]).reduce(0) { $0 + $1.0 * $1.1 }
                    * evaluator.valuePerFile[service][cell]
            }
        }
        let withWork = (0..<cellCount).filter { evaluator.files[service][$0].contains { $0 > 0 } }
        return ServiceSpace(
            service: service, options: serviceOptions, choices: choices, shareChoices: shareChoices, valueOf: valueOf,
            withWork: withWork, combinations: combinations)
    }

    /// The configurations of one run, in combination order.
    /// - Complexity: O(combinations × months × columns × cells); one window and one shares array a configuration.
    static func evaluate(
        _ run: Run, in space: ServiceSpace, evaluator: PlanEvaluator, statistic: DrawStatistic
    ) -> Evaluated {
        let service = space.service
        let option = space.options[run.option]
        let cellCount = space.choices.count
        var result = Evaluated()
        if option.isDropped {
            result.candidates.append(PlanCandidate(kgCO2e: 0, value: 0))
            result.stored.append((run.option, 0))
            result.every.append(
                PlanConfiguration(
                    option: option, shares: [Double](repeating: 0, count: cellCount),
                    window: [Double](repeating: 0, count: evaluator.columns)))
            return result
        }
        guard let variantIndex = evaluator.variantIndex(service: service, option: option) else { return result }
        let variant = evaluator.variants[service][variantIndex]
        let hours = evaluator.hoursPerVM(variant, option: option)
        let monthCount = evaluator.months.count
        let languages = evaluator.cells[service].map(\.language)
        let factors = languages.map { option.energyScale * option.keptShare($0) }
        let inside = languages.map { option.keptShare($0) }
        let choices = space.choices
        let valueOf = space.valueOf
        var kept = [Double](repeating: 0, count: monthCount * cellCount)
        var picks = [Int](repeating: 0, count: cellCount)
        var scratch: [Double] = []
        result.candidates.reserveCapacity(run.combinations.count)
        result.stored.reserveCapacity(run.combinations.count)
        result.every.reserveCapacity(run.combinations.count)
        for combination in run.combinations {
            var rest = combination
            for cell in 0..<cellCount {
                picks[cell] = rest % choices[cell].count
                rest /= choices[cell].count
            }
            // Every cell with work stopped is the service switched off: the drop option says so once.
            if !space.withWork.isEmpty, !space.withWork.contains(where: { picks[$0] != choices[$0].count - 1 }) {
                continue
            }
            var value = 0.0
            for cell in 0..<cellCount {
                let shares = space.shareChoices[cell][picks[cell]]
                for month in 0..<monthCount { kept[month * cellCount + cell] = shares[month] * factors[cell] }
                value += valueOf[cell][picks[cell]] * inside[cell]
            }
            var window = [Double](repeating: 0, count: evaluator.columns)
            evaluator.windowTotals(variant: variant, option: option, hours: hours, kept: kept, into: &window)
            result.candidates.append(PlanCandidate(kgCO2e: statistic(window, scratch: &scratch), value: value))
            result.stored.append((run.option, combination))
            result.every.append(
                PlanConfiguration(
                    option: option,
                    shares: (0..<cellCount).map { cell in
                        valueOf[cell][0] > 0 ? valueOf[cell][picks[cell]] * inside[cell] / valueOf[cell][0] : 1
                    }, window: window))
        }
        return result
    }
}
