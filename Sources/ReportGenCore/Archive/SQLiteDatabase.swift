import CSQLite
import Foundation

/// `SQLITE_TRANSIENT`: a C macro with a cast, which Swift does not import.
private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// A value bound to or read from a statement.
package enum SQLValue: Sendable, Equatable {
    case integer(Int64)
    case text(String)
    case blob(Data)
    case null
}

/// One SQLite connection: WAL journal, foreign keys on, a busy timeout, and transactions that either commit whole or
/// roll back. Closed when released.
package final class SQLiteDatabase {
    package let path: String
    private var handle: OpaquePointer?

    /// How a connection opens its file.
    package enum Access: Sendable, Equatable {
        /// Read and write, creating the file when `create` is set.
        case readWrite(create: Bool)
        /// Read only: never writes the database file.
        case readOnly
        /// Read only, assuming nothing else changes the file: for a copy on read-only media, where SQLite cannot
        /// create the write-ahead log's shared-memory file.
        case immutable
    }

    /// Opens (or creates) a database.
    /// - Parameter busyTimeoutMilliseconds: how long to wait for another writer before ``ArchiveError/busy(path:)``.
    package convenience init(path: String, create: Bool = true, busyTimeoutMilliseconds: Int32 = 5000)
        throws(ArchiveError)
    {
        try self.init(path: path, access: .readWrite(create: create), busyTimeoutMilliseconds: busyTimeoutMilliseconds)
    }

    package init(path: String, access: Access, busyTimeoutMilliseconds: Int32 = 5000) throws(ArchiveError) {
        self.path = path
        var name = path
        var flags = SQLITE_OPEN_FULLMUTEX
        switch access {
        case .readWrite(let create): flags |= SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0)
        case .readOnly: flags |= SQLITE_OPEN_READONLY
        case .immutable:
            flags |= SQLITE_OPEN_READONLY | SQLITE_OPEN_URI
            let escaped = path.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "?", with: "%3f")
                .replacingOccurrences(of: "#", with: "%23")
            name = "file:\(escaped)?immutable=1"
        }
        let code = sqlite3_open_v2(name, &handle, flags, nil)
        guard code == SQLITE_OK else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite3_close_v2(handle)
            handle = nil
            throw .sqlite(path: path, code: code, message: message)
        }
        sqlite3_busy_timeout(handle, busyTimeoutMilliseconds)
    }

    deinit { sqlite3_close_v2(handle) }

    private func failure(_ code: Int32) -> ArchiveError {
        if code == SQLITE_BUSY || code == SQLITE_LOCKED { return .busy(path: path) }
        let message = String(cString: sqlite3_errmsg(handle))
        if code == SQLITE_NOTADB || code == SQLITE_CORRUPT {
            return .notAnArchive(path: path, reason: message)
        }
        return .sqlite(path: path, code: code, message: message)
    }

    /// Runs statements that return nothing.
    package func execute(_ sql: String) throws(ArchiveError) {
        let code = sqlite3_exec(handle, sql, nil, nil, nil)
        guard code == SQLITE_OK else { throw failure(code) }
    }

    /// Runs one statement with its parameters and returns every row.
    @discardableResult
    package func query(_ sql: String, _ parameters: [SQLValue] = []) throws(ArchiveError) -> [[SQLValue]] {
        var statement: OpaquePointer?
        var code = sqlite3_prepare_v2(handle, sql, -1, &statement, nil)
        guard code == SQLITE_OK else { throw failure(code) }
        defer { sqlite3_finalize(statement) }
        for (index, parameter) in parameters.enumerated() {
            let position = Int32(index + 1)
            switch parameter {
            case .integer(let value): code = sqlite3_bind_int64(statement, position, value)
            case .text(let value): code = sqlite3_bind_text(statement, position, value, -1, transient)
            case .blob(let value):
                code = value.withUnsafeBytes {
                    sqlite3_bind_blob(statement, position, $0.baseAddress, Int32($0.count), transient)
                }
            case .null: code = sqlite3_bind_null(statement, position)
            }
            guard code == SQLITE_OK else { throw failure(code) }
        }
        var rows: [[SQLValue]] = []
        while true {
            code = sqlite3_step(statement)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else { throw failure(code) }
            rows.append(
                (0..<sqlite3_column_count(statement)).map { column in
                    switch sqlite3_column_type(statement, column) {
                    case SQLITE_INTEGER: return .integer(sqlite3_column_int64(statement, column))
                    case SQLITE_TEXT: return .text(String(cString: sqlite3_column_text(statement, column)))
                    case SQLITE_BLOB:
                        let count = Int(sqlite3_column_bytes(statement, column))
                        guard count > 0, let bytes = sqlite3_column_blob(statement, column) else {
                            return .blob(Data())
                        }
                        return .blob(Data(bytes: bytes, count: count))
                    default: return .null
                    }
                })
        }
        return rows
    }

    /// Runs `body` inside `BEGIN IMMEDIATE … COMMIT`; any error rolls everything back.
    @discardableResult
    package func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }
}

extension SQLValue {
    package var text: String? { if case .text(let value) = self { return value } else { return nil } }
    package var integer: Int64? { if case .integer(let value) = self { return value } else { return nil } }
    package var blob: Data? {
        switch self {
        case .blob(let value): return value
        case .text(let value): return Data(value.utf8)
        default: return nil
        }
    }
}
