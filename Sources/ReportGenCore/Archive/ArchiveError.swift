import Foundation

/// Why the archive cannot be used or changed.
package enum ArchiveError: Error, Equatable, CustomStringConvertible, LocalizedError {
    /// SQLite reported an error.
    case sqlite(path: String, code: Int32, message: String)
    /// The file is not an SQLite database, or not a ReportGen archive.
    case notAnArchive(path: String, reason: String)
    /// Another process holds the archive's write lock past the busy timeout.
    case busy(path: String)
    /// The archive's schema is newer than this tool.
    case newerSchema(path: String, found: Int, supported: Int)
    /// A sign-off is refused.
    case refused(String)

    package var description: String {
        switch self {
        case .sqlite(let path, let code, let message):
            return "\(path): SQLite error \(code): \(message)"
        case .notAnArchive(let path, let reason):
            return "\(path): not a ReportGen archive: \(reason)"
        case .busy(let path):
            return
                "\(path): the archive is busy (another sign-off or build is writing it); nothing was changed, try again"
        case .newerSchema(let path, let found, let supported):
            return
                "\(path): archive schema version \(found) is newer than this tool's (\(supported)); upgrade ReportGen"
        case .refused(let reason):
            return "sign-off refused: \(reason)"
        }
    }

    package var errorDescription: String? { description }
}
