import ArgumentParser
import Foundation
import Testing

@testable import ReportGen
@testable import ReportGenCore

/// `reportgen score` and `reportgen weights` on published cases (../shared/research/mcda-golden.md).
@Suite struct StandaloneCommandTests {
    static let fighters = """
        aircraft,speed,range,payload,cost,reliability,maneuverability
        A1,2.0,1500,20000,5.5,5,9
        A2,2.5,2700,18000,6.5,3,5
        A3,1.8,2000,21000,4.5,7,7
        A4,2.2,1800,20000,5.0,5,5
        weight,0.2,0.1,0.1,0.1,0.2,0.3
        type,+,+,+,-,+,+
        """

    @Test func scoreReadsWeightAndTypeRowsAndPrintsHwangAndYoon() throws {
        let file = try temporaryInput("fighters.csv", Self.fighters)
        let text = try ScoreCommand.parse([file.url.path, "--method", "topsis"]).output()
        // G1: C* = 0.6433, 0.2684, 0.6135, 0.3123 → A1, A3, A4, A2.
        #expect(
            text == """
                # TOPSIS, vector normalisation, Euclidean distance
                alternative   score  rank
                -----------  ------  ----
                A1           0.6433     1
                A3           0.6135     2
                A4           0.3123     3
                A2           0.2684     4

                """)
    }

    @Test func scoreFlagsOverrideTheRowsAndVikorPrintsTheCompromiseSet() throws {
        let file = try temporaryInput("tie.csv", "alt,risk,altitude\nA1,1,3000\nA2,2,3750\nA3,5,4500\n")
        let text = try ScoreCommand.parse([file.url.path, "--method", "vikor", "--weights", "0.5,0.5", "--types=-,+"])
            .output()
        // G4c: Q = [1, 0, 1], ties share rank 2, compromise set {A2}.
        #expect(text.contains("A2           0.3750  0.2500  0.0000     1"))
        #expect(text.contains("A1           0.5000  0.5000  1.0000     2"))
        #expect(text.contains("A3           0.5000  0.5000  1.0000     2"))
        #expect(text.contains("compromise set: A2 (acceptable advantage: yes, acceptable stability: yes)"))
        let csv = try ScoreCommand.parse([
            file.url.path, "--method", "vikor", "--weights", "0.5,0.5", "--types=-,+", "--csv",
        ]).output()
        #expect(csv.hasPrefix("alternative,S,R,Q,rank\r\nA2,0.3750,0.2500,0.0000,1\r\n"))
    }

    @Test func scoreCSVWritesNegativeFlowsAsNumbersNeverAsFormulaText() throws {
        let file = try temporaryInput("fighters.csv", Self.fighters)
        let csv = try ScoreCommand.parse([file.url.path, "--method", "promethee", "--csv"]).output()
        let rows = csv.split(separator: "\r\n").dropFirst().map {
            $0.split(separator: ",", omittingEmptySubsequences: false)
        }
        #expect(rows.count == 4)
        // PROMETHEE II net flows sum to 0 over the alternatives, so at least one is negative; each is written
        // as a plain number ("-0.1234"), never neutralised as text ("'-0.1234").
        let flows = rows.compactMap { $0.count == 5 ? Double($0[3]) : nil }
        #expect(flows.count == 4)
        #expect(flows.contains { $0 < 0 })
        #expect(abs(flows.reduce(0, +)) < 1e-3)
        #expect(!csv.contains("'"))
    }

    @Test func anAlternativeWithoutAScoreIsRankedLastNeverFirst() {
        // Scores 0.5, NaN, 0.7 (higher is better): 0.7 first, 0.5 second, the NaN after every scored one.
        #expect(
            ScoreCommand.ranksWithUnscoredLast([0.5, .nan, 0.7], ranks: [3, 1, 2], higherIsBetter: true) == [2, 3, 1])
        // VIKOR's Q, lower is better: the NaN is still last.
        #expect(
            ScoreCommand.ranksWithUnscoredLast([0.5, .nan, 0.7], ranks: [1, 1, 2], higherIsBetter: false) == [1, 3, 2])
        // All finite: the method's own ranks are kept.
        #expect(ScoreCommand.ranksWithUnscoredLast([0.5, 0.6], ranks: [2, 1], higherIsBetter: true) == [2, 1])
    }

    @Test func scoreRejectsAMalformedCellWithItsLineAndColumn() throws {
        let file = try temporaryInput("bad.csv", "alt,a,b\nX,1,2\nY,3,three\n")
        #expect(
            throws: IngestError.invalidField(
                file: file.url.path, line: 3, column: 3, field: "b", found: "three", expected: "a number")
        ) {
            try ScoreCommand.parse([file.url.path]).output()
        }
        let ragged = try temporaryInput("ragged.csv", "alt,a,b\nX,1\n")
        #expect {
            try ScoreCommand.parse([ragged.url.path]).output()
        } throws: { error in
            guard case IngestError.fieldCount(_, line: 2, found: 2, expected: 3, _) = error else { return false }
            return true
        }
    }

    @Test func weightsPrintsSaatysHouseAndSaysItIsInconsistent() throws {
        let rows = GoldenPairwise.house
        let file = try temporaryInput("house.csv", rows)
        let (text, isConsistent) = try WeightsCommand.parse([file.url.path]).output()
        #expect(!isConsistent)
        // G3a: w = .173 .054 .188 .018 .031 .036 .167 .333; λmax 9.6689, CI 0.2384, CR 0.1691 (Saaty RI 1.41).
        #expect(text.contains("size            0.1730"))
        #expect(text.contains("lambda_max = 9.6689, CI = 0.2384, CR = 0.1691 (RI: Saaty (1980))"))
        #expect(text.contains("INCONSISTENT: CR = 0.1691 > 0.10"))
    }

    @Test func weightsAcceptsFractionsAndRejectsANonSquareMatrix() throws {
        let file = try temporaryInput("ok.csv", ",a,b,c\na,1,3,5\nb,1/3,1,3\nc,1/5,1/3,1\n")
        let (text, isConsistent) = try WeightsCommand.parse([file.url.path]).output()
        #expect(isConsistent)
        #expect(text.contains("consistent: CR ≤ 0.10"))
        let bad = try temporaryInput("bad.csv", ",a,b\na,1,x\nb,1,1\n")
        #expect(
            throws: IngestError.invalidField(
                file: bad.url.path, line: 2, column: 3, field: "b", found: "x",
                expected: "a positive number or a fraction such as 1/5")
        ) {
            try WeightsCommand.parse([bad.url.path]).output()
        }
    }
}

enum GoldenPairwise {
    /// Saaty (1990), EJOR 48:9-26, Table 1.
    static let house = """
        ,size,transportation,neighbourhood,age,yard,modern,condition,financing
        size,1,5,3,7,6,6,1/3,1/4
        transportation,1/5,1,1/3,5,3,3,1/5,1/7
        neighbourhood,1/3,3,1,6,3,4,6,1/5
        age,1/7,1/5,1/6,1,1/3,1/4,1/7,1/8
        yard,1/6,1/3,1/3,3,1,1/2,1/5,1/6
        modern,1/6,1/3,1/4,4,2,1,1/5,1/6
        condition,3,5,1/6,7,5,5,1,1/2
        financing,4,7,5,8,6,6,2,1
        """
}
