import Foundation

/// `reportgen anchor`: the archive's head exported for safekeeping elsewhere (another machine, a mail, a ticket).
/// The head's hash covers every record up to it, so `verify --anchor FILE` detects any later truncation, rewrite or
/// reordering of those records, even by someone who recomputed every hash of the archive.
package struct ArchiveAnchor: Codable, Sendable, Equatable {
    package var tool = "ReportGen"
    package var kind = "archive-anchor"
    /// The archive's identity.
    package var archive: String?
    package var head: ChainHead
    package var exportedAt: String

    package init(archive: String?, head: ChainHead, exportedAt: String) {
        self.archive = archive
        self.head = head
        self.exportedAt = exportedAt
    }

    /// The current head of an archive.
    package static func export(_ archive: DecisionArchive, now: Date = Date()) throws -> ArchiveAnchor {
        ArchiveAnchor(
            archive: archive.id, head: try archive.head(), exportedAt: ISO8601DateFormatter().string(from: now))
    }

    /// Reads an anchor file.
    /// - Throws: ``ArchiveError/invalidAnchor(path:reason:)``.
    package static func read(_ url: URL) throws -> ArchiveAnchor {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw ArchiveError.invalidAnchor(path: url.path, reason: "it cannot be read")
        }
        guard let anchor = try? JSONDecoder().decode(ArchiveAnchor.self, from: data), anchor.kind == "archive-anchor"
        else {
            throw ArchiveError.invalidAnchor(path: url.path, reason: "expected the JSON that reportgen anchor writes")
        }
        return anchor
    }

    /// The anchor's JSON.
    package func encoded() throws -> Data { try prettyJSON(self) + Data("\n".utf8) }
}
