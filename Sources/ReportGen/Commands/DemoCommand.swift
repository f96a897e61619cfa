import ArgumentParser
import Foundation
import ReportGenCore

/// `reportgen demo`: writes the bundled demo workspace and builds its pack.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo", abstract: "Build the decision pack of the bundled demo workspace (an AI API, Q1 2025).",
        discussion: """
            The demo workspace is written to --out (reportgen.yaml, inputs/), then its pack to --out/packs/2025-03.
            A demo workspace whose reportgen.yaml was edited is kept: pass --force to write the demo over it.
            Exit status as for build: 0 when the pack is written (refused files named on stderr and in the pack), \
            1 on an input error with --strict.
            """)

    @Option(help: "Where to write the demo workspace and its pack.", completion: .directory)
    var out = "reportgen-demo"

    @Flag(help: "Write the demo over a workspace whose reportgen.yaml was edited.")
    var force = false

    @OptionGroup var pack: PackOptions

    func run() throws {
        let root = fileURL(out)
        try DemoWorkspace.write(to: root, overwritingEdits: force)
        var request = PackRequest(workspace: root)
        request.language = pack.lang
        request.templates = pack.templates.map(fileURL)
        request.dialect = pack.csvDialect
        request.options.isStrict = pack.strict
        let outcome = try PackBuilder.run(request, progress: StderrProgress(isQuiet: pack.quiet))
        printLeftOut("demo", outcome)
        let folder = outcome.folder
        if !pack.quiet {
            FileHandle.standardError.write(Data("reportgen: demo pack written; open it in a browser:\n".utf8))
        }
        print(folder.appendingPathComponent("index.html").path)
    }
}
