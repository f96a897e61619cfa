import ArgumentParser
import Foundation
import ReportGenCore

/// `reportgen build`: a workspace's inputs to a decision pack.
struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build", abstract: "Build the decision pack of a workspace.",
        discussion: "The pack is written to a temporary folder, then moved to packs/YYYY-MM (or --out).")

    @Option(help: "The workspace folder (holding reportgen.yaml and inputs/).", completion: .directory)
    var workspace = "."

    @Option(help: "The month to report on, YYYY-MM (default: period in reportgen.yaml, else the latest month).")
    var period: String?

    @Option(help: "The pack folder to write (default: WORKSPACE/packs/YYYY-MM).", completion: .directory)
    var out: String?

    @Option(help: "Force a file's format: FILE=KIND, where FILE is as listed under inputs/. Repeatable.")
    var kind: [String] = []

    @OptionGroup var pack: PackOptions

    func run() throws {
        var request = PackRequest(workspace: fileURL(workspace))
        request.output = out.map(fileURL)
        request.language = pack.lang
        request.templates = pack.templates.map(fileURL)
        request.dialect = pack.csvDialect
        if let period {
            guard let month = YearMonth(period), period.count == 7 else {
                throw ValidationError("--period: expected YYYY-MM, found \(period)")
            }
            request.options.period = month
        }
        request.options.forcedKinds = try parseKinds(kind)
        let folder = try PackBuilder.build(request, progress: StderrProgress(isQuiet: pack.quiet))
        print(folder.appendingPathComponent("index.html").path)
    }
}

/// Parses `FILE=KIND` pairs.
func parseKinds(_ pairs: [String]) throws -> [String: InputFormat] {
    var kinds: [String: InputFormat] = [:]
    for pair in pairs {
        let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2, let format = InputFormat(rawValue: parts[1]) else {
            throw ValidationError(
                "--kind \(pair): expected FILE=KIND with KIND one of \(InputFormat.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        kinds[parts[0].hasPrefix("inputs/") ? parts[0] : "inputs/" + parts[0]] = format
    }
    return kinds
}
