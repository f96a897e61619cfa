import ArgumentParser
import Foundation
import Testing

@testable import ReportGen
@testable import ReportGenCore

/// swift-argument-parser's own habits: every example parses as written, help wraps at 80 columns, one place prints
/// errors.
@Suite struct CLIConventionTests {
    /// Splits a command line as a POSIX shell would for these examples: spaces, double quotes, `\` continuations.
    static func words(_ line: String) -> [String] {
        var words: [String] = []
        var current = ""
        var isQuoted = false
        var hasWord = false
        for character in line.replacingOccurrences(of: "\\\n", with: " ") {
            if character == "\"" {
                isQuoted.toggle()
                hasWord = true
            } else if character.isWhitespace && !isQuoted {
                if hasWord { words.append(current) }
                current = ""
                hasWord = false
            } else {
                current.append(character)
                hasWord = true
            }
        }
        if hasWord { words.append(current) }
        return words
    }

    /// The command lines of the README's shell blocks that run reportgen, continuation lines joined, comments cut.
    static func readmeCommands() throws -> [String] {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        var commands: [String] = []
        var inShell = false
        var pending = ""
        for line in text.components(separatedBy: "\n") {
            if line.hasPrefix("```") {
                inShell = line == "```sh" || line == "```bash"
                continue
            }
            guard inShell else { continue }
            var code = line
            if let hash = code.range(of: " #") { code = String(code[..<hash.lowerBound]) }
            pending += code.trimmingCharacters(in: .whitespaces)
            if pending.hasSuffix("\\") {
                pending.removeLast()
                pending += " "
                continue
            }
            if pending.hasPrefix("swift run reportgen ") || pending.hasPrefix("reportgen ") {
                commands.append(pending)
            }
            pending = ""
        }
        return commands
    }

    /// The arguments after `reportgen` (or `swift run reportgen`).
    static func arguments(_ command: String) -> [String] {
        var words = words(command)
        if words.first == "swift" { words.removeFirst(2) }
        return Array(words.dropFirst())
    }

    @Test func everyExampleOfTheRootHelpParsesAsWritten() throws {
        // The old `--types -,+,+` made ArgumentParser read `-,+,+` as a flag and exit 64.
        for example in ReportGenCommand.examples {
            #expect(throws: Never.self, "\(example)") {
                _ = try ReportGenCommand.parseAsRoot(Self.arguments(example))
            }
        }
    }

    @Test func everyReportgenCommandOfTheReadmeParsesAsWritten() throws {
        let commands = try Self.readmeCommands()
        #expect(commands.count >= 5)
        for command in commands {
            #expect(throws: Never.self, "\(command)") { _ = try ReportGenCommand.parseAsRoot(Self.arguments(command)) }
        }
    }

    @Test func helpWrapsAt80ColumnsForEveryCommand() {
        let commands: [any ParsableCommand.Type] =
            [ReportGenCommand.self] + ReportGenCommand.configuration.subcommands
        for command in commands {
            let help = ReportGenCommand.helpMessage(for: command, columns: 80)
            // ArgumentParser writes the USAGE synopsis on one line whatever the width; everything we write wraps.
            for line in help.components(separatedBy: "\n") where !line.hasPrefix("USAGE:") {
                #expect(line.count <= 80, "\(command.configuration.commandName ?? ""): \(line)")
            }
        }
    }

    @Test func oneLineNamesTheCommandOfAFailureAndLeavesArgumentErrorsToArgumentParser() throws {
        let error = NewWorkspace.Failure.configurationExists(path: "/w/reportgen.yaml")
        #expect(
            ReportGenCommand.errorLine(for: error, command: "init")
                == "reportgen: error: init: /w/reportgen.yaml exists; init never overwrites a workspace")
        #expect(ReportGenCommand.errorLine(for: ValidationError("bad"), command: "build") == nil)
        #expect(ReportGenCommand.errorLine(for: ExitCode.failure, command: "build") == nil)
        // `reportgen build --help` parses as ArgumentParser's help command, whose run throws a help request: it must
        // print the help, not an error line.
        for arguments in [["--help"], ["build", "--help"], ["help", "sign"]] {
            var help = try ReportGenCommand.parseAsRoot(arguments)
            do {
                try help.run()
                Issue.record("expected a help request from \(arguments)")
            } catch {
                #expect(ReportGenCommand.errorLine(for: error, command: "help") == nil, "\(arguments)")
                #expect(ReportGenCommand.exitCode(for: error) == .success)
            }
        }
    }

    @Test func demoKeepsAnEditedWorkspaceUnlessForced() throws {
        let root = try temporaryDirectory()
        try DemoWorkspace.write(to: root, overwritingEdits: false)
        // Writing the demo again over an unedited demo is fine.
        try DemoWorkspace.write(to: root, overwritingEdits: false)
        let config = root.appendingPathComponent("reportgen.yaml")
        let edited = try String(contentsOf: config, encoding: .utf8) + "\n# my own budget note\n"
        try Data(edited.utf8).write(to: config)
        #expect(throws: DemoWorkspace.Failure.editedConfiguration(path: config.path)) {
            try DemoWorkspace.write(to: root, overwritingEdits: false)
        }
        #expect(try String(contentsOf: config, encoding: .utf8) == edited)
        try DemoWorkspace.write(to: root, overwritingEdits: true)
        #expect(try String(contentsOf: config, encoding: .utf8) != edited)
    }
}

/// `reportgen check`'s output formats and exit codes.
@Suite struct CheckCommandTests {
    static let report = MonitoringReport(
        period: "2025-03", generatedAt: "2026-12-01T00:00:00Z",
        measures: [
            .init(
                name: "month_budget_share", labels: ["period": "2025-03"], value: 1.25, unit: "ratio",
                help: "The month's kgCO2e over its pro-rata share")
        ],
        alerts: [
            .init(
                threshold: "month_budget_share", thresholdValue: 1, value: 1.25, period: "2025-03", service: nil,
                message: "over")
        ])

    @Test func prometheusTextfileHasOneGaugePerMeasureAndTheAlerts() {
        let text = CheckCommand.prometheusText(Self.report)
        #expect(
            text == """
                # HELP reportgen_month_budget_share The month's kgCO2e over its pro-rata share (ratio)
                # TYPE reportgen_month_budget_share gauge
                reportgen_month_budget_share{period="2025-03"} 1.25
                # HELP reportgen_alerts Alerts firing
                # TYPE reportgen_alerts gauge
                reportgen_alerts{period="2025-03"} 1
                # HELP reportgen_alert A threshold crossed (value: the measure)
                # TYPE reportgen_alert gauge
                reportgen_alert{period="2025-03",threshold="month_budget_share"} 1.25

                """)
    }

    @Test func aWorkspaceThatCannotBeReadExitsWithTwo() throws {
        let command = try CheckCommand.parse(["--workspace", "/nonexistent/workspace", "--quiet"])
        #expect(throws: ExitCode(2)) { try command.run() }
    }
}
