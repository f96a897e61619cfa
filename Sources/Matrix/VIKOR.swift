/// VIKOR's intermediate values and its compromise solution.
public struct VIKORDetails: Sendable, Equatable {
    /// Group utility S (lower is better).
    public var s: [Double]
    /// Individual regret R (lower is better).
    public var r: [Double]
    /// The compromise index Q (lower is better).
    public var q: [Double]
    /// Condition C1: Q(second) − Q(first) ≥ DQ = 1/(m − 1).
    public var hasAcceptableAdvantage: Bool
    /// Condition C2: the first by Q is also first by S or by R.
    public var hasAcceptableStability: Bool
    /// The compromise set, best first (alternative indices).
    public var compromiseSet: [Int]
}

/// VIKOR (Opricovic & Tzeng 2004, 2007).
///
/// S_i = Σ_j w_j (f*_j − f_ij)/(f*_j − f⁻_j), R_i = max_j of the same terms,
/// Q_i = v (S_i − S*)/(S⁻ − S*) + (1 − v)(R_i − R*)/(R⁻ − R*).
/// A constant criterion contributes 0 (scikit-criteria's rule; pymcdm refuses the matrix instead). When all S
/// (or all R) are equal, that term of Q is 0.
/// - Throws: ``MatrixError/invalidParameter(name:value:expected:)`` when v is outside 0…1.
func vikorScores(_ matrix: DecisionMatrix, v: Double) throws(MatrixError) -> MethodResult {
    guard (0...1).contains(v) else { throw .invalidParameter(name: "v", value: v, expected: "a number from 0 to 1") }
    let m = matrix.alternativeCount
    var s = [Double](repeating: 0, count: m)
    var r = [Double](repeating: 0, count: m)
    for j in 0..<matrix.criterionCount {
        let column = matrix.column(j)
        guard let high = column.max(), let low = column.min(), high - low > 1e-12 * max(1, abs(high)) else {
            continue
        }
        let best = matrix.criteria[j].direction == .benefit ? high : low
        let worst = matrix.criteria[j].direction == .benefit ? low : high
        for i in 0..<m {
            let term = matrix.weights[j] * (best - column[i]) / (best - worst)
            s[i] += term
            r[i] = max(r[i], term)
        }
    }
    func scaled(_ values: [Double]) -> [Double] {
        let low = values.min() ?? 0
        let high = values.max() ?? 0
        return values.map { high - low > 1e-15 ? ($0 - low) / (high - low) : 0 }
    }
    let sScaled = scaled(s)
    let rScaled = scaled(r)
    let q = (0..<m).map { v * sScaled[$0] + (1 - v) * rScaled[$0] }
    let details = compromise(s: s, r: r, q: q)
    return MethodResult(method: .vikor(v: v), scores: q, vikor: details)
}

private func compromise(s: [Double], r: [Double], q: [Double]) -> VIKORDetails {
    let m = q.count
    let byQ = orderedByRank(minimumRanks(q, higherIsBetter: false))
    guard m > 1, let first = byQ.first else {
        return VIKORDetails(
            s: s, r: r, q: q, hasAcceptableAdvantage: true, hasAcceptableStability: true, compromiseSet: byQ)
    }
    let dq = 1 / Double(m - 1)
    let advantage = q[byQ[1]] - q[first] >= dq - 1e-12
    let bestS = s.min() ?? 0
    let bestR = r.min() ?? 0
    let stability = abs(s[first] - bestS) <= 1e-12 || abs(r[first] - bestR) <= 1e-12
    let set: [Int]
    if !advantage {
        set = byQ.filter { q[$0] - q[first] < dq - 1e-12 }
    } else if !stability {
        set = Array(byQ.prefix(2))
    } else {
        set = [first]
    }
    return VIKORDetails(
        s: s, r: r, q: q, hasAcceptableAdvantage: advantage, hasAcceptableStability: stability, compromiseSet: set)
}
