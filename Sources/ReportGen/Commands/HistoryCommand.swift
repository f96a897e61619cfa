import ArgumentParser
import Foundation
import ReportGenCore

/// `reportgen history`: every version of each month and the decisions on them.
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history", abstract: "List, per month, every archived version and sign-off.",
        discussion: """
            Shows which version each month's folder holds (current), who signed what (UNSIGNED when recorded \
            without a key), and whether a later draft supersedes a signed version. The archive is opened read-only.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, csv, json }

    @Argument(help: "A pack folder, to find its archive from (anywhere).", completion: .directory) var pack: String?
    @Option(help: "The workspace folder.", completion: .directory) var workspace: String?
    @Option(help: "The archive (default: WORKSPACE/archive.sqlite).", completion: .file(extensions: ["sqlite"]))
    var archive: String?
    @Option(help: "table, csv or json.") var format: Format = .table

    func output() throws -> String {
        let url = try archiveURL(archive: archive, workspace: workspace, pack: pack)
        let rows = try ArchiveHistory.rows(try DecisionArchive(path: url.path, readOnly: true))
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            return String(decoding: try encoder.encode(rows), as: UTF8.self) + "\n"
        case .csv, .table:
            let header = [
                "period", "record", "kind", "version", "status", "current", "signer", "role", "decision",
                "overrides", "signed", "date", "note",
            ]
            let cells = rows.map(Self.cells)
            if format == .csv {
                let writer = CSVWriter(dialect: .rfc4180)
                return writer.file(header: header, rows: cells.map { $0.map { .text($0) } })
            }
            return TextTable(header: header, rows: cells).render()
        }
    }

    private static func cells(_ row: ArchiveHistory.Row) -> [String] {
        let version: String = row.version.map { "v\($0)" } ?? ""
        let current: String = row.current.map { $0 ? "current" : "" } ?? ""
        let overrides: String = row.overrides.map(String.init) ?? ""
        let signed: String = row.signed.map { $0 ? "signed" : "UNSIGNED" } ?? ""
        var cells: [String] = [row.period, String(row.record), row.kind, version, row.status ?? "", current]
        cells += [row.signer ?? "", row.role ?? "", row.decision ?? "", overrides, signed, row.date, row.note ?? ""]
        return cells
    }

    func run() throws { print(try output(), terminator: "") }
}
