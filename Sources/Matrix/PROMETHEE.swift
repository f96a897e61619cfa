/// A PROMETHEE preference function P(d) of the oriented difference d between two alternatives on one criterion.
public enum PreferenceFunction: Sendable, Hashable, Codable {
    /// Type I, "usual": P = 1 when d > 0.
    case usual
    /// Type V, linear with indifference threshold q and preference threshold p, in the criterion's own units:
    /// P = 0 for d ≤ q, (d − q)/(p − q) for q < d ≤ p, 1 beyond.
    case linear(q: Double, p: Double)
    /// Linear with q = 0 and p = the criterion's range, so thresholds adapt to each column.
    case linearOverRange

    /// The name printed in the pack.
    public var name: String {
        switch self {
        case .usual: return "usual (type I)"
        case .linear(let q, let p): return "linear (type V), q = \(q), p = \(p)"
        case .linearOverRange: return "linear (type V), q = 0, p = the criterion's range"
        }
    }

    func preference(_ d: Double, range: Double) -> Double {
        switch self {
        case .usual:
            return d > 0 ? 1 : 0
        case .linear(let q, let p):
            if d <= q { return 0 }
            if d > p || p <= q { return 1 }
            return (d - q) / (p - q)
        case .linearOverRange:
            guard range > 0, d > 0 else { return 0 }
            return min(1, d / range)
        }
    }
}

/// PROMETHEE's leaving (φ+), entering (φ−) and net flows.
public struct PrometheeFlows: Sendable, Equatable {
    /// φ+: how much each alternative outranks the others, averaged over m − 1.
    public var leaving: [Double]
    /// φ−: how much the others outrank it, averaged over m − 1.
    public var entering: [Double]
}

/// PROMETHEE II (Brans & Vincke 1985): net flow φ = φ+ − φ−; higher is better.
/// - Complexity: O(m² · n).
func prometheeScores(_ matrix: DecisionMatrix, preference: PreferenceFunction) -> MethodResult {
    let m = matrix.alternativeCount
    var leaving = [Double](repeating: 0, count: m)
    var entering = [Double](repeating: 0, count: m)
    guard m > 1 else {
        return MethodResult(
            method: .promethee(preference), scores: [0], flows: PrometheeFlows(leaving: [0], entering: [0]))
    }
    let ranges = (0..<matrix.criterionCount).map { j in
        let column = matrix.column(j)
        return (column.max() ?? 0) - (column.min() ?? 0)
    }
    for a in 0..<m {
        for b in 0..<m where a != b {
            var pi = 0.0
            for j in 0..<matrix.criterionCount {
                let d = (matrix.values[a][j] - matrix.values[b][j]) * matrix.criteria[j].direction.sign
                pi += matrix.weights[j] * preference.preference(d, range: ranges[j])
            }
            leaving[a] += pi
            entering[b] += pi
        }
    }
    let denominator = Double(m - 1)
    leaving = leaving.map { $0 / denominator }
    entering = entering.map { $0 / denominator }
    let net = zip(leaving, entering).map { $0 - $1 }
    return MethodResult(
        method: .promethee(preference), scores: net, flows: PrometheeFlows(leaving: leaving, entering: entering))
}
