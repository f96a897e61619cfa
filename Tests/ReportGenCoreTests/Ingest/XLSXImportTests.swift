import Foundation
import Testing

@testable import ReportGenCore

/// Emissions Impact Dashboard workbooks, built by ``XLSXWriter`` from the synthetic quarter's CSV.
@Suite struct XLSXImportTests {
    func sampleRows() throws -> [[String]] {
        let text = try String(
            contentsOf: fixturesDirectory.appendingPathComponent(
                "samples/emissions-impact-dashboard-enrollment-emissions-2025Q1.csv"), encoding: .utf8)
        return text.replacingOccurrences(of: "\u{FEFF}", with: "").split(whereSeparator: \.isNewline).map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
    }

    @Test func readsTheEmissionsSheetOfAWorkbookWithSeveralSheets() throws {
        let rows = try sampleRows()
        let workbook = XLSXWriter.workbook(sheets: [
            ("Notes", [["Exported from Power BI"], ["Emissions Impact Dashboard", "Q1 2025"]]),
            ("Emissions", rows),
            ("Usage", [["dateKey", "usage"], ["20250101", "12"]]),
        ])
        let (format, result) = try load(try temporaryInput("eid.xlsx", workbook))
        #expect(format == .eidXLSX)
        #expect(result.rowCount == 45)
        // The same totals as the CSV: Σ scopes × 1000 = 48.38, 44.8748, 51.2828 kgCO2e.
        let byMonth = Dictionary(grouping: result.records, by: { $0.period.description }).mapValues(sumKg)
        #expect(abs((byMonth["2025-01"] ?? 0) - 48.38) < 1e-9)
        #expect(abs((byMonth["2025-03"] ?? 0) - 51.2828) < 1e-9)
        #expect(result.records.first?.provenance.description == "inputs/eid.xlsx#Emissions!2")
        #expect(result.diagnostics.contains { $0.message.contains("other sheets skipped: Notes, Usage") })
    }

    @Test func aWorkbookWithoutEmissionsColumnsIsAClearError() throws {
        let workbook = XLSXWriter.workbook(sheets: [("Sheet1", [["a", "b"], ["1", "2"]])])
        #expect(throws: IngestError.self) { try load(try temporaryInput("other.xlsx", workbook)) }
        do {
            _ = try load(try temporaryInput("other.xlsx", workbook))
        } catch let error as IngestError {
            #expect(error.description.contains("Sheet1") && error.description.contains("no dateKey and totalEmissions"))
        }
    }

    @Test func aDamagedZipIsAnErrorNotACrash() throws {
        var workbook = XLSXWriter.workbook(sheets: [("Emissions", try sampleRows())])
        workbook.replaceSubrange((workbook.count - 30)..<workbook.count, with: Data(repeating: 0, count: 30))
        #expect(throws: IngestError.self) { try load(try temporaryInput("broken.xlsx", workbook)) }
    }

    @Test func columnReferencesMapToIndices() {
        #expect(XLSXWorkbook.columnIndex("A1") == 0)
        #expect(XLSXWorkbook.columnIndex("K12") == 10)
        #expect(XLSXWorkbook.columnIndex("AA3") == 26)
    }
}
