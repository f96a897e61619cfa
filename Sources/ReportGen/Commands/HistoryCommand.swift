import ArgumentParser
import Foundation
import ReportGenCore

/// `reportgen history`: the packs and decisions in the archive.
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history", abstract: "List the archived packs and sign-offs.")

    enum Format: String, ExpressibleByArgument { case table, csv, json }

    @Option(help: "The workspace folder.") var workspace = "."
    @Option(help: "The archive (default: WORKSPACE/archive.sqlite).") var archive: String?
    @Option(help: "table, csv or json.") var format: Format = .table

    func run() throws {
        do {
            let path =
                archive.map { fileURL($0).path }
                ?? fileURL(workspace).appendingPathComponent(DecisionArchive.fileName).path
            let rows = try ArchiveHistory.rows(try DecisionArchive(path: path, create: false))
            switch format {
            case .json:
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                print(String(decoding: try encoder.encode(rows), as: UTF8.self))
            case .csv, .table:
                let header = [
                    "record", "kind", "period", "version", "status", "signer", "role", "decision", "overrides",
                    "signed", "date",
                ]
                let cells = rows.map { row in
                    [
                        String(row.record), row.kind, row.period, row.version.map(String.init) ?? "", row.status ?? "",
                        row.signer ?? "",
                        row.role ?? "", row.decision ?? "", row.overrides.map(String.init) ?? "",
                        row.signed.map { $0 ? "yes" : "no" } ?? "", row.date,
                    ]
                }
                if format == .csv {
                    let writer = CSVWriter(dialect: .rfc4180)
                    print(writer.file(header: header, rows: cells.map { $0.map { .text($0) } }), terminator: "")
                } else {
                    print(TextTable(header: header, rows: cells).render(), terminator: "")
                }
            }
        } catch {
            printError("\(error)")
            throw ExitCode.failure
        }
    }
}

/// `reportgen diff`: what changed between two months.
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show what changed between two months: figures, recommendations, decisions, factors.")

    @Argument(help: "The earlier month, YYYY-MM.") var from: String
    @Argument(help: "The later month, YYYY-MM.") var to: String
    @Option(help: "The workspace folder.") var workspace = "."
    @Option(help: "The archive (default: WORKSPACE/archive.sqlite).") var archive: String?

    func run() throws {
        do {
            let path =
                archive.map { fileURL($0).path }
                ?? fileURL(workspace).appendingPathComponent(DecisionArchive.fileName).path
            print(
                try ArchiveHistory.diff(try DecisionArchive(path: path, create: false), from: from, to: to),
                terminator: "")
        } catch {
            printError("\(error)")
            throw ExitCode.failure
        }
    }
}
