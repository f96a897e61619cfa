import Foundation

/// Why the archive cannot be opened, read or changed. The commands name themselves in front of the message.
package enum ArchiveError: Error, Equatable, CustomStringConvertible, LocalizedError {
    /// SQLite reported an error.
    case sqlite(path: String, code: Int32, message: String)
    /// The file is not an SQLite database, or not a ReportGen archive.
    case notAnArchive(path: String, reason: String)
    /// Another process holds the archive's write lock past the busy timeout.
    case busy(path: String)
    /// Another `sign`, `build`, `restore` or `signer add` holds the workspace's lock past the busy timeout.
    case locked(path: String, holder: String)
    /// The archive's schema is newer than this tool.
    case newerSchema(path: String, found: Int, supported: Int)
    /// The archive holds no pack of the month.
    case noPack(period: String, archive: String)
    /// The archive holds no such version of the month.
    case noVersion(period: String, version: Int, available: [Int], archive: String)
    /// A file a record lists is not stored.
    case missingFile(name: String, sha256: String, archive: String)
    /// An anchor file cannot be read.
    case invalidAnchor(path: String, reason: String)

    package var description: String {
        switch self {
        case .sqlite(let path, let code, let message):
            return "\(path): SQLite error \(code): \(message)"
        case .notAnArchive(let path, let reason):
            return "\(path): not a ReportGen archive: \(reason)"
        case .busy(let path):
            return
                "\(path): the archive is busy (another sign-off or build is writing it); nothing was changed, try again"
        case .locked(let path, let holder):
            return
                "\(path): the workspace is busy: \(holder) is changing its archive and packs; nothing was changed, try again when it has finished"
        case .newerSchema(let path, let found, let supported):
            return
                "\(path): archive schema version \(found) is newer than this tool's (\(supported)); upgrade ReportGen"
        case .noPack(let period, let archive):
            return "no pack of \(period) in \(archive)"
        case .noVersion(let period, let version, let available, let archive):
            return
                "no version \(version) of \(period) in \(archive); its versions are \(available.map { "v\($0)" }.joined(separator: ", "))"
        case .missingFile(let name, let sha256, let archive):
            return
                "\(archive): the stored file \(name) (\(sha256)) is missing; the archive is damaged (run reportgen verify)"
        case .invalidAnchor(let path, let reason):
            return "\(path): not a ReportGen anchor: \(reason)"
        }
    }

    package var errorDescription: String? { description }
}
