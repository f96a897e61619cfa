import Crypto
import Foundation

/// `archive.sqlite`: an append-only hash chain of pack, key and sign-off records, and the packs' files as blobs.
///
/// Each record stores its body, the body's SHA-256, the hash of the record before it and its own hash,
/// SHA-256("prev|seq|kind|created_at|body_sha256"). Triggers refuse updates and deletions; a correction is a new
/// record that names the one it corrects. Every change runs in one `BEGIN IMMEDIATE` transaction. The `meta` table
/// holds the archive's identity, which every pack records.
package final class DecisionArchive {
    package static let fileName = "archive.sqlite"
    package static let schemaVersion = 2
    /// `PRAGMA application_id`: "RGAR".
    package static let applicationID: Int64 = 0x5247_4152
    package static let genesis = String(repeating: "0", count: 64)

    package let database: SQLiteDatabase
    package let isReadOnly: Bool
    package var path: String { database.path }

    /// Opens an archive for writing, creating it (and migrating its schema) when `create` is set.
    /// - Throws: ``ArchiveError/notAnArchive(path:reason:)`` for a corrupted or foreign file.
    package convenience init(path: String, create: Bool = true, busyTimeoutMilliseconds: Int32 = 5000)
        throws(ArchiveError)
    {
        try self.init(path: path, readOnly: false, create: create, busyTimeoutMilliseconds: busyTimeoutMilliseconds)
    }

    /// Opens an archive; `readOnly` never writes the file (nor migrates it), so an auditor's read-only copy opens.
    package init(path: String, readOnly: Bool, create: Bool = false, busyTimeoutMilliseconds: Int32 = 5000)
        throws(ArchiveError)
    {
        isReadOnly = readOnly
        if (readOnly || !create), !FileManager.default.fileExists(atPath: path) {
            throw .notAnArchive(path: path, reason: "no such file")
        }
        if readOnly {
            // A write-ahead-log database needs its shared-memory file; on read-only media SQLite cannot create it, so
            // the file is then opened as immutable.
            let readOnlyDatabase = try SQLiteDatabase(
                path: path, access: .readOnly, busyTimeoutMilliseconds: busyTimeoutMilliseconds)
            if (try? readOnlyDatabase.query("PRAGMA application_id")) != nil {
                database = readOnlyDatabase
            } else {
                database = try SQLiteDatabase(
                    path: path, access: .immutable, busyTimeoutMilliseconds: busyTimeoutMilliseconds)
            }
        } else {
            database = try SQLiteDatabase(
                path: path, access: .readWrite(create: create), busyTimeoutMilliseconds: busyTimeoutMilliseconds)
        }
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
            if readOnly {
                guard version >= 1 else {
                    throw ArchiveError.notAnArchive(path: path, reason: "it has no ReportGen schema")
                }
                return
            }
            try database.execute("PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON;")
            if version < Self.schemaVersion {
                guard create || version >= 1 else {
                    throw ArchiveError.notAnArchive(path: path, reason: "it has no ReportGen schema")
                }
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
        """,
        // The archive's identity, recorded in every pack so that a pack finds its archive from anywhere.
        """
        CREATE TABLE meta (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        ) STRICT;
        INSERT INTO meta (key, value) VALUES ('archive_id', lower(hex(randomblob(16))));
        CREATE TRIGGER meta_is_append_only_update BEFORE UPDATE ON meta
            BEGIN SELECT RAISE(ABORT, 'the archive''s identity never changes'); END;
        CREATE TRIGGER meta_is_append_only_delete BEFORE DELETE ON meta
            BEGIN SELECT RAISE(ABORT, 'the archive''s identity never changes'); END;
        """,
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

    /// The archive's identity: 32 hex digits drawn when it was created (or upgraded to schema 2); `nil` for an
    /// archive of schema 1 opened read-only.
    package var id: String? {
        (try? database.query("SELECT value FROM meta WHERE key = 'archive_id'"))?.first?.first?.text
    }

    /// One record of the chain.
    package struct Entry: Sendable {
        package var seq: Int
        package var kind: String
        package var createdAt: String
        package var body: Data
        package var bodySHA256: String
        package var previousHash: String
        package var hash: String
        package var corrects: Int?
    }

    package static func chainHash(previous: String, seq: Int, kind: String, createdAt: String, bodySHA256: String)
        -> String
    {
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

    /// One record, or nil when there is none with that number.
    package func entry(_ seq: Int) throws -> Entry? {
        try database.query(
            "SELECT seq, kind, created_at, body, body_sha256, prev_hash, hash, corrects FROM chain WHERE seq = ?",
            [.integer(Int64(seq))]
        )
        .first.map { row in
            Entry(
                seq: Int(row[0].integer ?? 0), kind: row[1].text ?? "", createdAt: row[2].text ?? "",
                body: row[3].blob ?? Data(), bodySHA256: row[4].text ?? "", previousHash: row[5].text ?? "",
                hash: row[6].text ?? "", corrects: row[7].integer.map(Int.init))
        }
    }

    /// The last record's number and hash; the genesis hash at 0 for an empty archive.
    package func head() throws -> ChainHead {
        let last = try database.query("SELECT seq, hash FROM chain ORDER BY seq DESC LIMIT 1").first
        return ChainHead(seq: Int(last?[0].integer ?? 0), hash: last?[1].text ?? Self.genesis)
    }

    /// Appends a record; call inside a transaction.
    /// - Returns: the new head: the record's number and chain hash.
    @discardableResult
    package func append<T: Encodable>(kind: String, createdAt: String, body: T, corrects: Int? = nil) throws
        -> ChainHead
    {
        let data = try canonicalJSON(body)
        let previous = try head()
        let seq = previous.seq + 1
        let bodySHA = sha256Hex(data)
        let hash = Self.chainHash(
            previous: previous.hash, seq: seq, kind: kind, createdAt: createdAt, bodySHA256: bodySHA)
        try database.query(
            "INSERT INTO chain (seq, kind, created_at, body, body_sha256, prev_hash, hash, corrects) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                .integer(Int64(seq)), .text(kind), .text(createdAt), .blob(data), .text(bodySHA), .text(previous.hash),
                .text(hash),
                corrects.map { .integer(Int64($0)) } ?? .null,
            ])
        return ChainHead(seq: seq, hash: hash)
    }

    /// Stores a file's bytes under their SHA-256 (once); call inside a transaction.
    package func store(_ data: Data) throws -> String {
        let sha = sha256Hex(data)
        try database.query("INSERT OR IGNORE INTO blobs (sha256, content) VALUES (?, ?)", [.text(sha), .blob(data)])
        return sha
    }

    /// The bytes stored under a SHA-256.
    package func blob(_ sha256: String) throws -> Data? {
        try database.query("SELECT content FROM blobs WHERE sha256 = ?", [.text(sha256)]).first?.first?.blob
    }

    /// The decoded pack records, with their sequence numbers.
    package func packs() throws -> [(seq: Int, record: PackRecord)] {
        try decoded("pack")
    }

    package func signoffs() throws -> [(seq: Int, record: SignoffRecord)] {
        try decoded("signoff")
    }

    package func keys() throws -> [(seq: Int, record: KeyRecord)] {
        try decoded("key")
    }

    private func decoded<T: Decodable>(_ kind: String) throws -> [(seq: Int, record: T)] {
        try database.query("SELECT seq, body FROM chain WHERE kind = ? ORDER BY seq", [.text(kind)]).compactMap { row in
            guard let seq = row[0].integer, let body = row[1].blob,
                let record = try? JSONDecoder().decode(T.self, from: body)
            else { return nil }
            return (Int(seq), record)
        }
    }

    /// The month's current version: the latest pack record of the period that was written to its folder.
    package func current(_ period: String) throws -> (seq: Int, record: PackRecord)? {
        try packs().last { $0.record.period == period && $0.record.isCurrentCandidate }
    }

    /// Archives a pack's files as a new pack record; call inside a transaction.
    /// - Returns: the record's number and chain hash.
    @discardableResult
    package func archive(files: [PackFile], record: PackRecord, createdAt: String? = nil) throws -> ChainHead {
        var record = record
        for file in files { record.files[file.name] = try store(file.data) }
        return try append(kind: "pack", createdAt: createdAt ?? record.generatedAt, body: record)
    }

    /// The files of a pack record, read back from the blobs.
    package func files(of record: PackRecord) throws -> [PackFile] {
        try record.files.keys.sorted().map { name in
            let sha = record.files[name] ?? ""
            guard let data = try blob(sha) else {
                throw ArchiveError.missingFile(name: name, sha256: sha, archive: path)
            }
            return PackFile(name: name, data: data)
        }
    }
}
