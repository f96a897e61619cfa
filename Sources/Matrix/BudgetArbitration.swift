/// One way to run an item (a service × language cell): a volume level with the value it brings and the carbon it
/// emits. Level 0 (nothing, no value, no carbon) is always available and need not be listed.
public struct ArbitrationOption: Sendable, Equatable {
    /// A name for the level, such as `50%`.
    public var label: String
    /// The value the level brings, in the caller's value unit (value points a year in the pack).
    public var value: Double
    /// The carbon the level emits, kgCO2e, not counting its group's fixed carbon.
    public var kgCO2e: Double

    /// An option with its label, value and kgCO2e.
    public init(label: String, value: Double, kgCO2e: Double) {
        self.label = label
        self.value = value
        self.kgCO2e = kgCO2e
    }
}

/// An item of the arbitration and the group it belongs to (a service): a group has a fixed carbon cost (its idle and
/// embodied emissions) paid once as soon as one of its items runs.
public struct ArbitrationItem: Sendable, Equatable {
    /// The item's identifier, such as `translation/es`.
    public var id: String
    /// The group whose fixed carbon the item shares, such as its service.
    public var group: String
    /// The levels the item may run at; not running at all is always allowed.
    public var options: [ArbitrationOption]

    /// An item of `group` with its options.
    public init(id: String, group: String, options: [ArbitrationOption]) {
        self.id = id
        self.group = group
        self.options = options
    }
}

/// The best plan within a budget.
public struct ArbitrationPlan: Sendable, Equatable {
    /// For each item, the index of its chosen option, or `nil` when it does not run.
    public var choices: [Int?]
    /// The plan's total value.
    public var value: Double
    /// The plan's total carbon, kgCO2e, the fixed carbon of every group it runs included; at most the budget.
    public var kgCO2e: Double
}

/// Chooses, for each item, one option or none, so as to maximise total value with total carbon (items' carbon plus
/// the fixed carbon of every group with an item running) within `budget`.
///
/// Exact method: for each of the 2^g subsets of groups (g is small: the services), a multiple-choice knapsack over
/// the items of the chosen groups, solved by dynamic programming over Pareto frontiers of (carbon, value): after each
/// item, only the plans that no other plan beats on both carbon and value are kept. No rounding of carbon is
/// involved, so the optimum is exact. Ties in value go to the lower carbon.
/// - Complexity: O(2^g × n × k × F), F the frontier size (bounded by the number of distinct plans).
public func arbitrate(
    items: [ArbitrationItem], groupFixedKgCO2e: [String: Double], budget: Double
) -> ArbitrationPlan {
    let groups = Array(Set(items.map(\.group))).sorted()
    var best = ArbitrationPlan(choices: items.map { _ in nil }, value: 0, kgCO2e: 0)
    for mask in 0..<(1 << groups.count) {
        let active = Set(groups.enumerated().filter { mask & (1 << $0.offset) != 0 }.map(\.element))
        let fixed = active.reduce(0) { $0 + (groupFixedKgCO2e[$1] ?? 0) }
        guard fixed <= budget + 1e-9 else { continue }
        struct State { var kg: Double; var value: Double; var choices: [Int?]; var groupsUsed: Set<String> }
        var frontier = [State(kg: fixed, value: 0, choices: items.map { _ in nil }, groupsUsed: [])]
        for (index, item) in items.enumerated() where active.contains(item.group) {
            var next = frontier
            for state in frontier {
                for (optionIndex, option) in item.options.enumerated() where state.kg + option.kgCO2e <= budget + 1e-9 {
                    var extended = state
                    extended.kg += option.kgCO2e
                    extended.value += option.value
                    extended.choices[index] = optionIndex
                    extended.groupsUsed.insert(item.group)
                    next.append(extended)
                }
            }
            next.sort { $0.kg != $1.kg ? $0.kg < $1.kg : $0.value > $1.value }
            frontier = []
            var bestValue = -Double.infinity
            for state in next where state.value > bestValue + 1e-12 {
                frontier.append(state)
                bestValue = state.value
            }
        }
        // A subset whose groups do not all run is covered by a smaller subset, with less fixed carbon.
        for state in frontier where state.groupsUsed == active {
            if state.value > best.value + 1e-12 || (abs(state.value - best.value) <= 1e-12 && state.kg < best.kgCO2e) {
                best = ArbitrationPlan(choices: state.choices, value: state.value, kgCO2e: state.kg)
            }
        }
    }
    return best
}
