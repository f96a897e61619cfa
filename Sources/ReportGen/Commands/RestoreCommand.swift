import ArgumentParser
import Foundation
import ReportGenCore

/// `reportgen restore`: writes an archived version back.
struct RestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore", abstract: "Write an archived version of a month back, byte for byte.",
        discussion: """
            Into the month's folder, the version becomes the current one again (recorded as a new version that \
            names it; nothing is lost). With --out the files are only written to that folder. Without --version, \
            the current version is written back (a repair after an interrupted run).
            """)

    @Argument(help: "The month, YYYY-MM.") var period: String
    @Option(help: "The version to write back (reportgen history lists them).") var version: Int?
    @Option(
        help: "Write the files to this folder instead, leaving the month's folder as it is.", completion: .directory)
    var out: String?
    @Option(help: "The workspace folder.", completion: .directory) var workspace = "."
    @Option(help: "The archive (default: WORKSPACE/archive.sqlite).", completion: .file(extensions: ["sqlite"]))
    var archive: String?
    @Flag(help: "Print no progress lines.") var quiet = false

    func run() throws {
        guard YearMonth(period) != nil, period.count == 7 else {
            throw ValidationError("\(period): expected a month as YYYY-MM")
        }
        var request = RestoreRequest(workspace: fileURL(workspace), period: period)
        request.archive = archive.map(fileURL)
        request.version = version
        request.output = out.map(fileURL)
        let outcome = try PackRestore.run(request, progress: StderrProgress(isQuiet: quiet))
        print(outcome.folder.appendingPathComponent("index.html").path)
    }
}
