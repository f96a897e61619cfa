import Foundation
import Testing

@testable import ReportGenCore

/// Sign-offs on a hand-built pack: what was reviewed stays byte-identical, the decisions are recorded beside it.
@Suite struct SignOffTests {
    @Test func aSignOffAddsItsFilesAndLeavesTheReviewedFilesByteIdentical() throws {
        let workspace = try MiniWorkspace()
        let reviewed = try workspace.snapshot()
        let key = try workspace.key("a-martin", signer: "A. Martin")
        let outcome = try workspace.sign(
            workspace.request(key: key, cells: ["generation/ar=activate:needed for the Maghreb launch"]))
        #expect(outcome.version == 2 && outcome.isSigned)
        let signed = try workspace.snapshot()
        #expect(signed.filter { reviewed[$0.key] != nil } == reviewed)
        #expect(Set(signed.keys).subtracting(reviewed.keys) == ["signoff.json", "signoff.html"])
        let document = try JSONDecoder().decode(SignoffDocument.self, from: try #require(signed["signoff.json"]))
        let record = try #require(document.signoffs.first?.signoff)
        #expect(record.signer == "A. Martin" && record.role == "CSR director" && record.decision == "approve")
        #expect(record.manifestSHA256 == sha256Hex(try #require(reviewed["manifest.json"])))
        #expect(record.cells.map(\.outcome) == ["overridden", "accepted"])
        #expect(record.publicKey != nil && record.keyFingerprint != nil && record.signature != nil)
        // The head it signs is the record before it; the pack carries the head after it.
        #expect(record.head?.seq == document.signoffs[0].record - 1)
        #expect(document.head == ChainHead(seq: document.signoffs[0].record, hash: document.signoffs[0].hash))
        let html = String(decoding: try #require(signed["signoff.html"]), as: UTF8.self)
        #expect(html.contains("needed for the Maghreb launch") && html.contains("A. Martin"))
        #expect(html.contains(record.manifestSHA256))
        #expect(try workspace.issues().isEmpty)
        #expect(try workspace.folderIssues().isEmpty)
    }

    @Test func anAmendmentKeepsEverySignOffAndTheReviewedFiles() throws {
        let workspace = try MiniWorkspace()
        let reviewed = try workspace.snapshot()
        try workspace.sign(workspace.request(key: try workspace.key("a", signer: "A. Martin")))
        var amend = workspace.request(
            "amend", signer: "B. Durand", key: try workspace.key("b", signer: "B. Durand", role: "CEO"))
        amend.cells = ["generation/ar=activate:launch in May"]
        amend.comment = "Arabic generation starts in May"
        try workspace.sign(amend)
        let signed = try workspace.snapshot()
        #expect(signed.filter { reviewed[$0.key] != nil } == reviewed)
        let document = try JSONDecoder().decode(SignoffDocument.self, from: try #require(signed["signoff.json"]))
        #expect(document.signoffs.map(\.signoff.decision) == ["approve", "amend"])
        #expect(document.signoffs.map(\.signoff.signer) == ["A. Martin", "B. Durand"])
        #expect(document.signoffs[1].signoff.corrects == document.signoffs[0].record)
        #expect(document.version == 3 && document.reviewedVersion == 1)
        #expect(try workspace.folderIssues().isEmpty)
        let rows = try ArchiveHistory.rows(try workspace.archive())
        #expect(rows.filter { $0.kind == "pack" }.map(\.status) == ["draft", "signed", "signed"])
        #expect(rows.filter { $0.kind == "pack" }.map(\.current) == [false, false, true])
    }

    @Test func refusesAnOverrideWithoutRationaleAndMalformedCells() throws {
        let workspace = try MiniWorkspace()
        let key = try workspace.key("a", signer: "A. Martin")
        #expect(
            throws: SignOffError.overrideNeedsRationale(
                cell: "generation/ar", recommendation: "postpone", decision: "activate")
        ) { try workspace.sign(workspace.request(key: key, cells: ["generation/ar=activate"])) }
        #expect(
            throws: SignOffError.unknownCell(
                argument: "ocr/fr=activate:why", cell: "ocr/fr", cells: ["generation/ar", "translation/fr"])
        ) { try workspace.sign(workspace.request(key: key, cells: ["ocr/fr=activate:why"])) }
        #expect(
            throws: SignOffError.unknownCellDecision(
                argument: "generation/ar=maybe:why", decision: "maybe",
                expected: RecommendationKind.allCases.map(\.rawValue))
        ) { try workspace.sign(workspace.request(key: key, cells: ["generation/ar=maybe:why"])) }
        #expect(throws: SignOffError.cellSyntax(argument: "generation/ar")) {
            try workspace.sign(workspace.request(key: key, cells: ["generation/ar"]))
        }
        #expect(throws: SignOffError.invalidDecision("approved")) {
            try workspace.sign(workspace.request("approved", key: key))
        }
        #expect(throws: SignOffError.rejectionNeedsComment) {
            try workspace.sign(workspace.request("reject", key: key))
        }
        #expect(throws: SignOffError.nothingToAmend(period: "2025-03")) {
            try workspace.sign(workspace.request("amend", key: key))
        }
        // Nothing was recorded: the archive holds the draft and the key's registration.
        #expect(try workspace.archive().entries().map(\.kind) == ["pack", "key"])
    }

    @Test func theSameSignerCannotApproveTheSamePackTwice() throws {
        let workspace = try MiniWorkspace()
        let key = try workspace.key("a", signer: "A. Martin")
        let first = try workspace.sign(workspace.request(key: key))
        #expect(
            throws: SignOffError.alreadySigned(
                signer: "A. Martin", decision: "approve", record: first.signoff, period: "2025-03")
        ) { try workspace.sign(workspace.request(signer: "a. martin", key: key)) }
    }

    @Test func aSignOffIsBoundToTheSignersRegisteredKey() throws {
        let workspace = try MiniWorkspace()
        let martin = try workspace.key("a-martin", signer: "A. Martin")
        let durand = try workspace.key("b-durand", signer: "B. Durand", role: "CEO")
        let stranger = try workspace.key("stranger")
        let martinPrint = try fingerprint(martin)
        // The README's old example: the second signer with the first signer's key.
        #expect(
            throws: SignOffError.keyRegisteredToAnotherSigner(
                fingerprint: martinPrint, registeredTo: "A. Martin", signer: "B. Durand")
        ) { try workspace.sign(workspace.request(signer: "B. Durand", key: martin)) }
        let durandPrint = try fingerprint(durand)
        let strangerPrint = try fingerprint(stranger)
        #expect(
            throws: SignOffError.signerHasAnotherKey(
                signer: "B. Durand", registered: [durandPrint], given: strangerPrint)
        ) { try workspace.sign(workspace.request(signer: "B. Durand", key: stranger)) }
        #expect(throws: SignOffError.unregisteredKey(signer: "C. Petit", fingerprint: strangerPrint)) {
            try workspace.sign(workspace.request(signer: "C. Petit", key: stranger))
        }
        var wrongRole = workspace.request(key: martin)
        wrongRole.role = "CEO"
        #expect(throws: SignOffError.roleDiffers(signer: "A. Martin", registered: "CSR director", given: "CEO")) {
            try workspace.sign(wrongRole)
        }
        // A first signature registers the signer only when asked to, with a role.
        var first = workspace.request(signer: "C. Petit", key: stranger)
        first.register = true
        #expect(throws: SignOffError.missingRole(signer: "C. Petit")) { try workspace.sign(first) }
        first.role = "Auditor"
        try workspace.sign(first)
        #expect(try workspace.archive().keys().last?.record.signer == "C. Petit")
        // A key registered to one person cannot be registered to another.
        #expect(
            throws: SignOffError.keyRegisteredToAnotherSigner(
                fingerprint: martinPrint, registeredTo: "A. Martin", signer: "B. Durand")
        ) {
            try SignerRegistry.add(
                .init(
                    archive: URL(fileURLWithPath: workspace.archivePath), name: "B. Durand", role: "CEO",
                    publicKeyFile: martin.deletingPathExtension().appendingPathExtension("pub")),
                progress: SilentProgress())
        }
        #expect(try workspace.issues().isEmpty)
    }

    @Test func aPublicKeyPassedAsThePrivateKeyIsRefused() throws {
        let workspace = try MiniWorkspace()
        let key = try workspace.key("a-martin", signer: "A. Martin")
        let pub = key.deletingPathExtension().appendingPathExtension("pub")
        #expect(throws: SigningKeyError.publicKeyGiven(path: pub.path)) {
            try workspace.sign(workspace.request(key: pub))
        }
        // An earlier version's bare base64 public key, renamed: recognised as the registered public key.
        let registered = try #require(try workspace.archive().keys().first?.record.publicKey)
        let legacy = workspace.root.appendingPathComponent("keys/renamed.key")
        try Data((registered + "\n").utf8).write(to: legacy)
        #expect(throws: SignOffError.publicKeyAsPrivateKey(path: legacy.path, signer: "A. Martin")) {
            try workspace.sign(workspace.request(key: legacy))
        }
        let legacyPub = workspace.root.appendingPathComponent("keys/old.pub")
        try Data((registered + "\n").utf8).write(to: legacyPub)
        #expect(throws: SigningKeyError.publicKeyGiven(path: legacyPub.path)) {
            try workspace.sign(workspace.request(key: legacyPub))
        }
        #expect(try workspace.archive().signoffs().isEmpty)
    }

    @Test func anUnsignedSignOffNeedsUnsignedAndIsLabelledEverywhere() throws {
        let workspace = try MiniWorkspace()
        var request = workspace.request(signer: "C. Petit", key: nil)
        request.unsigned = false
        #expect(throws: SignOffError.keyRequired) { try workspace.sign(request) }
        request.unsigned = true
        request.keyFile = try workspace.key("x")
        #expect(throws: SignOffError.keyAndUnsigned) { try workspace.sign(request) }
        request.keyFile = nil
        let outcome = try workspace.sign(request)
        #expect(!outcome.isSigned)
        let document = try JSONDecoder().decode(
            SignoffDocument.self, from: try Data(contentsOf: workspace.pack.appendingPathComponent("signoff.json")))
        #expect(document.signoffs.first?.signoff.signature == nil && !document.isSigned)
        let html = try #require(
            HTMLDocument(try Data(contentsOf: workspace.pack.appendingPathComponent("signoff.html"))))
        #expect(html.elements("//*[@data-field='unsigned']").first?.text.hasPrefix("NON SIGNÉ") == true)
        #expect(html.elements("//*[@data-field='status']").first?.text.hasPrefix("Enregistré sans signature") == true)
        let rows = try ArchiveHistory.rows(try workspace.archive())
        #expect(rows.first { $0.kind == "signoff" }?.signed == false)
        #expect(rows.first { $0.kind == "signoff" }?.note?.contains("UNSIGNED") == true)
        let report = try ArchiveVerifier.report(packFolder: workspace.pack, archive: try workspace.archive())
        #expect(report.isClean)
        #expect(report.unsigned == ["record \(outcome.signoff): C. Petit (Auditor), approve of 2025-03"])
    }

    @Test func aChangedOrUnlistedFileInThePackIsRefused() throws {
        let workspace = try MiniWorkspace()
        let key = try workspace.key("a", signer: "A. Martin")
        let csv = workspace.pack.appendingPathComponent("matrix.csv")
        let original = try Data(contentsOf: csv)
        try Data("tampered".utf8).write(to: csv)
        do {
            try workspace.sign(workspace.request(key: key))
            Issue.record("expected a refusal")
        } catch SignOffError.packFolderChanged(let folder, let issues) {
            #expect(folder == workspace.pack.path)
            #expect(issues.count == 1 && issues[0].hasPrefix(csv.path + ": SHA-256 expected"))
        }
        try original.write(to: csv)
        try Data("notes".utf8).write(to: workspace.pack.appendingPathComponent("notes.txt"))
        #expect(throws: PackFolderError.unlistedFiles(path: workspace.pack.path, names: ["notes.txt"])) {
            try workspace.sign(workspace.request(key: key))
        }
        #expect(
            try workspace.folderIssues().map(\.location) == [workspace.pack.appendingPathComponent("notes.txt").path])
    }

    @Test func aRemovedSignOffFileIsReportedAndRestoreWritesTheCurrentVersionBack() throws {
        let workspace = try MiniWorkspace()
        try workspace.sign(workspace.request(key: try workspace.key("a", signer: "A. Martin")))
        let signed = try workspace.snapshot()
        try FileManager.default.removeItem(at: workspace.pack.appendingPathComponent("signoff.html"))
        #expect(try workspace.folderIssues().map(\.message) == ["its files match no archived version of the pack"])
        let durand = try workspace.key("b", signer: "B. Durand", role: "CEO")
        #expect(throws: SignOffError.matchesNoVersion(folder: workspace.pack.path, period: "2025-03")) {
            try workspace.sign(workspace.request(signer: "B. Durand", key: durand))
        }
        try PackRestore.run(RestoreRequest(workspace: workspace.root, period: "2025-03"), progress: SilentProgress())
        #expect(try workspace.snapshot() == signed)
        try workspace.sign(workspace.request(signer: "B. Durand", key: durand))
        #expect(try workspace.folderIssues().isEmpty)
    }

    @Test func aPackAnywhereIsSignedThroughASymbolicLink() throws {
        let elsewhere = try temporaryDirectory().appendingPathComponent("march")
        let workspace = try MiniWorkspace(folder: elsewhere)
        let key = try workspace.key("a", signer: "A. Martin")
        let link = try temporaryDirectory().appendingPathComponent("link-to-march")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: elsewhere)
        var request = workspace.request(key: key)
        request.packFolder = link
        let outcome = try workspace.sign(request)
        #expect(outcome.folder == PackFolder.resolved(elsewhere))
        #expect(FileManager.default.fileExists(atPath: elsewhere.appendingPathComponent("signoff.json").path))
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: link.path)) == elsewhere.path)
        #expect(try ArchiveVerifier.report(packFolder: link, archive: try workspace.archive()).isClean)
    }

    @Test func aSecondWriterWaitsThenGetsAClearBusyError() throws {
        let workspace = try MiniWorkspace()
        let key = try workspace.key("a", signer: "A. Martin")
        var request = workspace.request(key: key)
        request.busyTimeoutMilliseconds = 200
        // Another process inside a write transaction of the archive.
        let holder = try SQLiteDatabase(path: workspace.archivePath)
        try holder.execute("BEGIN IMMEDIATE")
        #expect(throws: ArchiveError.busy(path: workspace.archivePath)) { try workspace.sign(request) }
        try holder.execute("ROLLBACK")
        // Another sign or build holding the workspace's lock.
        let lock = try ArchiveLock.acquire(archivePath: workspace.archivePath, holder: "reportgen build")
        #expect(
            throws: ArchiveError.locked(
                path: workspace.archivePath + ".lock", holder: "reportgen build (pid \(getpid()))")
        ) { try workspace.sign(request) }
        lock.release()
        try workspace.sign(request)
        #expect(try workspace.issues().isEmpty)
    }
}

/// The fingerprint of a private key file's public key (its `.pub` neighbour).
func fingerprint(_ privateKey: URL) throws -> String {
    SigningKey.fingerprint(try SigningKey.loadPublic(privateKey.deletingPathExtension().appendingPathExtension("pub")))
}
