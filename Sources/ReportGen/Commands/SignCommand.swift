import ArgumentParser
import Foundation
import ReportGenCore

/// `reportgen sign`: records a sign-off of a pack in the archive.
struct SignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign", abstract: "Record a sign-off of a pack: the decisions, who took them, and a signature.",
        discussion: """
            Every recommendation is accepted unless --cell overrides it; an override needs a rationale:
              reportgen sign packs/2025-03 --signer "A. Martin" --decision approve \\
                --cell "generation/ar=activate:needed for the Maghreb launch" \\
                --key a-martin.key
            The reviewed files are not changed: the sign-off is added beside them as signoff.json and \
            signoff.html, and archived. The key must be registered to the signer (reportgen signer add, or \
            --register on a first signature); without a key, --unsigned records the sign-off unsigned.
            """)

    @Argument(help: "The pack folder (anywhere; its archive is found from its manifest).", completion: .directory)
    var pack: String
    @Option(help: "Who signs.") var signer: String
    @Option(help: "In which capacity (default: the role the signer is registered with).") var role: String?
    @Option(help: "approve, reject or amend.") var decision: String
    @Option(help: "SERVICE/LANG=DECISION[:RATIONALE], DECISION being accept or a recommendation. Repeatable.")
    var cell: [String] = []
    @Option(help: "A comment (required to reject).") var comment: String?
    @Option(
        help: "The signer's Ed25519 private key file (NAME.key, from reportgen keygen).",
        completion: .file(extensions: ["key"])) var key: String?
    @Flag(help: "Record the sign-off without a signature (labelled unsigned everywhere).") var unsigned = false
    @Flag(help: "Register the signer, their role and this key with this first signature.") var register = false
    @Option(help: "The archive (default: the one the pack records).", completion: .file(extensions: ["sqlite"]))
    var archive: String?
    @Option(help: "The workspace holding the archive (default: the one the pack records).", completion: .directory)
    var workspace: String?
    @Flag(help: "Print no progress lines.") var quiet = false

    func run() throws {
        var request = SignOffRequest(packFolder: fileURL(pack), signer: signer, role: role, decision: decision)
        request.cells = cell
        request.comment = comment
        request.keyFile = key.map(fileURL)
        request.unsigned = unsigned
        request.register = register
        request.archive = archive.map(fileURL)
        request.workspace = workspace.map(fileURL)
        let keyName = key ?? ""
        request.passphrase = { try Passphrase.read(prompt: "Passphrase for \(keyName): ") }
        let outcome = try SignOff.run(request, progress: StderrProgress(isQuiet: quiet))
        if !outcome.isSigned {
            printWarning("sign", "record \(outcome.signoff) is UNSIGNED: nothing proves who recorded it")
        }
        print(outcome.folder.appendingPathComponent(SignoffDocument.viewFileName).path)
    }
}
