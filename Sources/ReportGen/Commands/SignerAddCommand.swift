import ArgumentParser
import Foundation
import ReportGenCore

/// `reportgen signer add`: registers a person's public key and role.
struct SignerAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Register a signer: their name, role and public key (NAME.pub).",
        discussion: """
            A key registered to one person never signs for another, and a registered person signs only with a key \
            registered to them. The registration is a record of the archive, like a sign-off.
            """)

    @Option(help: "The signer's name, as they will sign.") var name: String
    @Option(help: "Their role.") var role: String
    @Option(help: "Their public key file (NAME.pub, from reportgen keygen).", completion: .file(extensions: ["pub"]))
    var pub: String
    @Option(help: "The workspace folder.", completion: .directory) var workspace: String?
    @Option(help: "The archive (default: WORKSPACE/archive.sqlite).", completion: .file(extensions: ["sqlite"]))
    var archive: String?
    @Flag(help: "Print no progress lines.") var quiet = false

    func run() throws {
        try reporting("signer add") {
            let url = try archiveURL(archive: archive, workspace: workspace)
            var registration = SignerRegistry.Registration(
                archive: url, name: name, role: role, publicKeyFile: fileURL(pub))
            registration.now = Date()
            let (_, key) = try SignerRegistry.add(registration, progress: StderrProgress(isQuiet: quiet))
            print(key.fingerprint)
        }
    }
}
