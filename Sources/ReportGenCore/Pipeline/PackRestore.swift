import Foundation

/// What `reportgen restore` is asked to write back.
package struct RestoreRequest: Sendable {
    package var workspace: URL
    /// The archive, when not `WORKSPACE/archive.sqlite`.
    package var archive: URL?
    package var period: String
    /// The version to write back; by default the month's current version (a repair).
    package var version: Int?
    /// Writes the files to this folder only, leaving the month's folder and current version as they are.
    package var output: URL?
    package var now = Date()
    package var busyTimeoutMilliseconds: Int32 = 5000

    package init(workspace: URL, period: String) {
        self.workspace = workspace
        self.period = period
    }
}

/// What a restore did.
package struct RestoreOutcome: Sendable {
    package var folder: URL
    /// The version written, and the new current version's record (nil when nothing was appended).
    package var version: Int
    package var record: Int?
}

/// Writes any archived version of a month back, byte for byte. Into the month's folder it becomes the current
/// version again, recorded as a new version that names the one it restores; with `--out` the files are only
/// written there.
package enum PackRestore {
    @discardableResult
    package static func run(_ request: RestoreRequest, progress: any ProgressReporter) throws -> RestoreOutcome {
        let root = PackFolder.resolved(request.workspace)
        let path = request.archive?.path ?? root.appendingPathComponent(DecisionArchive.fileName).path
        let lock = try ArchiveLock.acquire(
            archivePath: path, holder: "reportgen restore", timeoutMilliseconds: request.busyTimeoutMilliseconds)
        defer { lock.release() }
        let archive = try DecisionArchive(
            path: path, create: false, busyTimeoutMilliseconds: request.busyTimeoutMilliseconds)
        let versions = try archive.packs().filter { $0.record.period == request.period }
        guard let current = try archive.current(request.period) else {
            throw ArchiveError.noPack(period: request.period, archive: path)
        }
        let repaired = try PackPublisher.repair(
            period: request.period, archive: archive, workspace: root, progress: progress)
        let target: (seq: Int, record: PackRecord)
        if let version = request.version {
            guard let found = versions.last(where: { $0.record.version == version }) else {
                throw ArchiveError.noVersion(
                    period: request.period, version: version, available: versions.map(\.record.version), archive: path)
            }
            target = found
        } else {
            target = current
        }
        let monthFolder = PackFolder.resolved(PackPublisher.folder(of: current.record, workspace: root))
        if let output = request.output.map(PackFolder.resolved), output != monthFolder {
            try PackPublisher.checkDestination(output)
            try PackPublisher.write(target.record, from: archive, to: output, faultPoints: false)
            progress.stage(
                "restore",
                "v\(target.record.version) of \(request.period) (record \(target.seq)) written to \(output.path); the month's current version stays v\(current.record.version)"
            )
            return RestoreOutcome(folder: output, version: target.record.version, record: nil)
        }
        if target.record.files == current.record.files {
            if (try? PackFolder.read(monthFolder))?.shown != current.record.files {
                // Changed by hand (a file edited or removed): the current version is written back whole.
                try PackPublisher.checkDestination(monthFolder)
                try PackPublisher.write(current.record, from: archive, to: monthFolder, faultPoints: false)
                progress.stage(
                    "restore",
                    "v\(current.record.version) of \(request.period) (record \(current.seq)) written back to \(monthFolder.path), byte for byte"
                )
            } else if !repaired {
                progress.stage(
                    "restore",
                    "\(monthFolder.path) already shows v\(current.record.version) of \(request.period) (record \(current.seq))"
                )
            }
            return RestoreOutcome(folder: monthFolder, version: current.record.version, record: nil)
        }
        try PackPublisher.checkDestination(monthFolder)
        var restored = target.record
        restored.version = (versions.map(\.record.version).max() ?? 0) + 1
        restored.restores = target.seq
        restored.supersedes = current.seq
        restored.current = nil
        restored.folder = PackPublisher.recordedFolder(monthFolder, workspace: root)
        let head = try archive.database.transaction { () throws -> ChainHead in
            let head = try archive.append(
                kind: "pack", createdAt: ISO8601DateFormatter().string(from: request.now), body: restored)
            FaultPoint.packRecorded.reach()
            return head
        }
        FaultPoint.committed.reach()
        try PackPublisher.write(restored, from: archive, to: monthFolder)
        progress.stage(
            "restore",
            "v\(target.record.version) of \(request.period) (record \(target.seq)) written back to \(monthFolder.path), byte for byte, as the current version v\(restored.version) (record \(head.seq)); v\(current.record.version) stays archived"
        )
        return RestoreOutcome(folder: monthFolder, version: target.record.version, record: head.seq)
    }
}
