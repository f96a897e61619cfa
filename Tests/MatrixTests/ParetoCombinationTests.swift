import Matrix
import Testing

@Suite struct ParetoCombinationTests {
    @Test func theFrontKeepsOnlyCandidatesNoOtherBeats() {
        // (2 kg, 5) beats (3 kg, 4); (1 kg, 1) and (4 kg, 9) stay; (2 kg, 5) ties are kept once (lowest index).
        let candidates = [
            PlanCandidate(kgCO2e: 3, value: 4), PlanCandidate(kgCO2e: 2, value: 5), PlanCandidate(kgCO2e: 1, value: 1),
            PlanCandidate(kgCO2e: 4, value: 9), PlanCandidate(kgCO2e: 2, value: 5),
        ]
        #expect(paretoFront(candidates) == [2, 1, 3])
    }

    @Test func theBestCombinationWithinTheBudgetIsExact() throws {
        // Two services: A off (0 kg, 0), A on (6 kg, 10); B off (0, 0), B small (3 kg, 4), B full (5 kg, 7).
        // Budget 9: A on + B small = 9 kg, 14 points beats B full alone (7) and A on alone (10); A on + B full = 11 kg.
        let a = [PlanCandidate(kgCO2e: 0, value: 0), PlanCandidate(kgCO2e: 6, value: 10)]
        let b = [
            PlanCandidate(kgCO2e: 0, value: 0), PlanCandidate(kgCO2e: 3, value: 4), PlanCandidate(kgCO2e: 5, value: 7),
        ]
        let best = try #require(try paretoCombinations([a, b], budget: 9, limit: 100).first)
        #expect(best.choices == [1, 1] && best.kgCO2e == 9 && best.value == 14)
        // Without a budget, the most valuable combination: both full, 11 kg, 17 points.
        #expect(try paretoCombinations([a, b], limit: 100).first?.value == 17)
    }

    @Test func aMergeAboveTheLimitIsRefusedNotExploded() {
        let group = (0..<20).map { PlanCandidate(kgCO2e: Double($0), value: Double($0)) }
        #expect(throws: MatrixError.arbitrationTooLarge(what: "combining group 2", found: 400, limit: 100)) {
            try paretoCombinations([group, group], limit: 100)
        }
    }
}
