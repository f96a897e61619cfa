import ArgumentParser
import Foundation
import Testing

@testable import ReportGen
@testable import ReportGenCore

/// A hand-built workspace: an archive with one small draft per month (no pipeline), and its pack folders.
struct HandBuiltWorkspace {
    let root: URL
    var archive: URL { root.appendingPathComponent(DecisionArchive.fileName) }

    init(months: [(period: String, total: Double, generation: String)]) throws {
        root = PackFolder.resolved(try temporaryDirectory())
        try Data("organisation: Test SA\n".utf8).write(to: root.appendingPathComponent(Workspace.configFileName))
        let archive = try DecisionArchive(path: archive.path)
        for month in months {
            var files = [
                PackFile(name: "index.html", data: Data("<html>\(month.period)</html>\n".utf8)),
                PackFile(
                    name: "pack.json",
                    data: Data(#"{"totals":{"\#(month.period)":\#(month.total)},"modelTotal":{"central":40}}"#.utf8)),
            ]
            let manifest = PackManifest(
                tool: "ReportGen", version: ToolVersion.current, period: month.period, organisation: "Test SA",
                generatedAt: "2025-11-29T08:00:00Z",
                files: Dictionary(uniqueKeysWithValues: files.map { ($0.name, sha256Hex($0.data)) }), inputs: [:],
                factorsSHA256: "f", factorsOverridden: [:], configSHA256: "c", settings: nil,
                origin: archive.id.map { PackOrigin(archive: $0, workspace: root.path) })
            files.append(PackFile(name: "manifest.json", data: try prettyJSON(manifest)))
            let folder = root.appendingPathComponent("packs/\(month.period)")
            let record = PackRecord(
                period: month.period, version: 1, status: "draft", generatedAt: "2025-11-29T08:00:00Z",
                toolVersion: ToolVersion.current, configSHA256: "c", factorsSHA256: "f",
                manifestSHA256: sha256Hex(files[2].data), files: [:], inputs: [:],
                recommendations: [
                    .init(cell: "generation/ar", recommendation: month.generation, capFilesPerMonth: nil)
                ],
                folder: "packs/\(month.period)")
            try archive.database.transaction { try archive.archive(files: files, record: record) }
            try PackWriter.write(files, to: folder)
        }
    }

    func pack(_ period: String) -> URL { root.appendingPathComponent("packs/\(period)") }
}

/// `keygen`, `sign`, `verify`, `history`, `diff`, `signer add`, `restore` and `anchor` as the command line runs them.
@Suite struct ArchiveCommandTests {
    @Test func keygenRefusesPathsSymbolicLinksAndExistingFilesAndWritesThePrivateKeyOwnerOnly() throws {
        let folder = try temporaryDirectory()
        #expect(throws: SigningKeyError.invalidName("../x")) {
            try SigningKey.generate(directory: folder, name: "../x")
        }
        #expect(throws: SigningKeyError.invalidName("a/b")) { try SigningKey.generate(directory: folder, name: "a/b") }
        // A planted symbolic link is neither followed nor replaced.
        let target = folder.appendingPathComponent("target.txt")
        try Data("keep".utf8).write(to: target)
        try FileManager.default.createSymbolicLink(
            at: folder.appendingPathComponent("planted.pub"), withDestinationURL: target)
        #expect(throws: SigningKeyError.exists(path: folder.appendingPathComponent("planted.pub").path)) {
            try SigningKey.generate(directory: folder, name: "planted")
        }
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("planted.key").path))
        let (privateKey, publicKey) = try SigningKey.generate(directory: folder, name: "planted", force: true)
        #expect(try String(contentsOf: target, encoding: .utf8) == "keep")
        let mode = try FileManager.default.attributesOfItem(atPath: privateKey.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(throws: SigningKeyError.exists(path: privateKey.path)) {
            try SigningKey.generate(directory: folder, name: "planted")
        }
        #expect(throws: SigningKeyError.privateKeyGiven(path: privateKey.path)) {
            try SigningKey.loadPublic(privateKey)
        }
        #expect(throws: SigningKeyError.publicKeyGiven(path: publicKey.path)) { try SigningKey.load(publicKey) }
    }

    @Test func aPassphraseProtectsTheKey() throws {
        let folder = try temporaryDirectory()
        let (privateKey, publicKey) = try SigningKey.generate(
            directory: folder, name: "c", passphrase: Data("correct horse".utf8))
        #expect(SigningKey.isEncrypted(privateKey))
        #expect(!(try String(contentsOf: privateKey, encoding: .utf8)).contains(SigningKey.privateTag + " "))
        #expect(throws: SigningKeyError.passphraseRequired(path: privateKey.path)) { try SigningKey.load(privateKey) }
        #expect(throws: SigningKeyError.wrongPassphrase(path: privateKey.path)) {
            try SigningKey.load(privateKey) { Data("wrong".utf8) }
        }
        let key = try SigningKey.load(privateKey) { Data("correct horse".utf8) }
        #expect(
            SigningKey.fingerprint(try SigningKey.loadPublic(publicKey))
                == SigningKey.fingerprint(of: key))
    }

    @Test func diffSaysWhatItComparedExitsOneWhenTheMonthsDifferAndWritesJSON() throws {
        let workspace = try HandBuiltWorkspace(months: [("2025-02", 48.1, "postpone"), ("2025-03", 51.3, "activate")])
        let text = try DiffCommand.parse(["2025-02", "2025-03", "--workspace", workspace.root.path]).output()
        #expect(text.differs)
        #expect(
            text.text.hasPrefix(
                "# 2025-02 v1 (draft, record 1) → 2025-03 v1 (draft, record 2)\ncompared: the current version of each month in "
            ))
        #expect(text.text.contains("generation/ar: postpone → activate"))
        #expect(text.text.contains("retained kgCO2e of the month: 48.1 → 51.3"))
        #expect(throws: ExitCode.failure) {
            try DiffCommand.parse(["2025-02", "2025-03", "--workspace", workspace.root.path, "--exit-code"]).run()
        }
        try DiffCommand.parse(["2025-03", "2025-03", "--workspace", workspace.root.path, "--exit-code"]).run()
        let json = try DiffCommand.parse(["2025-02", "2025-03", "--workspace", workspace.root.path, "--format", "json"])
            .output().text
        let comparison = try JSONDecoder().decode(MonthComparison.self, from: Data(json.utf8))
        #expect(comparison.from.period == "2025-02" && comparison.to.record == 2)
        #expect(comparison.recommendations == [.init(key: "generation/ar", from: "postpone", to: "activate")])
        #expect(throws: ArchiveError.noPack(period: "2025-04", archive: workspace.archive.path)) {
            try DiffCommand.parse(["2025-02", "2025-04", "--workspace", workspace.root.path]).output()
        }
    }

    @Test func anUnsignedSignOffShowsAsUnsignedInHistoryAndVerify() throws {
        let workspace = try HandBuiltWorkspace(months: [("2025-03", 51.3, "postpone")])
        let pack = workspace.pack("2025-03")
        try SignCommand.parse([
            pack.path, "--signer", "C. Petit", "--role", "Auditor", "--decision", "approve", "--unsigned", "--quiet",
        ]).run()
        let history = try HistoryCommand.parse([pack.path]).output()
        #expect(history.contains("C. Petit") && history.contains("UNSIGNED"))
        let (verify, isClean) = try VerifyCommand.parse([pack.path]).output()
        #expect(isClean)
        #expect(verify.contains("1 of them UNSIGNED"))
        #expect(verify.contains("unsigned: record 2: C. Petit (Auditor), approve of 2025-03"))
        // Without --unsigned or a key, nothing is recorded.
        #expect(throws: SignOffError.keyRequired) {
            try SignCommand.parse([pack.path, "--signer", "D. Roux", "--role", "CFO", "--decision", "approve"]).run()
        }
    }

    @Test func signerAddRestoreAndAnchorWorkFromTheCommandLine() throws {
        let workspace = try HandBuiltWorkspace(months: [("2025-03", 51.3, "postpone")])
        let keys = try temporaryDirectory()
        try KeygenCommand.parse(["--name", "a-martin", "--out", keys.path]).run()
        try SignerAddCommand.parse([
            "--workspace", workspace.root.path, "--name", "A. Martin", "--role", "CSR director", "--pub",
            keys.appendingPathComponent("a-martin.pub").path, "--quiet",
        ]).run()
        let draft = try FileManager.default.contentsOfDirectory(atPath: workspace.pack("2025-03").path).sorted()
        try SignCommand.parse([
            workspace.pack("2025-03").path, "--signer", "A. Martin", "--decision", "approve", "--key",
            keys.appendingPathComponent("a-martin.key").path, "--quiet",
        ]).run()
        let anchor = keys.appendingPathComponent("anchor.json")
        try AnchorCommand.parse(["--workspace", workspace.root.path, "--out", anchor.path, "--quiet"]).run()
        #expect(try ArchiveAnchor.read(anchor).head.seq == 4)
        try RestoreCommand.parse(["2025-03", "--version", "1", "--workspace", workspace.root.path, "--quiet"]).run()
        #expect(try FileManager.default.contentsOfDirectory(atPath: workspace.pack("2025-03").path).sorted() == draft)
        let (text, isClean) = try VerifyCommand.parse([workspace.pack("2025-03").path, "--anchor", anchor.path])
            .output()
        #expect(isClean, "\(text)")
        #expect(text.contains("the folder holds 2025-03 v3 (draft, record 5), the month's current version"))
    }

    @Test func everyErrorNamesTheCommandItComesFrom() throws {
        let workspace = try HandBuiltWorkspace(months: [("2025-03", 51.3, "postpone")])
        for (arguments, prefix) in [
            (["keygen", "--name", "../x"], "reportgen: error: keygen: --name ../x: expected a plain file name"),
            (
                ["diff", "2025-02", "2025-03", "--workspace", workspace.root.path],
                "reportgen: error: diff: no pack of 2025-02"
            ),
            (
                ["sign", workspace.pack("2025-03").path, "--signer", "X", "--decision", "approve"],
                "reportgen: error: sign: no --key"
            ),
            (
                ["restore", "2025-03", "--version", "7", "--workspace", workspace.root.path],
                "reportgen: error: restore: no version 7"
            ),
            (
                ["history", "--archive", workspace.root.appendingPathComponent("none").path],
                "reportgen: error: history: "
            ),
            (
                [
                    "signer", "add", "--name", "X", "--role", "Y", "--pub", "/nonexistent.pub", "--workspace",
                    workspace.root.path,
                ],
                "reportgen: error: signer add: /nonexistent.pub: not a public key"
            ),
        ] {
            let (status, text) = try runBuiltReportGen(arguments)
            #expect(status == 1, "\(arguments)")
            #expect(text.hasPrefix(prefix), "\(text)")
        }
    }
}
