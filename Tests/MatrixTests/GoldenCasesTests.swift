import Matrix
import Testing

/// The published cases of ../shared/research/mcda-golden.md, reproduced to 4 decimals.
@Suite struct GoldenCasesTests {
    // G1: Hwang & Yoon (1981) pp. 133-134, fighter aircraft.
    static let g1 = [
        [2.0, 1500, 20000, 5.5, 5, 9], [2.5, 2700, 18000, 6.5, 3, 5],
        [1.8, 2000, 21000, 4.5, 7, 7], [2.2, 1800, 20000, 5.0, 5, 5],
    ]

    @Test func topsisReproducesHwangAndYoonFighterAircraft() throws {
        let m = try matrix(Self.g1, weights: [0.2, 0.1, 0.1, 0.1, 0.2, 0.3], types: [b, b, b, c, b, b])
        let distances = try topsisDistances(m, normalisation: .vector)
        expectClose(distances.toPositiveIdeal, [0.0546, 0.1197, 0.0580, 0.1009])
        expectClose(distances.toNegativeIdeal, [0.0984, 0.0439, 0.0920, 0.0458])
        let result = try ScoringMethod.topsis(.vector).score(m)
        expectClose(result.scores, [0.6433, 0.2684, 0.6135, 0.3123])
        // The book prints 0.643, 0.268, 0.613, 0.312.
        expectClose(result.scores, [0.643, 0.268, 0.613, 0.312], tolerance: 1e-3)
        #expect(result.ranks == [1, 4, 2, 3])
    }

    @Test func topsisWithMinMaxSwapsA2AndA4AsTheNormalisationTrapWarns() throws {
        let m = try matrix(Self.g1, weights: [0.2, 0.1, 0.1, 0.1, 0.2, 0.3], types: [b, b, b, c, b, b])
        let result = try ScoringMethod.topsis(.minMax).score(m)
        expectClose(result.scores, [0.6127, 0.3660, 0.5306, 0.3517])
        #expect(result.ranks == [1, 3, 2, 4])
    }

    // G3a: Saaty (1990) EJOR 48:9-26, Table 1, choosing a house.
    static let house: [[Double]] = [
        [1, 5, 3, 7, 6, 6, 1.0 / 3, 1.0 / 4], [1.0 / 5, 1, 1.0 / 3, 5, 3, 3, 1.0 / 5, 1.0 / 7],
        [1.0 / 3, 3, 1, 6, 3, 4, 6, 1.0 / 5], [1.0 / 7, 1.0 / 5, 1.0 / 6, 1, 1.0 / 3, 1.0 / 4, 1.0 / 7, 1.0 / 8],
        [1.0 / 6, 1.0 / 3, 1.0 / 3, 3, 1, 1.0 / 2, 1.0 / 5, 1.0 / 6],
        [1.0 / 6, 1.0 / 3, 1.0 / 4, 4, 2, 1, 1.0 / 5, 1.0 / 6],
        [3, 5, 1.0 / 6, 7, 5, 5, 1, 1.0 / 2], [4, 7, 5, 8, 6, 6, 2, 1],
    ]

    @Test func ahpEigenvectorReproducesSaatysHouseAndFlagsItInconsistent() throws {
        let result = try analyticHierarchy(Self.house)
        expectClose(result.weights, [0.1730, 0.0540, 0.1881, 0.0175, 0.0310, 0.0363, 0.1668, 0.3332])
        expectClose([result.lambdaMax, result.consistencyIndex, result.consistencyRatio], [9.6689, 0.2384, 0.1691])
        #expect(!result.isConsistent)
        #expect(result.randomIndexTable == "Saaty (1980)")
    }

    @Test func ahpConsistencyRatioDependsOnTheNamedRandomIndexTable() throws {
        let tummala = try analyticHierarchy(Self.house, table: .tummalaLing)
        let aguaron = try analyticHierarchy(Self.house, table: .aguaron)
        expectClose([tummala.consistencyRatio, aguaron.consistencyRatio], [0.1709, 0.1698])
    }

    @Test func ahpGeometricMeanGivesTheWeightsReportedInPyDecisionIssue15() throws {
        let result = try analyticHierarchy(Self.house, method: .geometricMean)
        expectClose(result.weights, [0.1748, 0.0626, 0.1487, 0.0193, 0.0356, 0.0423, 0.1670, 0.3496])
        expectClose([result.lambdaMax, result.consistencyRatio], [9.5932, 0.1614])
    }

    // G4: Opricovic & Tzeng (2007) EJOR 178(2):514-529.
    static let g4: [[Double]] = [
        [4184.3, 2914.0, 407.2, 251.0, 195, 244, 15, 2.41], [5211.9, 3630.0, 501.7, 308.3, 282, 346, 21, 1.41],
        [5021.3, 3920.5, 504.0, 278.6, 12, 56, 3, 4.42], [5566.1, 3957.9, 559.5, 335.3, 167, 268, 16, 3.36],
        [5060.5, 3293.5, 514.1, 284.2, 69, 90, 7, 4.04], [4317.9, 2925.9, 432.8, 239.3, 12, 55, 3, 4.36],
    ]

    struct VIKORCase: Sendable, CustomTestStringConvertible {
        let weights: [Double]
        let s: [Double]
        let r: [Double]
        let q: [Double]
        let ranks: [Int]
        let advantage: Bool
        let compromise: [Int]
        var testDescription: String { "weights \(weights)" }
    }

    static let vikorCases = [
        VIKORCase(
            weights: [1, 1, 1, 1, 1, 1, 1, 1], s: [0.6925, 0.7004, 0.2896, 0.4226, 0.2800, 0.3458],
            r: [0.1250, 0.1250, 0.1205, 0.1250, 0.0665, 0.1250], q: [0.9906, 1.0000, 0.4732, 0.6696, 0.0000, 0.5783],
            ranks: [5, 6, 2, 4, 1, 3], advantage: true, compromise: [4]),
        VIKORCase(
            weights: [2, 2, 2, 2, 1, 1, 1, 1], s: [0.7015, 0.6005, 0.3859, 0.3650, 0.3166, 0.4594],
            r: [0.1667, 0.1143, 0.1607, 0.1667, 0.0887, 0.1667], q: [1.0000, 0.5330, 0.5517, 0.5629, 0.0000, 0.6855],
            ranks: [6, 2, 3, 4, 1, 5], advantage: true, compromise: [4]),
        VIKORCase(
            weights: [1, 1, 1, 1, 2, 2, 2, 2], s: [0.6835, 0.8002, 0.1934, 0.4801, 0.2433, 0.2322],
            r: [0.1130, 0.1667, 0.0803, 0.1220, 0.0444, 0.0833], q: [0.6842, 1.0000, 0.1471, 0.5536, 0.0411, 0.1913],
            ranks: [5, 6, 2, 4, 1, 3], advantage: false, compromise: [4, 2, 5]),
        VIKORCase(
            weights: [1, 1, 1, 1, 3.2, 3.2, 3.2, 3.2], s: [0.6783, 0.8573, 0.1384, 0.5129, 0.2223, 0.1673],
            r: [0.1291, 0.1905, 0.0574, 0.1394, 0.0423, 0.0595], q: [0.6684, 1.0000, 0.0508, 0.5882, 0.0584, 0.0782],
            ranks: [5, 6, 1, 4, 2, 3], advantage: false, compromise: [2, 4, 5]),
    ]

    @Test(arguments: vikorCases)
    func vikorReproducesOpricovicAndTzeng2007(_ golden: VIKORCase) throws {
        let m = try matrix(Self.g4, weights: golden.weights, types: [b, c, b, b, c, c, c, b])
        let result = try ScoringMethod.vikor(v: 0.5).score(m)
        let details = try #require(result.vikor)
        expectClose(details.s, golden.s)
        expectClose(details.r, golden.r)
        expectClose(details.q, golden.q)
        #expect(result.ranks == golden.ranks)
        #expect(details.hasAcceptableAdvantage == golden.advantage)
        #expect(details.hasAcceptableStability)
        #expect(details.compromiseSet == golden.compromise)
    }

    // G4c: Opricovic & Tzeng (2004), a tie.
    @Test func vikorAndTopsisTieOnOpricovic2004AndShareTheMinimumRank() throws {
        let m = try matrix([[1, 3000], [2, 3750], [5, 4500]], weights: [0.5, 0.5], types: [c, b])
        let vikor = try ScoringMethod.vikor(v: 0.5).score(m)
        let details = try #require(vikor.vikor)
        expectClose(details.s, [0.5, 0.375, 0.5])
        expectClose(details.r, [0.5, 0.25, 0.5])
        expectClose(details.q, [1, 0, 1])
        #expect(vikor.ranks == [2, 1, 2])
        #expect(details.compromiseSet == [1])
        let minMax = try ScoringMethod.topsis(.minMax).score(m)
        expectClose(minMax.scores, [0.5000, 0.6172, 0.5000])
        #expect(minMax.ranks == [2, 1, 2])
        expectClose(try ScoringMethod.topsis(.vector).score(m).scores, [0.7621, 0.7222, 0.2379])
    }

    // G5a: Papathanasiou & Ploskas (2018), via pyrepo-mcda.
    static let g5: [[Double]] = [
        [8, 7, 2, 1], [5, 3, 7, 5], [7, 5, 6, 4], [9, 9, 7, 3], [11, 10, 3, 7], [6, 9, 5, 4],
    ]

    @Test func prometheeLinearReproducesPapathanasiouAndPloskas() throws {
        let m = try matrix(Self.g5, weights: [0.4, 0.3, 0.1, 0.2], types: [b, b, b, b])
        let result = try ScoringMethod.promethee(.linear(q: 1, p: 2)).score(m)
        let flows = try #require(result.flows)
        expectClose(flows.leaving, [0.28, 0.14, 0.22, 0.52, 0.78, 0.26])
        expectClose(flows.entering, [0.54, 0.66, 0.44, 0.16, 0.08, 0.32])
        expectClose(result.scores, [-0.26, -0.52, -0.22, 0.36, 0.70, -0.06])
        #expect(result.ranks == [5, 6, 4, 2, 1, 3])
    }

    @Test func prometheeUsualGivesThePublishedNetFlows() throws {
        let m = try matrix(Self.g5, weights: [0.4, 0.3, 0.1, 0.2], types: [b, b, b, b])
        expectClose(try ScoringMethod.promethee(.usual).score(m).scores, [-0.28, -0.50, -0.24, 0.32, 0.84, -0.14])
    }

    // G6: Kracka, Brauers & Zavadskas (2010).
    static let g6: [[Double]] = [
        [33.95, 23.78, 11.45, 39.97, 29.44, 167.10, 3.852], [38.9, 4.17, 6.32, 0.01, 4.29, 132.52, 25.184],
        [37.59, 9.36, 8.23, 4.35, 10.22, 136.71, 10.845], [30.44, 37.59, 13.91, 74.08, 45.10, 198.34, 2.186],
        [36.21, 14.79, 9.17, 17.77, 17.06, 148.3, 6.610], [37.8, 8.55, 7.97, 2.35, 9.25, 134.83, 11.935],
    ]

    @Test func weightedSumWithInvertedCostsReproducesKracka2010() throws {
        let m = try matrix(Self.g6, weights: [20, 20, 20, 20, 20, 20, 20], types: [c, c, c, c, b, c, b])
        let result = try ScoringMethod.weightedSum(.sumInvertingCosts).score(m)
        expectClose(
            result.scores, [0.12040426, 0.34582350, 0.13838192, 0.12841246, 0.12346084, 0.14351701], tolerance: 5e-9)
        #expect(result.ranks == [6, 1, 3, 4, 5, 2])
        let minMax = try ScoringMethod.weightedSum(.minMax).score(m)
        expectClose(minMax.scores, [0.4209, 0.7143, 0.5925, 0.2857, 0.5215, 0.6086])
        #expect(minMax.ranks == [5, 1, 3, 6, 4, 2])
    }

    // G10: the synthetic microservice × language case, checked with pymcdm and scikit-criteria.
    static let g10: [[Double]] = [
        [12.0, 4, 120000, 3], [18.0, 3, 15000, 3], [9.0, 2, 40000, 3], [45.0, 5, 90000, 3],
    ]

    @Test func domainSmokeCaseMatchesPymcdmAndScikitCriteria() throws {
        let m = try matrix(Self.g10, weights: [0.4, 0.3, 0.2, 0.1], types: [c, b, b, b])
        let wsm = try ScoringMethod.weightedSum(.minMax).score(m)
        expectClose(wsm.scores, [0.8667, 0.5000, 0.5476, 0.5429])
        #expect(wsm.ranks == [1, 4, 2, 3])
        let topsis = try ScoringMethod.topsis(.vector).score(m)
        expectClose(topsis.scores, [0.8657, 0.5565, 0.6413, 0.3522])
        #expect(topsis.ranks == [1, 3, 2, 4])
        expectClose(try ScoringMethod.topsis(.minMax).score(m).scores, [0.8146, 0.5132, 0.5449, 0.4513])
    }

    @Test func vikorGivesAConstantCriterionZeroContributionAsScikitCriteriaDoes() throws {
        let m = try matrix(Self.g10, weights: [0.4, 0.3, 0.2, 0.1], types: [c, b, b, b])
        #expect(m.constantCriteria == [3])
        let details = try #require(try ScoringMethod.vikor(v: 0.5).score(m).vikor)
        expectClose(details.s, [0.1333, 0.5000, 0.4524, 0.4571])
        expectClose(details.r, [0.1000, 0.2000, 0.3000, 0.4000])
        expectClose(details.q, [0.0000, 0.6667, 0.7684, 0.9416])
    }

    struct SweepCase: Sendable { let carbonWeight: Double; let wsm: [Int]; let topsis: [Int] }
    static let sweep = [
        SweepCase(carbonWeight: 0.1, wsm: [1, 3, 4, 2], topsis: [1, 4, 3, 2]),
        SweepCase(carbonWeight: 0.2, wsm: [1, 3, 4, 2], topsis: [1, 4, 3, 2]),
        SweepCase(carbonWeight: 0.3, wsm: [1, 4, 3, 2], topsis: [1, 3, 2, 4]),
        SweepCase(carbonWeight: 0.4, wsm: [1, 4, 2, 3], topsis: [1, 3, 2, 4]),
        SweepCase(carbonWeight: 0.5, wsm: [1, 3, 2, 4], topsis: [1, 3, 2, 4]),
        SweepCase(carbonWeight: 0.7, wsm: [1, 3, 2, 4], topsis: [1, 3, 2, 4]),
    ]

    @Test(arguments: sweep)
    func carbonWeightSweepMovesMistralEnglishAsPublished(_ golden: SweepCase) throws {
        // The other weights (0.3, 0.2, 0.1) are rescaled to share 1 − w.
        let rest = 1 - golden.carbonWeight
        let weights = [golden.carbonWeight, 0.3 / 0.6 * rest, 0.2 / 0.6 * rest, 0.1 / 0.6 * rest]
        let m = try matrix(Self.g10, weights: weights, types: [c, b, b, b])
        #expect(try ScoringMethod.weightedSum(.minMax).score(m).ranks == golden.wsm)
        #expect(try ScoringMethod.topsis(.vector).score(m).ranks == golden.topsis)
    }
}
