import Foundation
import Testing

@testable import ReportGenCore

/// A workspace built by hand: an archive holding one draft of 2025-03 with three small files and two cells, and its
/// folder `packs/2025-03`. No pipeline runs: sign-off, history and verification tests take milliseconds.
struct MiniWorkspace {
    static let cells: [PackRecord.ArchivedRecommendation] = [
        .init(cell: "generation/ar", recommendation: "postpone", capFilesPerMonth: nil),
        .init(cell: "translation/fr", recommendation: "activate", capFilesPerMonth: nil),
    ]
    static let signedAt = Date(timeIntervalSince1970: 1_764_403_400)

    let root: URL
    let pack: URL
    var archivePath: String { root.appendingPathComponent(DecisionArchive.fileName).path }

    /// - Parameter folder: where the pack goes (default `packs/PERIOD`).
    init(period: String = "2025-03", folder: URL? = nil, settings: PackSettings? = nil) throws {
        root = PackFolder.resolved(try temporaryDirectory())
        pack = folder.map(PackFolder.resolved) ?? root.appendingPathComponent("packs/\(period)")
        try Data("organisation: Test SA\n".utf8).write(to: root.appendingPathComponent(Workspace.configFileName))
        let archive = try DecisionArchive(path: root.appendingPathComponent(DecisionArchive.fileName).path)
        try Self.addDraft(period: period, to: archive, root: root, folder: pack, settings: settings, text: "draft")
    }

    /// Archives a draft of `period` (its files carry `text`) as the month's current version and writes its folder.
    @discardableResult
    static func addDraft(
        period: String, to archive: DecisionArchive, root: URL, folder: URL, settings: PackSettings? = nil,
        text: String, total: Double = 51.2828, cells: [PackRecord.ArchivedRecommendation] = cells
    ) throws -> [PackFile] {
        var files = [
            PackFile(name: "index.html", data: Data("<html><body>\(period): \(text)</body></html>\n".utf8)),
            PackFile(name: "matrix.csv", data: Data("service,language,score\r\ngeneration,ar,0.31\r\n".utf8)),
            PackFile(
                name: "pack.json",
                data: Data(
                    #"{"factors":[{"key":"grid.fr","value":0.052}],"modelTotal":{"central":43.9},"totals":{"\#(period)":\#(total)}}"#
                        .utf8)),
        ]
        let manifest = PackManifest(
            tool: "ReportGen", version: ToolVersion.current, period: period, organisation: "Test SA",
            generatedAt: "2025-11-29T08:00:00Z",
            files: Dictionary(uniqueKeysWithValues: files.map { ($0.name, sha256Hex($0.data)) }), inputs: [:],
            factorsSHA256: String(repeating: "f", count: 64), factorsOverridden: [:],
            configSHA256: String(repeating: "c", count: 64), settings: settings,
            origin: archive.id.map { PackOrigin(archive: $0, workspace: root.path) })
        files.append(PackFile(name: "manifest.json", data: try prettyJSON(manifest)))
        let existing = try archive.packs().filter { $0.record.period == period }
        let record = PackRecord(
            period: period, version: (existing.map(\.record.version).max() ?? 0) + 1, status: "draft",
            generatedAt: "2025-11-29T08:00:00Z", toolVersion: ToolVersion.current,
            configSHA256: manifest.configSHA256, factorsSHA256: manifest.factorsSHA256,
            manifestSHA256: sha256Hex(files.last?.data ?? Data()), files: [:], inputs: [:], recommendations: cells,
            supersedes: try archive.current(period)?.seq, settings: settings,
            folder: PackPublisher.recordedFolder(folder, workspace: root))
        try archive.database.transaction { try archive.archive(files: files, record: record) }
        try PackWriter.write(files, to: folder)
        return files
    }

    /// A key pair in `keys/`, registered to `signer` when one is given.
    func key(_ name: String, signer: String? = nil, role: String = "CSR director") throws -> URL {
        let (privateKey, publicKey) = try SigningKey.generate(
            directory: root.appendingPathComponent("keys"), name: name)
        if let signer {
            var registration = SignerRegistry.Registration(
                archive: URL(fileURLWithPath: archivePath), name: signer, role: role, publicKeyFile: publicKey)
            registration.now = Date(timeIntervalSince1970: 1_764_403_300)
            try SignerRegistry.add(registration, progress: SilentProgress())
        }
        return privateKey
    }

    /// A sign-off request; unsigned when no key is given.
    func request(_ decision: String = "approve", signer: String = "A. Martin", key: URL?, cells: [String] = [])
        -> SignOffRequest
    {
        var request = SignOffRequest(packFolder: pack, signer: signer, role: nil, decision: decision)
        request.keyFile = key
        request.unsigned = key == nil
        if key == nil { request.role = "Auditor" }
        request.cells = cells
        request.now = Self.signedAt
        return request
    }

    @discardableResult
    func sign(_ request: SignOffRequest) throws -> SignOffOutcome {
        try SignOff.run(request, progress: SilentProgress())
    }

    func archive() throws -> DecisionArchive { try DecisionArchive(path: archivePath, readOnly: true) }

    func issues() throws -> [VerificationIssue] { try ArchiveVerifier.verify(try archive()) }

    func folderIssues(anchor: ArchiveAnchor? = nil) throws -> [VerificationIssue] {
        try ArchiveVerifier.report(packFolder: pack, archive: try archive(), anchor: anchor).issues
    }

    /// Every file of the pack folder, by name.
    func snapshot() throws -> [String: Data] { try folderSnapshot(pack) }

    /// Changes the archive behind the tool's back, as a tamperer with sqlite3 would (the triggers dropped first).
    func tamper(_ sql: String) throws { try tamperArchive(archivePath, sql) }
}

/// Every file of a folder, by name.
func folderSnapshot(_ folder: URL) throws -> [String: Data] {
    var files: [String: Data] = [:]
    for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
        files[name] = try Data(contentsOf: folder.appendingPathComponent(name))
    }
    return files
}

/// Runs SQL on an archive with its append-only triggers dropped.
func tamperArchive(_ path: String, _ sql: String) throws {
    let database = try SQLiteDatabase(path: path)
    try database.execute(
        """
        DROP TRIGGER IF EXISTS chain_is_append_only_update; DROP TRIGGER IF EXISTS chain_is_append_only_delete;
        DROP TRIGGER IF EXISTS blobs_are_append_only_update; DROP TRIGGER IF EXISTS blobs_are_append_only_delete;
        \(sql)
        """)
}

/// Rewrites records from `seq` on with `change` applied to their bodies, recomputing every body hash and every
/// chain hash after them, as a tamperer who knows the format would.
func rewriteChain(_ path: String, from seq: Int, change: (DecisionArchive.Entry) -> Data) throws {
    let entries = try DecisionArchive(path: path, readOnly: true).entries()
    guard let index = entries.firstIndex(where: { $0.seq == seq }) else { return }
    var previous = index > 0 ? entries[index - 1].hash : DecisionArchive.genesis
    var temporary = ""
    var final = ""
    for position in index..<entries.count {
        var entry = entries[position]
        entry.body = change(entry)
        entry.bodySHA256 = sha256Hex(entry.body)
        entry.hash = DecisionArchive.chainHash(
            previous: previous, seq: entry.seq, kind: entry.kind, createdAt: entry.createdAt,
            bodySHA256: entry.bodySHA256)
        let hexBody = entry.body.map { String(format: "%02x", $0) }.joined()
        // Through a temporary hash first: the column is UNIQUE.
        let placeholder = String(format: "%064d", entry.seq)
        temporary +=
            "UPDATE chain SET body = x'\(hexBody)', body_sha256 = '\(entry.bodySHA256)', prev_hash = '\(previous)', hash = '\(placeholder)' WHERE seq = \(entry.seq);"
        final += "UPDATE chain SET hash = '\(entry.hash)' WHERE seq = \(entry.seq);"
        previous = entry.hash
    }
    try tamperArchive(path, temporary + final)
}

/// A copy of the small demo workspace (its draft built and archived at the shared build time), with a key
/// registered to A. Martin.
struct DemoSigning {
    let root: URL
    let pack: URL
    let key: URL
    var archivePath: String { root.appendingPathComponent(DecisionArchive.fileName).path }

    init() throws {
        root = try SmallDemo.copy()
        pack = root.appendingPathComponent("packs/2025-03")
        let (privateKey, publicKey) = try SigningKey.generate(
            directory: root.appendingPathComponent("keys"), name: "a-martin")
        key = privateKey
        try SignerRegistry.add(
            .init(
                archive: URL(fileURLWithPath: archivePath), name: "A. Martin", role: "CSR director",
                publicKeyFile: publicKey),
            progress: SilentProgress())
    }

    func request(_ decision: String = "approve", cells: [String] = [], comment: String? = nil) -> SignOffRequest {
        var request = SignOffRequest(packFolder: pack, signer: "A. Martin", role: nil, decision: decision)
        request.cells = cells
        request.comment = comment
        request.keyFile = key
        return request
    }

    @discardableResult
    func sign(_ request: SignOffRequest) throws -> SignOffOutcome {
        try SignOff.run(request, progress: SilentProgress())
    }
}

/// The demo cut down for tests that build a pack several times: French only (3 cells instead of 12) and 100 draws.
/// Built once per process (at the shared build time) and copied by each test.
enum SmallDemo {
    private static let built: Result<URL, any Error> = Result {
        let root = PackFolder.resolved(try demoWorkspace(draws: 100))
        let url = root.appendingPathComponent(Workspace.configFileName)
        let text = try String(contentsOf: url, encoding: .utf8)
            .replacingOccurrences(of: "languages: [fr, en, es, ar]", with: "languages: [fr]")
            .replacingOccurrences(of: "robustness_draws: \(TestDraws.robustness)", with: "robustness_draws: 100")
        try Data(text.utf8).write(to: url)
        var request = PackRequest(workspace: root)
        request.options.now = SharedDemo.buildTime
        try PackBuilder.build(request, progress: SilentProgress())
        return root
    }

    /// A fresh copy of the built workspace (its pack in `packs/2025-03`, archived as record 1).
    static func copy() throws -> URL { PackFolder.resolved(try copyOfFolder(try built.get())) }
}
