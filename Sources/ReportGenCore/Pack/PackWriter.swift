import Foundation

/// One file of a pack, in memory until the whole pack is ready.
package struct PackFile: Sendable, Equatable {
    package var name: String
    package var data: Data
}

/// Writes a pack so that it is either whole or absent: every file goes into a temporary folder beside the
/// destination, which is then renamed into place (and a previous pack of the same month swapped out and removed).
package enum PackWriter {
    package enum Failure: Error, CustomStringConvertible, LocalizedError {
        case io(path: String, reason: String)
        package var description: String {
            switch self {
            case .io(let path, let reason): return "\(path): cannot write the pack: \(reason)"
            }
        }
        package var errorDescription: String? { description }
    }

    /// The moments of a write at which a process may die, for the crash-safety tests.
    package enum Stage: Sendable {
        /// Every file written to the temporary folder.
        case staged
        /// The previous pack moved aside.
        case previousMovedAside
        /// The new pack renamed into place, the previous one not yet removed.
        case renamed
    }

    /// Writes `files` as the folder `destination`.
    /// - Parameter checkpoint: called at each ``Stage``.
    /// - Throws: ``Failure/io(path:reason:)``; the destination is then unchanged.
    package static func write(_ files: [PackFile], to destination: URL, checkpoint: (Stage) -> Void = { _ in }) throws {
        recover(destination)
        let manager = FileManager.default
        let parent = destination.deletingLastPathComponent()
        let staging = parent.appendingPathComponent(".\(destination.lastPathComponent).partial-\(UUID().uuidString)")
        do {
            try manager.createDirectory(at: parent, withIntermediateDirectories: true)
            try manager.createDirectory(at: staging, withIntermediateDirectories: false)
            for file in files {
                let url = staging.appendingPathComponent(file.name)
                try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try file.data.write(to: url)
            }
        } catch {
            try? manager.removeItem(at: staging)
            throw Failure.io(path: destination.path, reason: (error as NSError).localizedDescription)
        }
        checkpoint(.staged)
        var previous: URL?
        if manager.fileExists(atPath: destination.path) {
            let aside = parent.appendingPathComponent(".\(destination.lastPathComponent).previous-\(UUID().uuidString)")
            guard rename(destination.path, aside.path) == 0 else {
                try? manager.removeItem(at: staging)
                throw Failure.io(path: destination.path, reason: String(cString: strerror(errno)))
            }
            previous = aside
            checkpoint(.previousMovedAside)
        }
        guard rename(staging.path, destination.path) == 0 else {
            let reason = String(cString: strerror(errno))
            if let previous { _ = rename(previous.path, destination.path) }
            try? manager.removeItem(at: staging)
            throw Failure.io(path: destination.path, reason: reason)
        }
        checkpoint(.renamed)
        if let previous { try? manager.removeItem(at: previous) }
    }

    /// Repairs what a process killed in the middle of ``write(_:to:)`` left: the previous pack, moved aside but not
    /// yet replaced, is moved back; temporary folders are removed. Every pack is then whole again.
    package static func recover(_ destination: URL) {
        let manager = FileManager.default
        let parent = destination.deletingLastPathComponent()
        let name = destination.lastPathComponent
        guard let siblings = try? manager.contentsOfDirectory(atPath: parent.path) else { return }
        for sibling in siblings.sorted() {
            let url = parent.appendingPathComponent(sibling)
            if sibling.hasPrefix(".\(name).previous-") {
                if !manager.fileExists(atPath: destination.path) {
                    _ = rename(url.path, destination.path)
                } else {
                    try? manager.removeItem(at: url)
                }
            } else if sibling.hasPrefix(".\(name).partial-") {
                try? manager.removeItem(at: url)
            }
        }
    }
}
