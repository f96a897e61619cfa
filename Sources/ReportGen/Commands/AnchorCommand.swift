import ArgumentParser
import Foundation
import ReportGenCore

/// `reportgen anchor`: exports the archive's head for safekeeping elsewhere.
struct AnchorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "anchor", abstract: "Export the archive's head (record count and hash) to keep elsewhere.",
        discussion: """
            The head's hash covers every record up to it. Keep the file away from the archive (mail it, file it \
            with the minutes); reportgen verify --anchor FILE then detects any later truncation, rewrite or \
            reordering of those records, even with every hash recomputed.
            """)

    @Option(help: "The workspace folder.", completion: .directory) var workspace: String?
    @Option(help: "The archive (default: WORKSPACE/archive.sqlite).", completion: .file(extensions: ["sqlite"]))
    var archive: String?
    @Option(help: "Write the anchor to this file (default: print it).", completion: .file(extensions: ["json"]))
    var out: String?
    @Flag(help: "Print no progress lines.") var quiet = false

    func run() throws {
        let url = try archiveURL(archive: archive, workspace: workspace)
        let anchor = try ArchiveAnchor.export(try DecisionArchive(path: url.path, readOnly: true))
        let data = try anchor.encoded()
        guard let out else {
            print(String(decoding: data, as: UTF8.self), terminator: "")
            return
        }
        try data.write(to: fileURL(out), options: .atomic)
        StderrProgress(isQuiet: quiet).stage(
            "anchor", "head record \(anchor.head.seq) \(anchor.head.hash) written to \(fileURL(out).path)")
        print(fileURL(out).path)
    }
}
