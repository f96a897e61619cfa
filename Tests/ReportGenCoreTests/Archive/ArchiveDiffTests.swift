import Foundation
import Testing

@testable import ReportGenCore

@Suite struct ArchiveDiffTests {
    func record(_ period: String, _ cells: [(String, String)]) -> PackRecord {
        PackRecord(
            period: period, version: 1, status: "draft", generatedAt: "2025-11-29T08:00:00Z", toolVersion: "test",
            configSHA256: "", factorsSHA256: "", manifestSHA256: "", files: [:], inputs: [:],
            recommendations: cells.map { .init(cell: $0.0, recommendation: $0.1, capFilesPerMonth: nil) })
    }

    /// A language whose traffic stopped leaves the matrix; diff says so instead of "no change".
    @Test func diffReportsACellThatLeftTheMatrix() throws {
        let archive = try DecisionArchive(
            path: try temporaryDirectory().appendingPathComponent(DecisionArchive.fileName).path, create: true)
        try archive.archive(
            files: [], record: record("2025-02", [("translation/fr", "activate"), ("translation/de", "restrict")]))
        try archive.archive(files: [], record: record("2025-03", [("translation/fr", "activate")]))
        let comparison = try MonthComparison.compare(archive, from: "2025-02", to: "2025-03")
        #expect(comparison.differs)
        #expect(comparison.recommendations == [.init(key: "translation/de", from: "restrict", to: nil)])
        let diff = comparison.text
        #expect(diff.contains("translation/de: restrict → (none: no traffic, not in the matrix)"))
        let recommendations =
            diff.components(separatedBy: "## Recommendations").last?
            .components(separatedBy: "## Decisions").first ?? ""
        #expect(!recommendations.contains("no change"))
    }
}
