import ArgumentParser
import Foundation
import ReportGenCore

/// `reportgen validate`: checks `reportgen.yaml` and every input file, reporting every problem at once.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check reportgen.yaml and every input file; list every problem, grouped by file.",
        discussion: "Exits with 1 when there is an error; warnings alone do not fail.")

    @Option(help: "The workspace folder.", completion: .directory)
    var workspace = "."

    @Option(help: "Force a file's format: FILE=KIND. Repeatable.")
    var kind: [String] = []

    func run() throws {
        let (diagnostics, fileCount) = try check()
        print(Self.report(diagnostics, fileCount: fileCount), terminator: "")
        if diagnostics.contains(where: { $0.severity == .error }) { throw ExitCode.failure }
    }

    /// Every diagnostic of the configuration and the inputs, and the number of input files.
    func check() throws -> (diagnostics: [Diagnostic], fileCount: Int) {
        let validation = WorkspaceValidation.run(workspace: fileURL(workspace), forcedKinds: try parseKinds(kind))
        return (validation.diagnostics, validation.fileCount)
    }

    /// The grouped listing: one heading per file with its counts, then each diagnostic.
    static func report(_ diagnostics: [Diagnostic], fileCount: Int) -> String {
        var text = ""
        let byFile = Dictionary(grouping: diagnostics, by: \.file)
        for file in byFile.keys.sorted() {
            let entries = (byFile[file] ?? []).sorted {
                ($0.line ?? 0, $0.column ?? 0) < ($1.line ?? 0, $1.column ?? 0)
            }
            text += "\(file): \(counts(entries))\n"
            for entry in entries { text += "  \(entry.description)\n" }
        }
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.filter { $0.severity == .warning }.count
        text +=
            "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s") in \(fileCount) input file\(fileCount == 1 ? "" : "s") and \(Workspace.configFileName)\n"
        return text
    }

    private static func counts(_ entries: [Diagnostic]) -> String {
        let parts = [Diagnostic.Severity.error, .warning, .note].compactMap { severity -> String? in
            let count = entries.filter { $0.severity == severity }.count
            return count == 0 ? nil : "\(count) \(severity.rawValue)\(count == 1 ? "" : "s")"
        }
        return parts.joined(separator: ", ")
    }
}
