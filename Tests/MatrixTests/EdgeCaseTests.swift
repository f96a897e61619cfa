import Matrix
import Testing

@Suite struct EdgeCaseTests {
    @Test func weightsNotSummingToOneAreNormalisedAndTheRawOnesKept() throws {
        let m = try matrix([[1, 2], [2, 1]], weights: [2, 6], types: [b, b])
        #expect(m.weights == [0.25, 0.75])
        #expect(m.criteria.map(\.rawWeight) == [2, 6])
    }

    @Test func aZeroWeightIsAllowedButAllZeroWeightsAreRefused() throws {
        #expect(try matrix([[1, 2], [2, 1]], weights: [0, 1], types: [b, b]).weights == [0, 1])
        #expect(throws: MatrixError.allWeightsZero) {
            try matrix([[1, 2], [2, 1]], weights: [0, 0], types: [b, b])
        }
    }

    @Test func aNegativeOrMissingWeightIsRefusedByName() throws {
        #expect(throws: MatrixError.invalidWeight(criterion: "C2", value: -1)) {
            try matrix([[1, 2], [2, 1]], weights: [1, -1], types: [b, b])
        }
        #expect {
            try matrix([[1, 2], [2, 1]], weights: [1, .nan], types: [b, b])
        } throws: { error in
            guard case MatrixError.invalidWeight(criterion: "C2", let value) = error else { return false }
            return value.isNaN
        }
    }

    @Test func aRaggedRowNamesItsAlternative() throws {
        #expect(throws: MatrixError.raggedRow(alternative: "A2", found: 1, expected: 2)) {
            try matrix([[1, 2], [2]], weights: [1, 1], types: [b, b])
        }
    }

    @Test func minMaxTurnsAConstantColumnIntoOnesSoTheWeightedSumRankingIsUnchanged() throws {
        let withConstant = try matrix([[1, 5], [3, 5], [2, 5]], weights: [0.5, 0.5], types: [b, b])
        let without = try matrix([[1], [3], [2]], weights: [1], types: [b])
        let a = try ScoringMethod.weightedSum(.minMax).score(withConstant)
        expectClose(a.scores, [0.5, 1.0, 0.75])
        #expect(a.ranks == (try ScoringMethod.weightedSum(.minMax).score(without)).ranks)
    }

    @Test func sumNormalisationRefusesAZeroCarbonValue() throws {
        let m = try matrix([[0, 2], [3, 1]], weights: [1, 1], types: [c, b])
        #expect(
            throws: MatrixError.nonPositiveValue(
                method: "sum (cost inverted 1/x)", alternative: "A1", criterion: "C1", value: 0)
        ) { try ScoringMethod.weightedSum(.sumInvertingCosts).score(m) }
        // Min-max accepts the idle service with 0 kgCO2e: it is simply the best on carbon.
        // A1: carbon (3 − 0)/3 = 1 and value (2 − 1)/1 = 1, so 1; A2 is worst on both, so 0.
        #expect(try ScoringMethod.weightedSum(.minMax).score(m).scores == [1.0, 0.0])
    }

    @Test func tiesShareTheMinimumRankAndTheDeclaredTieBreakOrdersThem() {
        let ranks = minimumRanks([0.5, 0.9, 0.5, 0.1], higherIsBetter: true)
        #expect(ranks == [2, 1, 2, 4])
        // Tie-break by annual kgCO2e: the lower-carbon alternative (index 2) comes first.
        #expect(orderedByRank(ranks, tieBreak: [30, 10, 20, 5]) == [1, 2, 0, 3])
        #expect(orderedByRank(ranks) == [1, 0, 2, 3])
    }

    @Test func allConstantColumnsGiveTopsisClosenessOneHalfByRule() throws {
        let m = try matrix([[1, 1], [1, 1]], weights: [1, 1], types: [b, c])
        #expect(try ScoringMethod.topsis(.vector).score(m).scores == [0.5, 0.5])
        #expect(try ScoringMethod.vikor(v: 0.5).score(m).scores == [0, 0])
    }

    @Test func ahpRefusesANonReciprocalMatrixAndAcceptsTypedThirds() throws {
        #expect {
            try analyticHierarchy([[1, 3], [3, 1]])
        } throws: { error in
            guard case MatrixError.invalidPairwiseMatrix(let reason) = error else { return false }
            return reason.contains("recipro")
        }
        let result = try analyticHierarchy([[1, 3, 5], [0.333, 1, 3], [0.2, 0.333, 1]])
        #expect(result.isConsistent)
        // Two criteria: CR is 0 by definition.
        #expect(try analyticHierarchy([[1, 4], [0.25, 1]]).consistencyRatio == 0)
        expectClose(try analyticHierarchy([[1, 4], [0.25, 1]]).weights, [0.8, 0.2])
    }

    @Test func ahpRefusesAMatrixLargerThanTheRandomIndexTable() {
        let eleven = (0..<11).map { _ in [Double](repeating: 1, count: 11) }
        #expect(throws: MatrixError.invalidPairwiseMatrix("11 criteria: the Saaty (1980) RI table covers at most 10")) {
            try analyticHierarchy(eleven)
        }
    }

    @Test func vikorRefusesAStrategyWeightOutsideZeroToOne() throws {
        let m = try matrix([[1], [2]], weights: [1], types: [b])
        #expect(throws: MatrixError.invalidParameter(name: "v", value: 1.5, expected: "a number from 0 to 1")) {
            try ScoringMethod.vikor(v: 1.5).score(m)
        }
    }
}
