import ArgumentParser
import Foundation
import ReportGenCore

/// `reportgen validate`: checks `reportgen.yaml` and every input file, reporting what it found and every problem.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check reportgen.yaml and every input file; say what each holds and list every problem, by file.",
        discussion: """
            Each file read is listed with its detected format and the version or kind it shows (CodeCarbon's \
            codecarbon_version, CCF cache or API response and groupBy, Azure api-version, reportType, data types \
            and categoryType, query_range resultType, OpenMetrics or Prometheus text, nvidia-smi power columns \
            and unit), rows, services matched and months covered; records or usage that no rule maps are \
            a warning with their count and an example; each entry of inputs/ that is not read is listed with its \
            reason, and an empty inputs/ is a warning. Exits with 1 when there is an error; warnings (rows set aside, files \
            not read) do not fail unless --strict.
            """)

    @Option(help: "The workspace folder.", completion: .directory)
    var workspace = "."

    @Option(help: "Force a file's format: FILE=KIND. Repeatable.")
    var kind: [String] = []

    @Flag(help: "Fail on warnings too (rows set aside, files not read), as CI should.")
    var strict = false

    func run() throws {
        let validation = try check()
        print(Self.report(validation), terminator: "")
        if validation.hasErrors || (strict && validation.hasWarnings) { throw ExitCode.failure }
    }

    /// Every diagnostic of the configuration and the inputs, and what each input holds.
    func check() throws -> WorkspaceValidation {
        WorkspaceValidation.run(workspace: fileURL(workspace), forcedKinds: try parseKinds(kind))
    }

    /// The grouped listing: one heading per file with what it holds and its counts, then each diagnostic.
    static func report(_ validation: WorkspaceValidation) -> String {
        var text = ""
        let diagnostics = validation.diagnostics
        let byFile = Dictionary(grouping: diagnostics, by: \.file)
        for file in Set(byFile.keys).union(validation.found.keys).sorted() {
            let entries = (byFile[file] ?? []).sorted {
                ($0.line ?? 0, $0.column ?? 0) < ($1.line ?? 0, $1.column ?? 0)
            }
            let parts = [validation.found[file], counts(entries)].compactMap { $0 }.filter { !$0.isEmpty }
            text += "\(file): \(parts.joined(separator: "; "))\n"
            for entry in entries { text += "  \(entry.description)\n" }
        }
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.filter { $0.severity == .warning }.count
        let fileCount = validation.fileCount
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
