import Foundation

/// Writes archived versions to their folders, and repairs a folder that an interrupted run left behind.
///
/// The archive is the record of truth: `build`, `sign` and `restore` commit the new version's record first, then
/// write the folder (staged beside it and renamed into place). A run killed after the commit leaves the folder
/// showing the previous version whole; the next run of any of them, holding the workspace's lock, writes the
/// month's current version back before doing anything else.
package enum PackPublisher {
    /// The folder a version is written to.
    package static func folder(of record: PackRecord, workspace: URL) -> URL {
        guard let folder = record.folder else {
            return workspace.appendingPathComponent("packs").appendingPathComponent(record.period)
        }
        return folder.hasPrefix("/") ? URL(fileURLWithPath: folder) : workspace.appendingPathComponent(folder)
    }

    /// How a record names its folder: relative to the workspace when inside it, else absolute.
    package static func recordedFolder(_ url: URL, workspace: URL) -> String {
        let root = PackFolder.resolved(workspace).path
        let path = PackFolder.resolved(url).path
        return path.hasPrefix(root + "/") ? String(path.dropFirst(root.count + 1)) : path
    }

    /// Refuses a destination that holds something other than a pack, or a pack with files of someone's.
    /// - Throws: ``PackFolderError/notEmpty(path:)``, ``PackFolderError/notAFolder(path:)`` or
    ///   ``PackFolderError/unlistedFiles(path:names:)``.
    package static func checkDestination(_ url: URL) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else { return }
        guard isDirectory.boolValue else { throw PackFolderError.notAFolder(path: url.path) }
        let contents = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        if contents.isEmpty { return }
        guard let pack = try? PackFolder.read(url) else { throw PackFolderError.notEmpty(path: url.path) }
        let unlisted = pack.unlisted
        if !unlisted.isEmpty { throw PackFolderError.unlistedFiles(path: pack.url.path, names: unlisted) }
    }

    /// Writes a version's files, read back from the archive, as `folder`, reaching the fault points on the way.
    package static func write(
        _ record: PackRecord, from archive: DecisionArchive, to folder: URL, faultPoints: Bool = true
    ) throws {
        let files = try archive.files(of: record)
        try PackWriter.write(files, to: folder, checkpoint: faultPoints ? FaultPoint.reach : { _ in })
    }

    /// Brings the month's folder back to its current version after an interrupted run: a folder that is missing,
    /// half-swapped, or showing another archived version whole. A folder whose files match no version was changed
    /// by hand and is left alone (`verify` reports it; `sign` refuses it).
    /// - Returns: whether the folder was rewritten.
    @discardableResult
    package static func repair(
        period: String, archive: DecisionArchive, workspace: URL, progress: any ProgressReporter
    ) throws -> Bool {
        guard let current = try archive.current(period) else { return false }
        let folder = folder(of: current.record, workspace: workspace)
        PackWriter.recover(folder)
        if let state = try? PackFolder.read(folder) {
            if state.shown == current.record.files { return false }
            guard try archive.packs().contains(where: { $0.record.period == period && $0.record.files == state.shown })
            else { return false }
        } else if FileManager.default.fileExists(atPath: folder.path),
            !((try? FileManager.default.contentsOfDirectory(atPath: folder.path))?.isEmpty ?? true)
        {
            return false
        }
        try write(current.record, from: archive, to: folder, faultPoints: false)
        progress.stage(
            "repair",
            "\(folder.path) did not show \(period)'s current version (an interrupted run); v\(current.record.version) (record \(current.seq)) written back from the archive"
        )
        return true
    }
}
