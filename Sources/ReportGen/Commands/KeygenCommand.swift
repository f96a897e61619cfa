import ArgumentParser
import Foundation
import ReportGenCore

/// `reportgen keygen`: an Ed25519 key pair for signing.
struct KeygenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen", abstract: "Make an Ed25519 key pair: NAME.key (keep it private) and NAME.pub.",
        discussion: """
            NAME.key is created with mode 0600 from its first byte, never through a symbolic link and never over an \
            existing file unless --force is given. With --encrypt it is protected by a passphrase (scrypt and \
            ChaCha20-Poly1305), typed at the terminal or taken from REPORTGEN_KEY_PASSPHRASE. Each person makes \
            their own pair and registers NAME.pub: reportgen signer add --name NAME --role ROLE --pub NAME.pub
            """)

    @Option(help: "The key files' name: a plain file name, without a folder (use --out).") var name: String
    @Option(help: "The folder to write them to.", completion: .directory) var out = "."
    @Flag(help: "Protect the private key with a passphrase (from the terminal or REPORTGEN_KEY_PASSPHRASE).")
    var encrypt = false
    @Flag(help: "Replace existing key files (the files themselves, never a link's target).") var force = false

    func run() throws {
        var passphrase: Data?
        if encrypt {
            passphrase = try Passphrase.read(prompt: "Passphrase for \(name).key: ", confirm: true)
            guard passphrase != nil else {
                throw ValidationError(
                    "--encrypt: no passphrase: run it at a terminal, or set \(SigningKey.passphraseVariable)")
            }
        }
        let (privateKey, publicKey) = try SigningKey.generate(
            directory: fileURL(out), name: name, force: force, passphrase: passphrase)
        print(privateKey.path)
        print(publicKey.path)
    }
}
