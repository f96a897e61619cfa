/// One candidate of a group (a way to run one service and its cells): its carbon on the arbitration's statistic
/// and the value it brings.
public struct PlanCandidate: Sendable, Equatable {
    public var kgCO2e: Double
    public var value: Double

    public init(kgCO2e: Double, value: Double) {
        self.kgCO2e = kgCO2e
        self.value = value
    }
}

/// One candidate per group, with the sums of their carbon and value.
public struct CombinedPlan: Sendable, Equatable {
    /// For each group, the index of its chosen candidate.
    public var choices: [Int]
    public var kgCO2e: Double
    public var value: Double
}

/// Every Pareto-optimal combination of one candidate per group whose carbon is within `budget`, where a
/// combination's carbon and value are the sums of its candidates': exact, by merging the groups' fronts one at a
/// time, dropping partial sums over the budget (carbon is never negative, so they cannot come back under it) and
/// keeping the front of each merge.
///
/// Returned by value descending, then carbon ascending, then choices in lexicographic order, so the same input
/// always gives the same order; the first is the best plan within the budget.
/// - Parameters:
///   - budget: the most carbon a combination may have (`.infinity` for none).
///   - limit: the most pairs a merge may form.
/// - Throws: ``MatrixError/arbitrationTooLarge(what:found:limit:)`` when a merge would exceed `limit`.
/// - Complexity: O(Σ |front so far| × |group front|) pairs formed.
public func paretoCombinations(
    _ groups: [[PlanCandidate]], budget: Double = .infinity, limit: Int
) throws(MatrixError) -> [CombinedPlan] {
    var combined = [CombinedPlan(choices: [], kgCO2e: 0, value: 0)]
    for (groupIndex, group) in groups.enumerated() {
        let front = paretoFront(group).filter { group[$0].kgCO2e <= budget }
        let pairs = combined.count * front.count
        guard pairs <= limit else {
            throw .arbitrationTooLarge(what: "combining group \(groupIndex + 1)", found: pairs, limit: limit)
        }
        var next: [CombinedPlan] = []
        next.reserveCapacity(pairs)
        for plan in combined {
            for index in front where plan.kgCO2e + group[index].kgCO2e <= budget {
                next.append(
                    CombinedPlan(
                        choices: plan.choices + [index], kgCO2e: plan.kgCO2e + group[index].kgCO2e,
                        value: plan.value + group[index].value))
            }
        }
        let kept = paretoFront(next.map { PlanCandidate(kgCO2e: $0.kgCO2e, value: $0.value) })
        combined = kept.map { next[$0] }
    }
    return combined.sorted {
        if $0.value != $1.value { return $0.value > $1.value }
        if $0.kgCO2e != $1.kgCO2e { return $0.kgCO2e < $1.kgCO2e }
        return $0.choices.lexicographicallyPrecedes($1.choices)
    }
}
