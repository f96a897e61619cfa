import ArgumentParser

/// `reportgen signer`: the people who sign and their keys.
struct SignerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "signer", abstract: "Register the people who sign and their public keys.",
        subcommands: [SignerAddCommand.self])
}
