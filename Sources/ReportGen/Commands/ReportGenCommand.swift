import ArgumentParser

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
            """,
        version: ToolVersion.current,
        subcommands: [
            DemoCommand.self, InitCommand.self, BuildCommand.self, ValidateCommand.self, ScoreCommand.self,
            WeightsCommand.self,
        ]
    )
}
