import Matrix
import Testing

/// The front found after the probes set candidates aside is the one found by sorting every candidate.
@Suite struct ParetoFrontTests {
    /// The front as it was computed before the probes: sort every candidate, keep each that beats all before it.
    static func referenceFront(_ candidates: [PlanCandidate]) -> [Int] {
        let order = candidates.indices.sorted {
            let (a, b) = (candidates[$0], candidates[$1])
            if a.kgCO2e != b.kgCO2e { return a.kgCO2e < b.kgCO2e }
            if a.value != b.value { return a.value > b.value }
            return $0 < $1
        }
        var front: [Int] = []
        var bestValue = -Double.infinity
        for index in order where candidates[index].value > bestValue {
            front.append(index)
            bestValue = candidates[index].value
        }
        return front
    }

    /// Clouds shaped as the plan search's are (value growing with carbon, with noise), as uniform squares, and on a
    /// coarse grid so that equal carbon, equal value and exact duplicates are common.
    static func cloud(_ shape: Int, count: Int, seed: UInt64) -> [PlanCandidate] {
        var generator = SeededGenerator(seed: seed)
        func uniform() -> Double { Double(generator.next() >> 11) / Double(1 << 53) }
        return (0..<count).map { _ in
            switch shape {
            case 0:
                let kg = uniform() * 100
                return PlanCandidate(kgCO2e: kg, value: kg.squareRoot() * 10 * (0.5 + uniform()))
            case 1: return PlanCandidate(kgCO2e: uniform(), value: uniform())
            default: return PlanCandidate(kgCO2e: Double(Int(uniform() * 8)), value: Double(Int(uniform() * 8)))
            }
        }
    }

    @Test(arguments: [0, 1, 2, 31, 32, 33, 100, 2_000, 8_000])
    func theFrontIsTheOneSortingEveryCandidateGives(count: Int) {
        for shape in 0..<3 {
            for seed in 1...5 as ClosedRange<UInt64> {
                let candidates = Self.cloud(shape, count: count, seed: seed &* 31 &+ UInt64(count))
                #expect(paretoFront(candidates) == Self.referenceFront(candidates), "shape \(shape), seed \(seed)")
            }
        }
    }

    @Test func edgeFiguresGiveTheSameFrontAsSortingEverything() {
        // Everything equal (the lowest index alone); infinities and zeros of either sign; one NaN (everything sorted,
        // as before); a vertical and a horizontal line of candidates.
        let equal = [PlanCandidate](repeating: PlanCandidate(kgCO2e: 3, value: 2), count: 50)
        var infinite = ParetoFrontTests.cloud(1, count: 60, seed: 9)
        infinite[5] = PlanCandidate(kgCO2e: .infinity, value: .infinity)
        infinite[6] = PlanCandidate(kgCO2e: -0.0, value: 0.0)
        infinite[7] = PlanCandidate(kgCO2e: 0.0, value: -.infinity)
        var withNaN = ParetoFrontTests.cloud(0, count: 60, seed: 10)
        withNaN[3] = PlanCandidate(kgCO2e: .nan, value: 4)
        let vertical = (0..<50).map { PlanCandidate(kgCO2e: 1, value: Double($0 % 7)) }
        let horizontal = (0..<50).map { PlanCandidate(kgCO2e: Double($0 % 7), value: 1) }
        for (name, candidates) in [
            ("equal", equal), ("infinite", infinite), ("NaN", withNaN), ("vertical", vertical),
            ("horizontal", horizontal),
        ] {
            #expect(paretoFront(candidates) == Self.referenceFront(candidates), "\(name)")
        }
        #expect(paretoFront(equal) == [0])
    }
}
