import ArgumentParser
import Foundation
import ReportGenCore

/// `reportgen init DIR`: a new workspace with a commented `reportgen.yaml`.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: "Create a workspace: a commented reportgen.yaml, inputs/ and packs/.")

    @Argument(help: "The folder to create (it may exist, but must not hold a reportgen.yaml).")
    var directory: String

    func run() throws {
        let root = fileURL(directory)
        let manager = FileManager.default
        let config = root.appendingPathComponent(Workspace.configFileName)
        guard !manager.fileExists(atPath: config.path) else {
            printError("\(config.path) exists; init never overwrites a workspace")
            throw ExitCode.failure
        }
        do {
            try BuiltInData.extract("init/", to: root)
            try manager.createDirectory(at: root.appendingPathComponent("packs"), withIntermediateDirectories: true)
        } catch {
            printError("\(root.path): \(error.localizedDescription)")
            throw ExitCode.failure
        }
        print(config.path)
    }
}
