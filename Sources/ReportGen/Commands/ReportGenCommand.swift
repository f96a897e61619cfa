import ArgumentParser
import ReportGenCore

/// `reportgen`: the monthly carbon decision pack for an AI API.
@main
struct ReportGenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reportgen",
        abstract: "Build monthly carbon decision packs for an AI API from cloud, measurement and usage exports.",
        discussion: """
            Examples:
              reportgen demo                                  # build the bundled demo pack in ./reportgen-demo
              reportgen init my-workspace                     # start a workspace with a commented reportgen.yaml
              reportgen validate --workspace my-workspace     # check the config and every input file
              reportgen build --workspace my-workspace --period 2025-03 --lang fr
              reportgen score matrix.csv --method topsis --weights 0.4,0.3,0.3 --types -,+,+
              reportgen weights pairwise.csv
              reportgen keygen --name a-martin
              reportgen sign my-workspace/packs/2025-03 --signer "A. Martin" --role "CSR director" --decision approve --key a-martin.key
              reportgen verify my-workspace/packs/2025-03
              reportgen history --workspace my-workspace
              reportgen diff 2025-02 2025-03 --workspace my-workspace
            """,
        version: ToolVersion.current,
        subcommands: [
            DemoCommand.self, InitCommand.self, BuildCommand.self, ValidateCommand.self, ScoreCommand.self,
            WeightsCommand.self, KeygenCommand.self, SignCommand.self, VerifyCommand.self, HistoryCommand.self,
            DiffCommand.self,
        ]
    )
}
