import ArgumentParser
import Foundation
import GoldenTestSupport
import Testing

@testable import ReportGen
@testable import ReportGenCore

/// The CLI's whole text outputs against golden files in `Golden/` (re-recorded on purpose with
/// `RECORD_SNAPSHOTS=1 swift test`, then reviewed with `git diff`).
@Suite struct GoldenOutputTests {
    static let commands: [any ParsableCommand.Type] =
        [ReportGenCommand.self] + ReportGenCommand.configuration.subcommands

    @Test(arguments: commands.indices)
    func helpAt80ColumnsMatchesItsGoldenFile(_ index: Int) {
        let command = Self.commands[index]
        let name = command == ReportGenCommand.self ? "reportgen" : command.configuration.commandName ?? "?"
        let help = ReportGenCommand.helpMessage(for: command, columns: 80)
        #expect(GoldenFile.mismatch(help, named: "help-\(name).txt") == nil)
    }

    @Test(arguments: ["wsm", "topsis", "vikor", "promethee"])
    func scoreOfTheFighterAircraftCaseMatchesItsGoldenFile(_ method: String) throws {
        // Hwang and Yoon's fighter aircraft (mcda-golden.md G1): the TOPSIS ranking A1, A3, A4, A2 is checked by hand
        // in StandaloneCommandTests; the golden files pin the whole output of each method.
        let file = try temporaryInput("fighters.csv", StandaloneCommandTests.fighters)
        let text = try ScoreCommand.parse([file.url.path, "--method", method]).output()
        #expect(GoldenFile.mismatch(text, named: "score-fighters-\(method).txt") == nil)
    }

    @Test func checkOfTheDemoMatchesItsGoldenFile() throws {
        let root = try temporaryDirectory()
        try DemoWorkspace.write(to: root, overwritingEdits: false)
        let report = try MonitoringCheck.run(
            workspace: try Workspace.load(root), now: Date(timeIntervalSince1970: 1_795_996_800),
            progress: SilentProgress())
        #expect(GoldenFile.mismatch(try CheckCommand.render(report, format: .text), named: "check-demo.txt") == nil)
        #expect(
            GoldenFile.mismatch(try CheckCommand.render(report, format: .prometheus), named: "check-demo.prom") == nil)
    }
}
