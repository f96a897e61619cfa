import Foundation
import Testing

@testable import ReportGenCore

/// The same inputs give byte-identical packs, across processes: Swift seeds its hashing per process, so a sum over a
/// dictionary's values would differ in its last digits from one run to the next (it did, in the reconciliation).
@Suite struct ReproducibleBuildTests {
    @Test func twoProcessesBuildingTheSameWorkspaceWriteTheSameFiguresByteForByte() throws {
        let first = try lightDemoWorkspace()
        let second = try lightDemoWorkspace()
        for root in [first, second] {
            let result = try runBuiltReportGen(["build", "--workspace", root.path, "--quiet"])
            #expect(result.status == 0, "\(result.stderr)")
        }
        // Every figure file; pack.json without the time it was generated at, the one field meant to differ.
        for name in [
            "pack.json", "emissions.csv", "recommendations.csv", "matrix.csv", "reconciliation.csv", "forecast.csv",
            "factors.csv",
        ] {
            let texts = try [first, second].map { root in
                try String(contentsOf: root.appendingPathComponent("packs/2025-03/" + name), encoding: .utf8)
                    .split(separator: "\n", omittingEmptySubsequences: false)
                    .filter { !$0.contains("\"generatedAt\"") }.joined(separator: "\n")
            }
            #expect(texts[0] == texts[1], "\(name) differs between two runs")
        }
    }
}
