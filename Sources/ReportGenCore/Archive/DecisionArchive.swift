import Crypto
import Foundation

/// `archive.sqlite`: an append-only hash chain of pack, key and sign-off records, and the packs' files as blobs.
///
/// Each record stores its body, the body's SHA-256, the hash of the record before it and its own hash,
/// SHA-256("prev|seq|kind|created_at|body_sha256"). Triggers refuse updates and deletions; a correction is a new
/// record that names the one it corrects. Every change runs in one `BEGIN IMMEDIATE` transaction.
package final class DecisionArchive {
    package static let fileName = "archive.sqlite"
    package static let schemaVersion = 1
    /// `PRAGMA application_id`: "RGAR".
    package static let applicationID: Int64 = 0x5247_4152
    package static let genesis = String(repeating: "0", count: 64)

    package let database: SQLiteDatabase
    package var path: String { database.path }

    /// Opens an archive, creating it (and migrating its schema) when `create` is set.
    /// - Throws: ``ArchiveError/notAnArchive(path:reason:)`` for a corrupted or foreign file.
    package init(path: String, create: Bool = true, busyTimeoutMilliseconds: Int32 = 5000) throws(ArchiveError) {
        if !create, !FileManager.default.fileExists(atPath: path) {
            throw .notAnArchive(path: path, reason: "no such file")
        }
        database = try SQLiteDatabase(path: path, create: create, busyTimeoutMilliseconds: busyTimeoutMilliseconds)
        do {
            let application = try database.query("PRAGMA application_id").first?.first?.integer ?? 0
            let version = Int(try database.query("PRAGMA user_version").first?.first?.integer ?? 0)
            let tables = try database.query("SELECT count(*) FROM sqlite_master").first?.first?.integer ?? 0
            if application != Self.applicationID && !(application == 0 && tables == 0) {
                throw ArchiveError.notAnArchive(
                    path: path, reason: "its application id is \(application), not ReportGen's")
            }
            if version > Self.schemaVersion {
                throw ArchiveError.newerSchema(path: path, found: version, supported: Self.schemaVersion)
            }
            try database.execute("PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON;")
            if version < Self.schemaVersion {
                guard create else { throw ArchiveError.notAnArchive(path: path, reason: "it has no ReportGen schema") }
                try migrate(from: version)
            }
        } catch let error as ArchiveError {
            throw error
        } catch {
            throw .notAnArchive(path: path, reason: "\(error)")
        }
    }

    /// The schema, one migration per version; each runs in a transaction with its `user_version` bump.
    package static let migrations: [String] = [
        """
        CREATE TABLE chain (
            seq INTEGER PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('pack', 'key', 'signoff')),
            created_at TEXT NOT NULL,
            body BLOB NOT NULL,
            body_sha256 TEXT NOT NULL CHECK (length(body_sha256) = 64),
            prev_hash TEXT NOT NULL CHECK (length(prev_hash) = 64),
            hash TEXT NOT NULL UNIQUE CHECK (length(hash) = 64),
            corrects INTEGER REFERENCES chain(seq)
        ) STRICT;
        CREATE TABLE blobs (
            sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64),
            content BLOB NOT NULL
        ) STRICT;
        CREATE TRIGGER chain_is_append_only_update BEFORE UPDATE ON chain
            BEGIN SELECT RAISE(ABORT, 'archive records are never updated: append a correction'); END;
        CREATE TRIGGER chain_is_append_only_delete BEFORE DELETE ON chain
            BEGIN SELECT RAISE(ABORT, 'archive records are never deleted'); END;
        CREATE TRIGGER blobs_are_append_only_update BEFORE UPDATE ON blobs
            BEGIN SELECT RAISE(ABORT, 'archived files are never updated'); END;
        CREATE TRIGGER blobs_are_append_only_delete BEFORE DELETE ON blobs
            BEGIN SELECT RAISE(ABORT, 'archived files are never deleted'); END;
        """
    ]

    private func migrate(from version: Int) throws {
        for (index, sql) in Self.migrations.enumerated() where index + 1 > version {
            try database.transaction {
                try database.execute(sql)
                try database.execute("PRAGMA user_version = \(index + 1)")
                try database.execute("PRAGMA application_id = \(Self.applicationID)")
            }
        }
    }

    /// One record of the chain.
    package struct Entry: Sendable {
        var seq: Int
        var kind: String
        var createdAt: String
        var body: Data
        var bodySHA256: String
        var previousHash: String
        var hash: String
        var corrects: Int?
    }

    package static func chainHash(previous: String, seq: Int, kind: String, createdAt: String, bodySHA256: String) -> String {
        sha256Hex(Data("\(previous)|\(seq)|\(kind)|\(createdAt)|\(bodySHA256)".utf8))
    }

    /// Every record, in order.
    package func entries() throws -> [Entry] {
        try database.query(
            "SELECT seq, kind, created_at, body, body_sha256, prev_hash, hash, corrects FROM chain ORDER BY seq"
        )
        .map { row in
            Entry(
                seq: Int(row[0].integer ?? 0), kind: row[1].text ?? "", createdAt: row[2].text ?? "",
                body: row[3].blob ?? Data(), bodySHA256: row[4].text ?? "", previousHash: row[5].text ?? "",
                hash: row[6].text ?? "", corrects: row[7].integer.map(Int.init))
        }
    }

    /// Appends a record; call inside a transaction.
    @discardableResult
    package func append<T: Encodable>(kind: String, createdAt: String, body: T, corrects: Int? = nil) throws -> Int {
        let data = try canonicalJSON(body)
        let last = try database.query("SELECT seq, hash FROM chain ORDER BY seq DESC LIMIT 1").first
        let seq = Int(last?[0].integer ?? 0) + 1
        let previous = last?[1].text ?? Self.genesis
        let bodySHA = sha256Hex(data)
        let hash = Self.chainHash(previous: previous, seq: seq, kind: kind, createdAt: createdAt, bodySHA256: bodySHA)
        try database.query(
            "INSERT INTO chain (seq, kind, created_at, body, body_sha256, prev_hash, hash, corrects) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                .integer(Int64(seq)), .text(kind), .text(createdAt), .blob(data), .text(bodySHA), .text(previous),
                .text(hash),
                corrects.map { .integer(Int64($0)) } ?? .null,
            ])
        faultInjectionPause()
        return seq
    }

    /// Stores a file's bytes under their SHA-256 (once); call inside a transaction.
    package func store(_ data: Data) throws -> String {
        let sha = sha256Hex(data)
        try database.query("INSERT OR IGNORE INTO blobs (sha256, content) VALUES (?, ?)", [.text(sha), .blob(data)])
        faultInjectionPause()
        return sha
    }

    /// The bytes stored under a SHA-256.
    package func blob(_ sha256: String) throws -> Data? {
        try database.query("SELECT content FROM blobs WHERE sha256 = ?", [.text(sha256)]).first?.first?.blob
    }

    /// The decoded pack records, with their sequence numbers.
    package func packs() throws -> [(seq: Int, record: PackRecord)] {
        try entries().filter { $0.kind == "pack" }.compactMap { entry in
            (try? JSONDecoder().decode(PackRecord.self, from: entry.body)).map { (entry.seq, $0) }
        }
    }

    package func signoffs() throws -> [(seq: Int, record: SignoffRecord)] {
        try entries().filter { $0.kind == "signoff" }.compactMap { entry in
            (try? JSONDecoder().decode(SignoffRecord.self, from: entry.body)).map { (entry.seq, $0) }
        }
    }

    package func keys() throws -> [(seq: Int, record: KeyRecord)] {
        try entries().filter { $0.kind == "key" }.compactMap { entry in
            (try? JSONDecoder().decode(KeyRecord.self, from: entry.body)).map { (entry.seq, $0) }
        }
    }

    /// Archives a pack's files as a new pack record, unless the latest record of the period has the same manifest.
    /// - Returns: the record's sequence number.
    @discardableResult
    package func archive(files: [PackFile], record: PackRecord) throws -> Int {
        var record = record
        for file in files { record.files[file.name] = try store(file.data) }
        return try append(kind: "pack", createdAt: record.generatedAt, body: record)
    }

    /// Tests set `REPORTGEN_FAULT_DELAY_MS` to widen the window in which a killed process leaves a transaction open.
    private func faultInjectionPause() {
        if let text = ProcessInfo.processInfo.environment["REPORTGEN_FAULT_DELAY_MS"], let ms = UInt32(text) {
            usleep(ms * 1000)
        }
    }
}
