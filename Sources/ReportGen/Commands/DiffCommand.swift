import ArgumentParser
import Foundation
import ReportGenCore

/// `reportgen diff`: what changed between two months.
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show what changed between two months: figures, recommendations, decisions, factors.",
        discussion: """
            Compares the current version of each month (the one its folder holds) and says which versions it \
            compared. With --exit-code it exits 1 when a figure, a recommendation or a factor differs, like \
            git diff --exit-code. The archive is opened read-only.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Argument(help: "The earlier month, YYYY-MM.") var from: String
    @Argument(help: "The later month, YYYY-MM.") var to: String
    @Option(help: "The workspace folder.", completion: .directory) var workspace: String?
    @Option(help: "The archive (default: WORKSPACE/archive.sqlite).", completion: .file(extensions: ["sqlite"]))
    var archive: String?
    @Option(help: "text or json.") var format: Format = .text
    @Flag(help: "Exit with 1 when the months differ.") var exitCode = false

    func output() throws -> (text: String, differs: Bool) {
        for month in [from, to] where YearMonth(month) == nil || month.count != 7 {
            throw ValidationError("\(month): expected a month as YYYY-MM")
        }
        let url = try archiveURL(archive: archive, workspace: workspace)
        let comparison = try MonthComparison.compare(
            try DecisionArchive(path: url.path, readOnly: true), from: from, to: to)
        switch format {
        case .text: return (comparison.text, comparison.differs)
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            return (String(decoding: try encoder.encode(comparison), as: UTF8.self) + "\n", comparison.differs)
        }
    }

    func run() throws {
        let (text, differs) = try output()
        print(text, terminator: "")
        if exitCode, differs { throw ExitCode.failure }
    }
}
