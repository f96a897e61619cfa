import Foundation
import Templates
import Testing

@testable import ReportGenCore

/// Builds, sign-offs and restores of the demo: the signed pack is what was reviewed, and no version is ever lost.
@Suite(.serialized) struct BuildAndRestoreTests {
    @Test func aPackBuiltWithOtherSettingsElsewhereIsSignedAndAmendedByteIdentical() throws {
        let root = try SmallDemo.copy()
        let templates = try temporaryDirectory()
        try FileManager.default.createDirectory(
            at: templates.appendingPathComponent("i18n"), withIntermediateDirectories: true)
        try Data(#"{"signoff_page_kicker": "Board decision record", "cover_kicker": "Board pack"}"#.utf8).write(
            to: templates.appendingPathComponent("i18n/en.json"))
        let outside = try temporaryDirectory().appendingPathComponent("march")
        var request = PackRequest(workspace: root)
        request.options.now = SharedDemo.buildTime
        request.language = .en
        request.dialect = .excelFR
        request.templates = templates
        request.output = outside
        try PackBuilder.build(request, progress: SilentProgress())
        let reviewed = try folderSnapshot(outside)
        let manifest = try JSONDecoder().decode(PackManifest.self, from: try #require(reviewed["manifest.json"]))
        #expect(manifest.settings?.languages == ["en", "fr"] && manifest.settings?.csvDialect == "excel-fr")
        #expect(manifest.settings?.templates.keys.sorted() == ["i18n/en.json"])
        #expect(manifest.origin?.workspace == PackFolder.resolved(root).path)
        // The draft says where its sign-off will be recorded, not that it will change.
        let indexData = try #require(reviewed["index.html"])
        let index = try #require(HTMLDocument(indexData))
        let section = try #require(index.elements("//section[@id='signoff']").first?.text)
        #expect(section.contains("signoff.json") && section.contains("a sign-off never changes it"))
        #expect(index.elements("//*[@data-field='status']").first?.text.hasPrefix("Submitted for decision") == true)

        let (martinKey, martinPub) = try SigningKey.generate(directory: root.appendingPathComponent("keys"), name: "a")
        let (durandKey, durandPub) = try SigningKey.generate(directory: root.appendingPathComponent("keys"), name: "b")
        let archive = root.appendingPathComponent(DecisionArchive.fileName)
        try SignerRegistry.add(
            .init(archive: archive, name: "A. Martin", role: "CSR director", publicKeyFile: martinPub),
            progress: SilentProgress())
        try SignerRegistry.add(
            .init(archive: archive, name: "B. Durand", role: "CEO", publicKeyFile: durandPub),
            progress: SilentProgress())
        // Signed with the command-line tool from another folder, through a relative path.
        let binary = try #require(reportgenBinary(), "build the reportgen executable first: swift build --build-tests")
        let (status, output) = try run(
            binary,
            ["sign", "march", "--signer", "A. Martin", "--decision", "approve", "--key", martinKey.path, "--quiet"],
            in: outside.deletingLastPathComponent())
        #expect(status == 0, "\(output)")
        var amend = SignOffRequest(packFolder: outside, signer: "B. Durand", role: nil, decision: "amend")
        amend.keyFile = durandKey
        amend.cells = ["generation/fr=activate:needed for the Maghreb launch"]
        try SignOff.run(amend, progress: SilentProgress())

        let signed = try folderSnapshot(outside)
        #expect(signed.filter { reviewed[$0.key] != nil } == reviewed)
        #expect(Set(signed.keys).subtracting(reviewed.keys) == SignoffDocument.fileNames)
        let html = String(decoding: try #require(signed["signoff.html"]), as: UTF8.self)
        #expect(html.contains("<html lang=\"en\">") && html.contains("Board decision record"))
        #expect(html.contains("Approved") && html.contains("Amended") && html.contains("needed for the Maghreb launch"))
        let report = try ArchiveVerifier.report(
            packFolder: outside, archive: try DecisionArchive(path: archive.path, readOnly: true))
        #expect(report.isClean, "\(report.issues)")
        #expect(report.folderSignoffs == 2)
    }

    @Test func rebuildingASignedMonthKeepsTheSignedVersionAndRestoreBringsBackAnyVersion() throws {
        let demo = try DemoSigning()
        let draft = try folderSnapshot(demo.pack)
        let signOff = try demo.sign(demo.request())
        let signed = try folderSnapshot(demo.pack)
        let config = demo.root.appendingPathComponent(Workspace.configFileName)
        try Data((try String(contentsOf: config, encoding: .utf8) + "\n# reviewed again in April\n").utf8).write(
            to: config)
        var request = PackRequest(workspace: demo.root)
        request.options.now = SharedDemo.buildTime
        let kept = try PackBuilder.run(request, progress: SilentProgress())
        #expect(kept.keptSigned?.version == 2 && kept.version == 3)
        #expect(try folderSnapshot(demo.pack) == signed)
        let archive = try DecisionArchive(path: demo.archivePath, readOnly: true)
        #expect(try archive.current("2025-03")?.record.version == 2)
        let rows = try ArchiveHistory.rows(archive).filter { $0.kind == "pack" }
        #expect(rows.map(\.current) == [false, true, false])
        #expect(rows[1].note?.contains("a later draft v3") == true)

        request.supersede = true
        let superseding = try PackBuilder.run(request, progress: SilentProgress())
        #expect(superseding.keptSigned == nil && superseding.version == 4)
        #expect(try folderSnapshot(demo.pack)["signoff.json"] == nil)
        #expect(try ArchiveHistory.rows(archive).last?.note == "supersedes signed v2")

        var restore = RestoreRequest(workspace: demo.root, period: "2025-03")
        restore.version = 2
        try PackRestore.run(restore, progress: SilentProgress())
        #expect(try folderSnapshot(demo.pack) == signed)
        restore.version = 1
        restore.output = try temporaryDirectory().appendingPathComponent("v1")
        try PackRestore.run(restore, progress: SilentProgress())
        #expect(try folderSnapshot(try #require(restore.output)) == draft)
        #expect(try archive.current("2025-03")?.record.restores == signOff.packRecord)
        #expect(try archive.current("2025-03")?.record.version == 5)
        restore.version = 9
        #expect(
            throws: ArchiveError.noVersion(
                period: "2025-03", version: 9, available: [1, 2, 3, 4, 5], archive: demo.archivePath)
        ) { try PackRestore.run(restore, progress: SilentProgress()) }
        #expect(try ArchiveVerifier.report(packFolder: demo.pack, archive: archive).isClean)
    }

    @Test func buildOutRefusesAFolderThatIsNotEmptyAndNotAPack() throws {
        let root = try SmallDemo.copy()
        let notes = try temporaryDirectory()
        try Data("mine".utf8).write(to: notes.appendingPathComponent("notes.txt"))
        let file = notes.appendingPathComponent("notes.txt")
        for (out, error) in [
            (root, PackFolderError.notEmpty(path: PackFolder.resolved(root).path)),
            (root.appendingPathComponent("packs"), .notEmpty(path: PackFolder.resolved(root).path + "/packs")),
            (notes, .notEmpty(path: PackFolder.resolved(notes).path)),
            (file, .notAFolder(path: PackFolder.resolved(file).path)),
        ] {
            var request = PackRequest(workspace: root)
            request.output = out
            #expect(throws: error) { try PackBuilder.build(request, progress: SilentProgress()) }
        }
        // The workspace is whole.
        for name in ["reportgen.yaml", "inputs", "archive.sqlite", "packs/2025-03/manifest.json"] {
            #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent(name).path))
        }
        #expect(try String(contentsOf: file, encoding: .utf8) == "mine")
    }

    @Test func editingTheConfigurationBetweenBuildAndSignChangesNothingSigned() throws {
        let demo = try DemoSigning()
        let reviewed = try folderSnapshot(demo.pack)
        let config = demo.root.appendingPathComponent(Workspace.configFileName)
        let text = try String(contentsOf: config, encoding: .utf8)
            .replacingOccurrences(of: "Contoso Linguistics SAS", with: "Someone Else")
            .replacingOccurrences(of: "carbon: 0.30", with: "carbon: 0.05")
        try Data(text.utf8).write(to: config)
        try demo.sign(demo.request())
        let signed = try folderSnapshot(demo.pack)
        #expect(signed.filter { reviewed[$0.key] != nil } == reviewed)
        #expect(
            String(decoding: try #require(signed["signoff.html"]), as: UTF8.self).contains("Contoso Linguistics SAS"))
        #expect(
            try ArchiveVerifier.report(
                packFolder: demo.pack, archive: try DecisionArchive(path: demo.archivePath, readOnly: true)
            ).isClean)
    }
}

/// The `reportgen` executable next to the test bundle (built by `swift build --build-tests`, as .ci/run does).
func reportgenBinary() -> URL? {
    let candidates = [
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("reportgen"),
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("reportgen"),
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(".build/debug/reportgen"),
    ]
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
}

/// Runs the executable and returns its exit status (negative: killed by that signal) and its stderr.
func run(_ binary: URL, _ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:]) throws
    -> (status: Int32, stderr: String)
{
    let process = Process()
    process.executableURL = binary
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = directory }
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    let errors = Pipe()
    process.standardOutput = FileHandle.nullDevice
    process.standardError = errors
    try process.run()
    let data = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let status = process.terminationReason == .uncaughtSignal ? -process.terminationStatus : process.terminationStatus
    return (status, String(decoding: data, as: UTF8.self))
}
