import ArgumentParser
import Foundation
import ReportGenCore

/// `reportgen build`: a workspace's inputs to a decision pack.
struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build", abstract: "Build the decision pack of a workspace.",
        discussion: """
            The pack is archived, then written to a temporary folder and moved to packs/YYYY-MM (or --out, which \
            must be empty, new, or a pack folder). A month whose current version is signed keeps it in its folder \
            unless --supersede is given; the new draft is archived either way.

            Exit status: 0 when the pack is written, even when an input file is refused whole (an unknown format, a \
            wrong header) or another input error is found: the pack is built without it, lists it in its data \
            quality, and each refused file is named on stderr. With --strict, any such error exits with 1 and no \
            pack is written. A broken reportgen.yaml always exits with 1.
            """)

    @Option(help: "The workspace folder (holding reportgen.yaml and inputs/).", completion: .directory)
    var workspace = "."

    @Option(help: "The month to report on, YYYY-MM (default: period in reportgen.yaml, else the latest month).")
    var period: String?

    @Option(help: "The pack folder to write (default: WORKSPACE/packs/YYYY-MM).", completion: .directory)
    var out: String?

    @Option(help: "Force a file's format: FILE=KIND, where FILE is as listed under inputs/. Repeatable.")
    var kind: [String] = []

    @Flag(help: "When the month has a signed version, replace it in the folder with the new draft (it stays archived).")
    var supersede = false

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
        request.supersede = supersede
        request.options.isStrict = pack.strict
        let outcome = try PackBuilder.run(request, progress: StderrProgress(isQuiet: pack.quiet))
        printLeftOut("build", outcome)
        // Without --quiet, the progress lines have said it already.
        if pack.quiet, let kept = outcome.keptSigned, outcome.version != nil {
            printWarning(
                "build",
                "\(outcome.period) has a signed version (v\(kept.version)); the folder keeps it and the new draft v\(outcome.version ?? 0) is archived only (--supersede replaces it)"
            )
        }
        print(outcome.folder.appendingPathComponent("index.html").path)
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
