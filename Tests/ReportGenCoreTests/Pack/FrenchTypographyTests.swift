import Foundation
import Templates
import Testing

@testable import ReportGenCore

/// The French report of the demo, read as a French proofreader reads it.
@Suite struct FrenchTypographyTests {
    func frenchReport() throws -> HTMLDocument {
        let folder = try SharedDemo.pack()
        return try #require(HTMLDocument(try Data(contentsOf: folder.appendingPathComponent("index.html"))))
    }

    @Test func everyTextNodeOfTheFrenchReportPassesTheScan() throws {
        let html = try frenchReport()
        let texts = html.elements(FrenchTextScan.proseXPath).map(\.text)
        #expect(texts.count > 500)  // the whole report, not an empty page
        let problems = FrenchTextScan.violations(in: texts)
        #expect(problems.isEmpty, "\(problems.prefix(20).joined(separator: "\n"))")
        // The colon that follows </strong> ("Budget carbone annuel : …") is spaced in its own text node.
        let raw = try String(contentsOf: SharedDemo.pack().appendingPathComponent("index.html"), encoding: .utf8)
        #expect(!raw.contains("</strong>:"))
    }

    @Test func theScanCatchesWhatTheIssueFound() {
        // The issue's examples: a decimal point in prose, a colon without the space, English words.
        let problems = FrenchTextScan.violations(in: [
            "score 0.861 ≥ seuil 0.60", "Évité: 12", "the file does not state its month", "unallocated",
        ])
        #expect(problems.count >= 5)
        #expect(FrenchTextScan.violations(in: ["score 0,861 ≥ seuil 0,60", "Évité\u{00A0}: 12", "08:00"]).isEmpty)
    }

    @Test func everyDemoDiagnosticIsShownInFrench() throws {
        let content = try SharedDemo.content()
        let view = PackView(
            content: content, language: .fr, strings: try TemplateSet.builtIn().strings(for: .fr), toolVersion: "test")
        #expect(!content.diagnostics.isEmpty)
        for diagnostic in content.diagnostics {
            let (text, isTranslated) = view.diagnosticText(diagnostic)
            #expect(isTranslated, "no code for: \(diagnostic.message)")
            #expect(!text.contains("{"), "a placeholder is left in: \(text)")
        }
    }
}
