import ArgumentParser
import Foundation
import ReportGenCore

/// `reportgen init DIR`: a new workspace with a commented `reportgen.yaml`.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: "Create a workspace: a commented reportgen.yaml, inputs/ and packs/.")

    @Argument(help: "The folder to create (it may exist, but must not hold a reportgen.yaml).", completion: .directory)
    var directory: String

    func run() throws {
        print(try NewWorkspace.create(at: fileURL(directory)).path)
    }
}
