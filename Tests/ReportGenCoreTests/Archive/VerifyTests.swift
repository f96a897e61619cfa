import Foundation
import Testing

@testable import ReportGenCore

/// `verify` against tampering, on hand-built archives: with the triggers dropped and every hash recomputed, a change
/// is still caught by a signature, by a head a signed pack carries, or by an exported anchor.
@Suite struct VerifyTests {
    /// A hand-built pack signed by A. Martin.
    func signedWorkspace() throws -> MiniWorkspace {
        let workspace = try MiniWorkspace()
        try workspace.sign(workspace.request(key: try workspace.key("a", signer: "A. Martin")))
        return workspace
    }

    @Test func archivedRecordsCannotBeUpdatedOrDeleted() throws {
        let workspace = try signedWorkspace()
        let path = workspace.archivePath
        let database = try SQLiteDatabase(path: path)
        func refusal(_ message: String) -> ArchiveError { .sqlite(path: path, code: 19, message: message) }
        #expect(throws: refusal("archive records are never updated: append a correction")) {
            try database.execute("UPDATE chain SET kind = 'key' WHERE seq = 1")
        }
        #expect(throws: refusal("archive records are never deleted")) {
            try database.execute("DELETE FROM chain WHERE seq = 1")
        }
        #expect(throws: refusal("archived files are never deleted")) { try database.execute("DELETE FROM blobs") }
        #expect(throws: refusal("the archive's identity never changes")) {
            try database.execute("UPDATE meta SET value = 'x'")
        }
    }

    @Test func aByteChangedInAStoredFileIsCaught() throws {
        let workspace = try signedWorkspace()
        try workspace.tamper(
            "UPDATE blobs SET content = CAST(replace(CAST(content AS TEXT), 'draft', 'DRAFT') AS BLOB) WHERE CAST(content AS TEXT) LIKE '%<html>%'"
        )
        #expect(
            try workspace.issues().contains {
                $0.location == "pack 2025-03 v1 (record 1), file index.html"
                    && $0.message.contains("the stored file was changed")
            })
    }

    @Test func aChangedDecisionIsCaughtByItsSignature() throws {
        let workspace = try signedWorkspace()
        try workspace.tamper(
            "UPDATE chain SET body = CAST(replace(CAST(body AS TEXT), '\"approve\"', '\"reject\"') AS BLOB) WHERE kind = 'signoff'"
        )
        let issues = try workspace.issues()
        #expect(issues.contains { $0.location.contains("(signoff)") && $0.message.contains("body hash expected") })
        #expect(issues.contains { $0.message.contains("signature does not verify") })
    }

    @Test func aForgedDecisionIsCaughtEvenWhenEveryHashIsRecomputed() throws {
        let workspace = try signedWorkspace()
        let seq = try #require(try workspace.archive().signoffs().first?.seq)
        try rewriteChain(workspace.archivePath, from: seq) { entry in
            entry.seq == seq
                ? Data(
                    String(decoding: entry.body, as: UTF8.self).replacingOccurrences(
                        of: "\"approve\"", with: "\"reject\""
                    ).utf8)
                : entry.body
        }
        let issues = try workspace.issues()
        #expect(issues.contains { $0.message.contains("the Ed25519 signature does not verify") })
        // The signed pack's signoff.json still holds the record as signed.
        #expect(try workspace.folderIssues().contains { $0.message.contains("the archive's record was rewritten") })
    }

    @Test func aSignedPackRecordRewrittenWithRecomputedHashesIsCaught() throws {
        let workspace = try signedWorkspace()
        let signed = try #require(try workspace.archive().packs().last)
        #expect(signed.record.isSigned)
        // Every recommendation set to activate, the body and chain hashes recomputed.
        try rewriteChain(workspace.archivePath, from: signed.seq) { entry in
            guard entry.seq == signed.seq else { return entry.body }
            return Data(
                String(decoding: entry.body, as: UTF8.self).replacingOccurrences(
                    of: "\"recommendation\":\"postpone\"", with: "\"recommendation\":\"activate\""
                ).utf8)
        }
        let issues = try workspace.issues()
        #expect(issues.contains { $0.message.contains("differs from the draft it signs (record 1)") })
        #expect(!issues.contains { $0.message.contains("hash expected") })
    }

    @Test func aReplacedDraftFileWithItsHashUpdatedIsCaughtByTheSignedPackAndAnAnchor() throws {
        // Unsigned: only an anchor exported before the change catches a full rewrite.
        let draft = try MiniWorkspace()
        let anchor = try ArchiveAnchor.export(try draft.archive())
        try replaceIndexHTML(in: draft)
        #expect(try draft.issues().isEmpty)
        let caught = try draft.folderIssues(anchor: anchor)
        #expect(caught.contains { $0.location.hasPrefix("anchor (record 1") && $0.message.contains("rewritten") })

        // Signed: the sign-off's signed head and the pack's signoff.json catch it.
        let workspace = try signedWorkspace()
        try replaceIndexHTML(in: workspace)
        let issues = try workspace.issues()
        #expect(issues.contains { $0.message.contains("the records before it were rewritten") })
        #expect(try workspace.folderIssues().contains { $0.message.contains("were rewritten") })
    }

    /// Replaces the draft's index.html with other bytes, and its manifest to match, updating the record's file
    /// hashes and manifest hash and recomputing the chain: a full rewrite of record 1.
    func replaceIndexHTML(in workspace: MiniWorkspace) throws {
        let archive = try workspace.archive()
        let draft = try #require(try archive.packs().first?.record)
        let forged = Data("<html><body>2025-03: forged</body></html>\n".utf8)
        var manifest = try JSONDecoder().decode(
            PackManifest.self, from: try #require(try archive.blob(draft.files["manifest.json"] ?? "")))
        manifest.files["index.html"] = sha256Hex(forged)
        let manifestData = try prettyJSON(manifest)
        let hex = { (data: Data) in data.map { String(format: "%02x", $0) }.joined() }
        try workspace.tamper(
            "INSERT INTO blobs VALUES ('\(sha256Hex(forged))', x'\(hex(forged))'); INSERT INTO blobs VALUES ('\(sha256Hex(manifestData))', x'\(hex(manifestData))');"
        )
        var record = draft
        record.files["index.html"] = sha256Hex(forged)
        record.files["manifest.json"] = sha256Hex(manifestData)
        record.manifestSHA256 = sha256Hex(manifestData)
        let body = try canonicalJSON(record)
        try rewriteChain(workspace.archivePath, from: 1) { $0.seq == 1 ? body : $0.body }
    }

    @Test func aDeletedTailIsCaughtByTheSignedPackAndAnAnchor() throws {
        let workspace = try signedWorkspace()
        let anchor = try ArchiveAnchor.export(try workspace.archive())
        let signedFolder = try workspace.snapshot()
        let signoff = try #require(try workspace.archive().signoffs().first?.seq)
        // The sign-off and the signed version deleted, the draft's files put back: the archive is self-consistent.
        try workspace.tamper("DELETE FROM chain WHERE seq >= \(signoff)")
        for name in SignoffDocument.fileNames {
            try FileManager.default.removeItem(at: workspace.pack.appendingPathComponent(name))
        }
        #expect(try workspace.issues().isEmpty)
        #expect(try workspace.folderIssues().isEmpty)
        let issues = try workspace.folderIssues(anchor: anchor)
        #expect(issues.contains { $0.message.contains("were deleted (truncated)") })
        // The signed pack, kept by a reviewer, catches it too.
        let copy = try temporaryDirectory().appendingPathComponent("2025-03")
        try FileManager.default.createDirectory(at: copy, withIntermediateDirectories: true)
        for (name, data) in signedFolder { try data.write(to: copy.appendingPathComponent(name)) }
        let report = try ArchiveVerifier.report(packFolder: copy, archive: try workspace.archive())
        #expect(report.issues.contains { $0.message.contains("is missing from") && $0.message.contains("truncated") })
    }

    @Test func aChangedSignOffViewIsCaught() throws {
        let workspace = try signedWorkspace()
        let view = workspace.pack.appendingPathComponent("signoff.html")
        let text = try String(contentsOf: view, encoding: .utf8)
        try Data(text.replacingOccurrences(of: "A. Martin", with: "Z. Forger").utf8).write(to: view)
        let issues = try workspace.folderIssues()
        #expect(
            issues.contains {
                $0.location == view.path && $0.message.contains("does not show what signoff.json records")
            })
    }

    @Test func reorderedAndDeletedRecordsAreCaught() throws {
        let workspace = try signedWorkspace()
        try workspace.tamper(
            "UPDATE chain SET seq = 100 WHERE seq = 2; UPDATE chain SET seq = 2 WHERE seq = 3; UPDATE chain SET seq = 3 WHERE seq = 100;"
        )
        #expect(try workspace.issues().contains { $0.message.contains("previous hash expected") })
        let other = try signedWorkspace()
        try other.tamper("DELETE FROM chain WHERE seq = 3")
        #expect(
            try other.issues().contains {
                $0.location == "record 4 (pack)" && $0.message.contains("record(s) 3…3 deleted")
            })
    }

    @Test func unlistedFilesAndASupersededFolderAreReported() throws {
        let workspace = try signedWorkspace()
        try Data("x".utf8).write(to: workspace.pack.appendingPathComponent("extra.txt"))
        #expect(
            try workspace.folderIssues() == [
                VerificationIssue(
                    location: workspace.pack.appendingPathComponent("extra.txt").path,
                    message: "not listed in the pack's manifest nor by a sign-off: it was added after the build")
            ])
        // The folder rolled back to the draft (the sign-off files removed).
        try FileManager.default.removeItem(at: workspace.pack.appendingPathComponent("extra.txt"))
        try FileManager.default.removeItem(at: workspace.pack.appendingPathComponent("signoff.json"))
        try FileManager.default.removeItem(at: workspace.pack.appendingPathComponent("signoff.html"))
        let issues = try workspace.folderIssues()
        #expect(issues.count == 1)
        #expect(
            issues.first?.message.hasPrefix("holds v1 (draft, record 1), superseded by v2 (signed, record 4)") == true)
    }

    @Test func verifyHistoryAndDiffOpenTheArchiveReadOnly() throws {
        let workspace = try signedWorkspace()
        let copy = try temporaryDirectory().appendingPathComponent("archive.sqlite")
        try FileManager.default.copyItem(atPath: workspace.archivePath, toPath: copy.path)
        let before = try Data(contentsOf: copy)
        let archive = try DecisionArchive(path: copy.path, readOnly: true)
        #expect(try ArchiveVerifier.verify(archive).isEmpty)
        #expect(try ArchiveHistory.rows(archive).map(\.kind) == ["pack", "signoff", "pack"])
        _ = try MonthComparison.compare(archive, from: "2025-03", to: "2025-03")
        #expect(throws: ArchiveError.sqlite(path: copy.path, code: 8, message: "attempt to write a readonly database"))
        {
            try archive.database.execute("CREATE TABLE x (y)")
        }
        #expect(try Data(contentsOf: copy) == before)
        // On media where SQLite cannot make its shared-memory file, the archive opens as immutable.
        let immutable = try SQLiteDatabase(path: copy.path, access: .immutable)
        #expect(try immutable.query("SELECT count(*) FROM chain").first?.first?.integer == 4)
    }

    @Test func aCorruptedOrForeignFileIsRefusedClearly() throws {
        let directory = try temporaryDirectory()
        let garbage = directory.appendingPathComponent("garbage.sqlite")
        try Data(repeating: 0x42, count: 8192).write(to: garbage)
        #expect(throws: ArchiveError.notAnArchive(path: garbage.path, reason: "file is not a database")) {
            try DecisionArchive(path: garbage.path, create: false)
        }
        let foreign = directory.appendingPathComponent("foreign.sqlite")
        let database = try SQLiteDatabase(path: foreign.path)
        try database.execute("CREATE TABLE notes (text TEXT)")
        #expect(
            throws: ArchiveError.notAnArchive(path: foreign.path, reason: "its application id is 0, not ReportGen's")
        ) { try DecisionArchive(path: foreign.path, readOnly: true) }
        #expect(throws: ArchiveError.notAnArchive(path: directory.path + "/none.sqlite", reason: "no such file")) {
            try DecisionArchive(path: directory.path + "/none.sqlite", readOnly: true)
        }
    }
}
