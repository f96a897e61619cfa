import ArgumentParser
import Foundation
import ReportGenCore

/// `reportgen demo`: writes the bundled demo workspace and builds its pack.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo", abstract: "Build the decision pack of the bundled demo workspace (an AI API, Q1 2025).",
        discussion:
            "The demo workspace is written to --out (reportgen.yaml, inputs/), then its pack to --out/packs/2025-03.")

    @Option(help: "Where to write the demo workspace and its pack.")
    var out = "reportgen-demo"

    @OptionGroup var pack: PackOptions

    func run() throws {
        let root = fileURL(out)
        do {
            try BuiltInData.extract("demo/", to: root) { $0.hasPrefix("tools/") }
            var request = PackRequest(workspace: root)
            request.language = pack.lang
            request.templates = pack.templates.map(fileURL)
            request.dialect = pack.csvDialect
            let folder = try PackBuilder.build(request, progress: StderrProgress(isQuiet: pack.quiet))
            let index = folder.appendingPathComponent("index.html")
            if !pack.quiet {
                FileHandle.standardError.write(Data("reportgen: demo pack written; open it in a browser:\n".utf8))
            }
            print(index.path)
        } catch {
            printError("\(error)")
            throw ExitCode.failure
        }
    }
}
