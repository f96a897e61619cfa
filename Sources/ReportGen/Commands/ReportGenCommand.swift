import ArgumentParser
import Foundation
import ReportGenCore

/// `reportgen`: the monthly carbon decision pack for an AI API.
@main
struct ReportGenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reportgen",
        abstract: "Build monthly carbon decision packs for an AI API from cloud, measurement and usage exports.",
        discussion: """
            Examples:
            \(examples.map { "  " + $0 }.joined(separator: "\n"))
            """,
        version: ToolVersion.current,
        subcommands: [
            DemoCommand.self, InitCommand.self, BuildCommand.self, ValidateCommand.self, ScoreCommand.self,
            WeightsCommand.self, KeygenCommand.self, SignerCommand.self, SignCommand.self, VerifyCommand.self,
            HistoryCommand.self, DiffCommand.self, RestoreCommand.self, AnchorCommand.self, CheckCommand.self,
        ]
    )

    /// The examples of the root help, each a command line that runs as written (a test parses every one).
    static let examples = [
        "reportgen demo",
        "reportgen init my-workspace",
        "reportgen validate --workspace my-workspace",
        "reportgen build --workspace my-workspace --period 2025-03 --lang fr",
        "reportgen score matrix.csv --method topsis --weights 0.4,0.3,0.3 --types=-,+,+",
        "reportgen weights pairwise.csv",
        "reportgen keygen --name a-martin",
        "reportgen signer add --workspace my-workspace --name \"A. Martin\" \\\n      --role \"CSR director\" --pub a-martin.pub",
        "reportgen sign my-workspace/packs/2025-03 --signer \"A. Martin\" \\\n      --decision approve --key a-martin.key",
        "reportgen verify my-workspace/packs/2025-03",
        "reportgen history --workspace my-workspace",
        "reportgen diff 2025-02 2025-03 --workspace my-workspace",
        "reportgen restore 2025-03 --version 1 --workspace my-workspace",
        "reportgen anchor --workspace my-workspace --out anchor.json",
        "reportgen check --workspace my-workspace --format prometheus",
    ]

    /// Parses the command line and runs the subcommand. This is the one place that prints a failure:
    /// `reportgen: error: COMMAND: message` on stderr and exit code 1; argument errors keep ArgumentParser's usage
    /// message and exit code 64.
    static func main() {
        let command: any ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            exit(withError: error)
        }
        do {
            var running = command
            try running.run()
        } catch {
            if let line = errorLine(for: error, command: type(of: command).configuration.commandName ?? "reportgen") {
                FileHandle.standardError.write(Data((line + "\n").utf8))
                Foundation.exit(ExitCode.failure.rawValue)
            }
            exit(withError: error)
        }
    }

    /// The line printed for a failure of `command`, or `nil` for ArgumentParser's own errors, help requests and exit
    /// codes, which it prints (or not) itself.
    static func errorLine(for error: any Error, command: String) -> String? {
        // A help request comes back from `run()` as an error whose exit code is success; argument errors exit 64.
        if error is ExitCode || exitCode(for: error) != .failure { return nil }
        let name = command == configuration.commandName ? "" : command + ": "
        return "reportgen: error: \(name)\(error)"
    }
}
