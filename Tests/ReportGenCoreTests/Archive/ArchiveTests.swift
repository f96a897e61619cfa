import Foundation
import Testing

@testable import ReportGenCore

/// A demo workspace with its draft pack archived, and a signing key.
struct SignedWorkspace {
    let root: URL
    let pack: URL
    let key: URL
    var archivePath: String { root.appendingPathComponent(DecisionArchive.fileName).path }

    init() throws {
        // A copy of the shared demo workspace, its draft already built and archived.
        root = try copyOfFolder(try SharedDemo.workspace())
        pack = root.appendingPathComponent("packs/2025-03")
        key = try SigningKey.generate(directory: root.appendingPathComponent("keys"), name: "signer").privateKey
    }

    func request(_ decision: String = "approve", cells: [String] = [], comment: String? = nil) -> SignOffRequest {
        var request = SignOffRequest(packFolder: pack, signer: "A. Martin", role: "CSR director", decision: decision)
        request.cells = cells
        request.comment = comment
        request.keyFile = key
        return request
    }

    func sign(_ request: SignOffRequest) throws {
        try SignOff.run(request, progress: SilentProgress())
    }

    func issues() throws -> [VerificationIssue] {
        try ArchiveVerifier.verify(try DecisionArchive(path: archivePath, create: false))
    }

    /// Changes the archive behind the tool's back, as a tamperer with sqlite3 would (the triggers dropped first).
    func tamper(_ sql: String) throws {
        let database = try SQLiteDatabase(path: archivePath)
        try database.execute(
            """
            DROP TRIGGER chain_is_append_only_update; DROP TRIGGER chain_is_append_only_delete;
            DROP TRIGGER blobs_are_append_only_update; DROP TRIGGER blobs_are_append_only_delete;
            \(sql)
            """)
    }
}

@Suite(.serialized) struct ArchiveTests {
    @Test func aBuildArchivesTheDraftAndTheDemoCanBeSignedTwice() throws {
        let workspace = try SignedWorkspace()
        try workspace.sign(workspace.request())
        try workspace.sign(
            workspace.request(
                "amend", cells: ["generation/ar=activate:needed for the Maghreb launch"], comment: "launch in May"))
        let archive = try DecisionArchive(path: workspace.archivePath, create: false)
        let rows = try ArchiveHistory.rows(archive)
        #expect(rows.map(\.kind) == ["pack", "signoff", "pack", "signoff", "pack"])
        #expect(rows.compactMap(\.status) == ["draft", "signed", "signed"])
        #expect(rows.compactMap(\.decision) == ["approve", "amend"])
        let amend = try #require(try archive.signoffs().last?.record)
        #expect(amend.corrects == 3)
        #expect(amend.cells.first { $0.cell == "generation/ar" }?.outcome == "overridden")
        #expect(try workspace.issues().isEmpty)
        // The folder holds the signed v3, whose sign-off block shows both sign-offs; the draft stays archived.
        let html = try String(contentsOf: workspace.pack.appendingPathComponent("index.en.html"), encoding: .utf8)
        #expect(html.contains("Amended") && html.contains("Approved") && html.contains("needed for the Maghreb launch"))
        let draft = try #require(try archive.packs().first?.record)
        #expect(draft.status == "draft")
        let draftHTML = try #require(try archive.blob(draft.files["index.en.html"] ?? ""))
        #expect(!String(decoding: draftHTML, as: UTF8.self).contains("Maghreb"))
        #expect(try ArchiveVerifier.verify(packFolder: workspace.pack, archive: archive).isEmpty)
        // diff between two months shows both decisions.
        try PackBuilder.build(
            {
                var r = PackRequest(workspace: workspace.root); r.options.period = YearMonth(year: 2025, month: 2);
                return r
            }(),
            progress: SilentProgress())
        let diff = try ArchiveHistory.diff(archive, from: "2025-02", to: "2025-03")
        #expect(diff.contains("2025-03: approve by A. Martin (CSR director), record 3"))
        #expect(diff.contains("generation/ar activate_with_optimisation → activate (needed for the Maghreb launch)"))
    }

    @Test func refusesAnOverrideWithoutRationale() throws {
        let workspace = try SignedWorkspace()
        #expect(
            throws: ArchiveError.refused(
                "generation/ar: overriding activate_with_optimisation with activate needs a rationale: "
                    + "--cell generation/ar=activate:WHY")
        ) {
            try workspace.sign(workspace.request(cells: ["generation/ar=activate"]))
        }
        #expect(try ArchiveHistory.rows(try DecisionArchive(path: workspace.archivePath, create: false)).count == 1)
    }

    @Test func refusesUnknownCellsDecisionsAndMalformedOverrides() throws {
        let workspace = try SignedWorkspace()
        #expect(throws: ArchiveError.self) { try workspace.sign(workspace.request(cells: ["ocr/fr=activate:why"])) }
        #expect(throws: ArchiveError.self) { try workspace.sign(workspace.request(cells: ["generation/ar=maybe:why"])) }
        #expect(throws: ArchiveError.self) { try workspace.sign(workspace.request(cells: ["generation/ar"])) }
        #expect(throws: ArchiveError.self) { try workspace.sign(workspace.request("approved")) }
    }

    @Test func refusesARejectionWithoutCommentAndAnAmendmentOfNothing() throws {
        let workspace = try SignedWorkspace()
        #expect(throws: ArchiveError.refused("a rejection needs a --comment saying why")) {
            try workspace.sign(workspace.request("reject"))
        }
        #expect(
            throws: ArchiveError.refused(
                "nothing to amend: 2025-03 has no sign-off yet; use --decision approve or reject")
        ) {
            try workspace.sign(workspace.request("amend"))
        }
    }

    @Test func refusesAChangedPackFolderChangedInputsAndABadKey() throws {
        let workspace = try SignedWorkspace()
        let csv = workspace.pack.appendingPathComponent("matrix.csv")
        let original = try Data(contentsOf: csv)
        try Data("tampered".utf8).write(to: csv)
        #expect(throws: ArchiveError.self) { try workspace.sign(workspace.request()) }
        try original.write(to: csv)
        try Data("not a key\n".utf8).write(to: workspace.key)
        #expect(throws: ArchiveError.self) { try workspace.sign(workspace.request()) }
        let fresh = try SigningKey.generate(directory: workspace.root.appendingPathComponent("keys2"), name: "k")
            .privateKey
        let input = workspace.root.appendingPathComponent("inputs/usage-rollup-2025-01_02.csv")
        try (try String(contentsOf: input, encoding: .utf8) + "2025-02,generation,/v1/generate,fr,1,1,0,1,1,1,,1\n")
            .write(to: input, atomically: true, encoding: .utf8)
        var request = workspace.request()
        request.keyFile = fresh
        do {
            try workspace.sign(request)
            Issue.record("expected a refusal")
        } catch let error as ArchiveError {
            #expect(
                error.description.contains(
                    "the inputs changed since the pack was built (inputs/usage-rollup-2025-01_02.csv)"))
        }
    }

    @Test func archivedRecordsCannotBeUpdatedOrDeleted() throws {
        let workspace = try SignedWorkspace()
        let database = try SQLiteDatabase(path: workspace.archivePath)
        #expect(throws: ArchiveError.self) { try database.execute("UPDATE chain SET kind = 'key' WHERE seq = 1") }
        #expect(throws: ArchiveError.self) { try database.execute("DELETE FROM chain WHERE seq = 1") }
        #expect(throws: ArchiveError.self) { try database.execute("DELETE FROM blobs") }
    }

    @Test func verifyCatchesAByteChangedInAStoredFile() throws {
        let workspace = try SignedWorkspace()
        try workspace.tamper(
            "UPDATE blobs SET content = CAST(replace(CAST(content AS TEXT), 'Contoso', 'Cantoso') AS BLOB) WHERE CAST(content AS TEXT) LIKE '%<html%' "
        )
        let issues = try workspace.issues()
        #expect(
            issues.contains {
                $0.location.hasPrefix("pack 2025-03 v1 (record 1), file index")
                    && $0.message.contains("the stored file was changed")
            })
    }

    @Test func verifyCatchesAChangedDecision() throws {
        let workspace = try SignedWorkspace()
        try workspace.sign(workspace.request())
        try workspace.tamper(
            "UPDATE chain SET body = CAST(replace(CAST(body AS TEXT), '\"approve\"', '\"reject\"') AS BLOB) WHERE kind = 'signoff'"
        )
        let issues = try workspace.issues()
        #expect(issues.contains { $0.location.contains("(signoff)") && $0.message.contains("body hash expected") })
        #expect(issues.contains { $0.message.contains("signature does not verify") })
    }

    @Test func verifyCatchesAForgedSignatureEvenWhenEveryHashIsRecomputed() throws {
        let workspace = try SignedWorkspace()
        try workspace.sign(workspace.request())
        // A tamperer swaps the decision and rewrites the body hash and every record hash after it.
        let archive = try DecisionArchive(path: workspace.archivePath, create: false)
        var entries = try archive.entries()
        let index = try #require(entries.firstIndex { $0.kind == "signoff" })
        let forged = String(decoding: entries[index].body, as: UTF8.self).replacingOccurrences(
            of: "\"approve\"", with: "\"reject\"")
        entries[index].body = Data(forged.utf8)
        entries[index].bodySHA256 = sha256Hex(entries[index].body)
        var previous = index > 0 ? entries[index - 1].hash : DecisionArchive.genesis
        var statements = ""
        for position in index..<entries.count {
            var entry = entries[position]
            entry.previousHash = previous
            entry.hash = DecisionArchive.chainHash(
                previous: previous, seq: entry.seq, kind: entry.kind, createdAt: entry.createdAt,
                bodySHA256: entry.bodySHA256)
            previous = entry.hash
            let hexBody = entry.body.map { String(format: "%02x", $0) }.joined()
            statements +=
                "UPDATE chain SET body = x'\(hexBody)', body_sha256 = '\(entry.bodySHA256)', prev_hash = '\(entry.previousHash)', hash = 'tmp\(entry.seq)' WHERE seq = \(entry.seq);"
            statements += "UPDATE chain SET hash = '\(entry.hash)' WHERE seq = \(entry.seq);"
        }
        try workspace.tamper(
            statements.replacingOccurrences(
                of: "hash = 'tmp",
                with: "hash = substr('0000000000000000000000000000000000000000000000000000000000000000', 1, 60) || 'tmp"
            ))
        let issues = try workspace.issues()
        #expect(issues.count == 1)
        #expect(issues.first?.message.contains("the Ed25519 signature does not verify") == true)
    }

    @Test func verifyCatchesReorderedAndDeletedRecords() throws {
        let workspace = try SignedWorkspace()
        try workspace.sign(workspace.request())
        try workspace.tamper(
            "UPDATE chain SET seq = 100 WHERE seq = 2; UPDATE chain SET seq = 2 WHERE seq = 3; UPDATE chain SET seq = 3 WHERE seq = 100;"
        )
        #expect(try workspace.issues().contains { $0.message.contains("previous hash expected") })
        let other = try SignedWorkspace()
        try other.sign(other.request())
        try other.tamper("DELETE FROM chain WHERE seq = 3")
        let issues = try other.issues()
        #expect(issues.contains { $0.location == "record 4 (pack)" && $0.message.contains("record(s) 3…3 deleted") })
    }

    @Test func aCorruptedOrForeignFileIsRefusedClearly() throws {
        let directory = try temporaryDirectory()
        let garbage = directory.appendingPathComponent("garbage.sqlite")
        try Data(repeating: 0x42, count: 8192).write(to: garbage)
        #expect(throws: ArchiveError.self) { try DecisionArchive(path: garbage.path, create: false) }
        let foreign = directory.appendingPathComponent("foreign.sqlite")
        let database = try SQLiteDatabase(path: foreign.path)
        try database.execute("CREATE TABLE notes (text TEXT)")
        #expect(openingError(foreign.path).contains("not a ReportGen archive"))
        #expect(openingError(garbage.path).contains("garbage.sqlite"))
    }

    @Test func aSecondWriterWaitsThenGetsAClearBusyError() throws {
        let workspace = try SignedWorkspace()
        let holder = try SQLiteDatabase(path: workspace.archivePath)
        try holder.execute("BEGIN IMMEDIATE")
        var request = workspace.request()
        request.busyTimeoutMilliseconds = 200
        #expect(throws: ArchiveError.busy(path: workspace.archivePath)) { try workspace.sign(request) }
        try holder.execute("ROLLBACK")
        try workspace.sign(request)
        #expect(try workspace.issues().isEmpty)
    }
}

/// What opening an archive says, or "" when it opens.
func openingError(_ path: String) -> String {
    do {
        let archive = try DecisionArchive(path: path, create: false)
        return archive.path.isEmpty ? "?" : ""
    } catch {
        return error.description
    }
}
