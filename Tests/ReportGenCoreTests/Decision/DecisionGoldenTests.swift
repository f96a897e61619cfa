import Foundation
import GoldenTestSupport
import Testing

@testable import ReportGenCore

/// The contract for tools: the demo's `recommendations.csv` and `matrix.csv` (400 Monte Carlo draws, so 100 plan
/// draws) against golden files in `Golden/`. A change of the carbon model moves their figures: re-record on purpose
/// with `RECORD_SNAPSHOTS=1 swift test --filter DecisionGoldenTests`, then review the diff.
@Suite struct DecisionGoldenTests {
    @Test(arguments: ["recommendations.csv", "matrix.csv"])
    func theDemosDecisionFilesMatchTheirGoldenFiles(_ name: String) throws {
        let data = try Data(contentsOf: try SharedDemo.pack().appendingPathComponent(name))
        let text = String(decoding: data, as: UTF8.self)
        // The header is the contract's column list; the rows are pinned whole.
        if name == "recommendations.csv" {
            #expect(
                text.hasPrefix(
                    "service,language,recommendation,scope,lever,cap_files_per_month,avoided_kgco2e_p5,avoided_kgco2e_p50,avoided_kgco2e_p95,value_forgone_per_year,"
                ))
        }
        #expect(GoldenFile.mismatch(text, named: "demo-" + name) == nil)
    }
}
