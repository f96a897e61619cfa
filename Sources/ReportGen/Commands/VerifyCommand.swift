import ArgumentParser
import Foundation
import ReportGenCore

/// `reportgen verify`: recomputes every hash and signature.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify", abstract: "Check a pack folder and its archive, or a whole archive, for any change.",
        discussion: """
            Lists each break (which record or file, expected and found) and exits with 1 when there is one. A pack \
            folder is checked file by file against its manifest (files it does not list are reported), its \
            sign-offs against their signatures and the archive, and it must hold the month's current version. \
            --anchor checks the archive against a head exported earlier with reportgen anchor. The archive is \
            opened read-only: a read-only copy can be checked.
            """)

    @Argument(help: "A pack folder (anywhere; its archive is found from its manifest).", completion: .directory)
    var pack: String?
    @Option(
        help: "The archive (default: the pack's, or WORKSPACE/archive.sqlite).",
        completion: .file(extensions: ["sqlite"])) var archive: String?
    @Option(help: "The workspace holding the archive.", completion: .directory) var workspace: String?
    @Option(
        help: "An anchor file from reportgen anchor to check the archive against.",
        completion: .file(extensions: ["json"])) var anchor: String?

    func output() throws -> (text: String, isClean: Bool) {
        let anchorFile = try anchor.map { try ArchiveAnchor.read(fileURL($0)) }
        var report: VerificationReport
        if let pack {
            let location = try PackLocation.locate(
                fileURL(pack), archive: archive.map(fileURL), workspace: workspace.map(fileURL))
            let store = try DecisionArchive(path: location.archivePath, readOnly: true)
            report = try ArchiveVerifier.report(packFolder: location.folder.url, archive: store, anchor: anchorFile)
        } else {
            let url = try archiveURL(archive: archive, workspace: workspace)
            let store = try DecisionArchive(path: url.path, readOnly: true)
            report = try ArchiveVerifier.report(store)
            if let anchorFile {
                report.anchor = anchorFile.head
                report.issues += try ArchiveVerifier.check(anchor: anchorFile, archive: store)
            }
        }
        return (Self.text(report), report.isClean)
    }

    static func text(_ report: VerificationReport) -> String {
        var lines = report.issues.map(\.description)
        var checked =
            "\(report.head.seq) record\(report.head.seq == 1 ? "" : "s") (\(report.packRecords) pack versions, \(report.signoffRecords) sign-off\(report.signoffRecords == 1 ? "" : "s")"
        checked += report.unsigned.isEmpty ? ")" : ", \(report.unsigned.count) of them UNSIGNED)"
        checked += " in \(report.archivePath ?? "the archive")"
        if let version = report.folderVersion { checked += "; the folder holds \(version)" }
        if let anchor = report.anchor { checked += "; anchor at record \(anchor.seq)" }
        if report.isClean {
            lines.append("verified: every hash and signature matches: " + checked)
        } else {
            lines.append("\(report.issues.count) break\(report.issues.count == 1 ? "" : "s") found in " + checked)
        }
        for unsigned in report.unsigned {
            lines.append("unsigned: \(unsigned): recorded with --unsigned, so nothing proves who recorded it")
        }
        if report.head.seq > 0, report.anchor == nil {
            lines.append(
                "head: record \(report.head.seq) \(report.head.hash) (keep it elsewhere with reportgen anchor; records after the last sign-off are covered by no signature)"
            )
        }
        return lines.joined(separator: "\n") + "\n"
    }

    func run() throws {
        let (text, isClean) = try output()
        print(text, terminator: "")
        if !isClean { throw ExitCode.failure }
    }
}
