/// Ranks from scores: 1 is best, ties share the smallest rank ("1, 1, 3"), as scikit-criteria does.
///
/// Two scores tie when they differ by at most `tolerance` (absolute), so that rounding noise in the last bits
/// does not split a true tie.
/// - Parameters:
///   - scores: one score per alternative.
///   - higherIsBetter: `true` for WSM, TOPSIS and PROMETHEE; `false` for VIKOR's Q.
///   - tolerance: the absolute difference under which two scores tie.
/// - Returns: one rank per alternative, in input order.
/// - Complexity: O(n log n).
public func minimumRanks(_ scores: [Double], higherIsBetter: Bool, tolerance: Double = 1e-9) -> [Int] {
    let oriented = scores.map { higherIsBetter ? -$0 : $0 }
    let order = oriented.indices.sorted { oriented[$0] < oriented[$1] }
    var ranks = [Int](repeating: 0, count: scores.count)
    var position = 0
    while position < order.count {
        var end = position
        while end + 1 < order.count, oriented[order[end + 1]] - oriented[order[position]] <= tolerance { end += 1 }
        for k in position...end { ranks[order[k]] = position + 1 }
        position = end + 1
    }
    return ranks
}

/// Orders alternatives best first; ties are broken by the declared `tieBreak` keys, then by input order.
/// - Parameters:
///   - ranks: ranks as returned by ``minimumRanks(_:higherIsBetter:tolerance:)``.
///   - tieBreak: for each alternative, a key where smaller wins (for example its annual kgCO2e); optional.
/// - Returns: alternative indices, best first.
public func orderedByRank(_ ranks: [Int], tieBreak: [Double]? = nil) -> [Int] {
    ranks.indices.sorted { a, b in
        if ranks[a] != ranks[b] { return ranks[a] < ranks[b] }
        if let keys = tieBreak, keys[a] != keys[b] { return keys[a] < keys[b] }
        return a < b
    }
}
