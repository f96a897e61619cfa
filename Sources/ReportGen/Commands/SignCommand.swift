import ArgumentParser
import Foundation
import ReportGenCore

/// `reportgen sign`: records a sign-off of a pack in the archive.
struct SignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign", abstract: "Record a sign-off of a pack: the decisions, who took them, and a signature.",
        discussion: """
            Every recommendation is accepted unless --cell overrides it; an override needs a rationale:
              reportgen sign packs/2025-03 --signer "A. Martin" --role "CSR director" --decision approve \\
                --cell "generation/ar=activate:needed for the Maghreb launch" --key a-martin.key
            The signed pack replaces the folder as a new version; the draft stays in the archive.
            """)

    @Argument(help: "The pack folder (WORKSPACE/packs/YYYY-MM).") var pack: String
    @Option(help: "Who signs.") var signer: String
    @Option(help: "In which capacity.") var role: String
    @Option(help: "approve, reject or amend.") var decision: String
    @Option(help: "SERVICE/LANG=DECISION[:RATIONALE], DECISION being accept or a recommendation. Repeatable.")
    var cell: [String] = []
    @Option(help: "A comment (required to reject).") var comment: String?
    @Option(help: "An Ed25519 private key file from reportgen keygen.") var key: String?
    @Option(help: "The archive (default: WORKSPACE/archive.sqlite).") var archive: String?
    @Flag(help: "Print no progress lines.") var quiet = false

    func run() throws {
        var request = SignOffRequest(packFolder: fileURL(pack), signer: signer, role: role, decision: decision)
        request.cells = cell
        request.comment = comment
        request.keyFile = key.map(fileURL)
        request.archive = archive.map(fileURL)
        do {
            let (folder, _) = try SignOff.run(request, progress: StderrProgress(isQuiet: quiet))
            print(folder.appendingPathComponent("index.html").path)
        } catch {
            printError("\(error)")
            throw ExitCode.failure
        }
    }
}

/// `reportgen keygen`: an Ed25519 key pair for signing.
struct KeygenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen", abstract: "Make an Ed25519 key pair: NAME.key (keep it private) and NAME.pub.")

    @Option(help: "The key files' name.") var name: String
    @Option(help: "The folder to write them to.") var out = "."

    func run() throws {
        do {
            let (privateKey, publicKey) = try SigningKey.generate(directory: fileURL(out), name: name)
            print(privateKey.path)
            print(publicKey.path)
        } catch {
            printError("\(error)")
            throw ExitCode.failure
        }
    }
}

/// `reportgen verify`: recomputes every hash and signature.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify", abstract: "Check a pack folder and its archive, or a whole archive, for any change.",
        discussion: "Lists each break (which record or file, expected and found) and exits with 1 when there is one.")

    @Argument(help: "A pack folder (its archive is WORKSPACE/archive.sqlite).") var pack: String?
    @Option(help: "An archive to check on its own.") var archive: String?

    func run() throws {
        let issues: [VerificationIssue]
        do {
            if let pack {
                let folder = fileURL(pack)
                let path =
                    archive.map { fileURL($0).path }
                    ?? folder.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(
                        DecisionArchive.fileName
                    ).path
                issues = try ArchiveVerifier.verify(
                    packFolder: folder, archive: try DecisionArchive(path: path, create: false))
            } else if let archive {
                issues = try ArchiveVerifier.verify(try DecisionArchive(path: fileURL(archive).path, create: false))
            } else {
                throw ValidationError("give a pack folder or --archive FILE")
            }
        } catch let error as ValidationError {
            throw error
        } catch {
            printError("\(error)")
            throw ExitCode.failure
        }
        if issues.isEmpty {
            print("verified: every hash and signature matches")
        } else {
            for issue in issues { print(issue.description) }
            print("\(issues.count) break\(issues.count == 1 ? "" : "s") found")
            throw ExitCode.failure
        }
    }
}
