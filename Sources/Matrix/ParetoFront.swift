/// The indices of the Pareto-optimal candidates (no other brings at least as much value for less carbon, or more
/// value for no more carbon), by carbon ascending; ties keep the lowest index.
///
/// A candidate is on the front when it brings more value than every candidate before it in the order (carbon
/// ascending, then value descending, then index ascending). Before sorting, a few probe candidates set aside in one
/// pass every candidate that one of them precedes with at least as much value: such a candidate is off the front,
/// and whatever it would have set aside, the probe (or the candidate that sets the probe aside) sets aside too, so
/// the front of what is left is the front of all. Only what is left is sorted: a few dozen of the thousands of
/// configurations a service can have. With a NaN among the figures, everything is sorted, as before.
/// - Complexity: O(n log n); O(n) passes and a sort of the candidates left when the front is small.
public func paretoFront(_ candidates: [PlanCandidate]) -> [Int] {
    var left = Array(candidates.indices)
    if candidates.count > 32, let probes = paretoProbes(candidates) {
        left = candidates.indices.filter { index in
            !probes.contains {
                paretoPrecedes($0, index, in: candidates) && candidates[$0].value >= candidates[index].value
            }
        }
    }
    left.sort { paretoPrecedes($0, $1, in: candidates) }
    var front: [Int] = []
    var bestValue = -Double.infinity
    for index in left where candidates[index].value > bestValue {
        front.append(index)
        bestValue = candidates[index].value
    }
    return front
}

/// Whether candidate `a` comes before `b` in the front's order: carbon ascending, then value descending, then index.
@inline(__always)
private func paretoPrecedes(_ a: Int, _ b: Int, in candidates: [PlanCandidate]) -> Bool {
    let (x, y) = (candidates[a], candidates[b])
    if x.kgCO2e != y.kgCO2e { return x.kgCO2e < y.kgCO2e }
    if x.value != y.value { return x.value > y.value }
    return a < b
}

/// Candidates likely on the front: the one of least carbon, the one of most value, and those of most value − price ×
/// carbon for prices around the slope between those two; `nil` when a figure is NaN (the order is then not total).
private func paretoProbes(_ candidates: [PlanCandidate]) -> [Int]? {
    var leastCarbon = 0
    var mostValue = 0
    for index in candidates.indices {
        let candidate = candidates[index]
        if candidate.kgCO2e.isNaN || candidate.value.isNaN { return nil }
        if paretoPrecedes(index, leastCarbon, in: candidates) { leastCarbon = index }
        let best = candidates[mostValue]
        if candidate.value > best.value || (candidate.value == best.value && candidate.kgCO2e < best.kgCO2e) {
            mostValue = index
        }
    }
    let (low, high) = (candidates[leastCarbon], candidates[mostValue])
    let slope = (high.value - low.value) / (high.kgCO2e - low.kgCO2e)
    guard slope.isFinite, slope > 0 else { return [mostValue, leastCarbon] }
    let prices = [1.0 / 16, 1.0 / 4, 1.0 / 2, 1, 2, 4, 16].map { $0 * slope }
    var best = [Int](repeating: mostValue, count: prices.count)
    var bestScore = prices.map { high.value - $0 * high.kgCO2e }
    for index in candidates.indices {
        for (slot, price) in prices.enumerated() {
            let score = candidates[index].value - price * candidates[index].kgCO2e
            if score > bestScore[slot] {
                bestScore[slot] = score
                best[slot] = index
            }
        }
    }
    // The middle prices first: their probes set aside most.
    var probes: [Int] = []
    for probe in [3, 2, 4, 1, 5, 0, 6].map({ best[$0] }) + [mostValue, leastCarbon] where !probes.contains(probe) {
        probes.append(probe)
    }
    return probes
}
