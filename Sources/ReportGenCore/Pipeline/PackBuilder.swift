import Foundation
import Templates

/// Everything `build` and `demo` can be asked for.
package struct PackRequest: Sendable {
    package var workspace: URL
    package var output: URL?
    package var options = BuildOptions()
    package var language: ReportLanguage?
    package var templates: URL?
    /// The CSV dialect; `nil` takes `csv_dialect` from `reportgen.yaml`, else RFC 4180.
    package var dialect: CSVDialect?
    /// Replace a signed version in the folder with the new draft (the signed version stays archived).
    package var supersede = false
    /// How long to wait for another `sign` or `build` of the workspace before giving up.
    package var busyTimeoutMilliseconds: Int32 = 5000

    package init(workspace: URL) { self.workspace = workspace }
}

/// A pack rendered in memory: its figures, its files and its archive record (not yet numbered).
package struct RenderedPack {
    package var content: PackContent
    package var files: [PackFile]
    package var record: PackRecord
    /// The `--templates` files it was rendered with (path → bytes), archived with it.
    package var templateFiles: [String: Data]
}

/// What a build did.
package struct BuildOutcome: Sendable {
    /// The folder that shows the month: the new draft's, or the signed version's when it was kept.
    package var folder: URL
    package var period: String
    /// The new draft's version and record, or nil when an identical one was already archived.
    package var version: Int?
    package var record: Int?
    /// The signed version the folder keeps showing (no `--supersede`): its version and record.
    package var keptSigned: (version: Int, record: Int)?
    /// The input files refused whole and left out of the pack, one diagnostic each (the pack lists them too).
    package var refused: [Diagnostic] = []
    /// How many error diagnostics the pack shows (refused files, overlaps of two sources); 0 for a clean build.
    package var errorCount = 0
}

/// Runs the pipeline, renders the pack, archives it as a draft and writes its folder.
package enum PackBuilder {
    /// Runs the pipeline and renders the files, writing nothing.
    package static func render(
        _ request: PackRequest, workspace: Workspace, origin: PackOrigin? = nil, progress: any ProgressReporter
    ) throws -> RenderedPack {
        // The templates are read, parsed and hashed on the other processor while the pipeline runs: they do not
        // depend on it. A pipeline error still comes first, as when the templates were read after it.
        let (content, prepared) = try bothAtOnce(
            workers: PackRenderer.defaultWorkers,
            { try ReportPipeline(workspace: workspace).run(options: request.options, progress: progress) },
            { try PreparedTemplates(request.templates) })
        let (templateFiles, templates) = (prepared.files, prepared.templates)
        var languages = workspace.config.reportLanguages.compactMap(ReportLanguage.init(rawValue:))
        if let main = request.language {
            languages.removeAll { $0 == main }
            languages.insert(main, at: 0)
        }
        if languages.isEmpty { languages = [.fr, .en] }
        let dialect = request.dialect ?? workspace.config.csvDialect.flatMap(CSVDialect.init(rawValue:)) ?? .rfc4180
        var renderer = PackRenderer(templates: templates, toolVersion: ToolVersion.current, dialect: dialect)
        renderer.library = prepared.library
        renderer.configSHA256 = sha256Hex(workspace.configData)
        renderer.factorsSHA256 = sha256Hex(BuiltInData.file("reference-factors.csv") ?? Data())
        let settings = PackSettings(
            languages: languages.map(\.rawValue), csvDialect: dialect.rawValue,
            templates: templateFiles.mapValues(sha256Hex),
            templateSetSHA256: prepared.setSHA256)
        renderer.settings = settings
        renderer.origin = origin
        let files = try renderer.files(for: content, languages: languages)
        let manifest = files.first { $0.name == "manifest.json" }?.data ?? Data()
        let record = PackRecord(
            period: content.period.description, version: 1, status: "draft",
            generatedAt: ISO8601DateFormatter().string(from: content.generatedAt), toolVersion: ToolVersion.current,
            configSHA256: renderer.configSHA256, factorsSHA256: renderer.factorsSHA256,
            manifestSHA256: sha256Hex(manifest),
            files: [:], inputs: Dictionary(uniqueKeysWithValues: content.inputs.map { ($0.name, $0.sha256) }),
            recommendations: content.decisions.recommendations.map {
                .init(
                    cell: $0.cell.description, recommendation: $0.kind.rawValue, capFilesPerMonth: $0.capFilesPerMonth)
            },
            settings: settings)
        return RenderedPack(content: content, files: files, record: record, templateFiles: templateFiles)
    }

    /// The files of a `--templates` folder (paths relative to it → bytes).
    package static func templateFiles(_ directory: URL) throws -> [String: Data] {
        let manager = FileManager.default
        guard let walker = manager.enumerator(at: directory, includingPropertiesForKeys: nil) else {
            throw TemplateError.missing(name: "templates folder", searched: directory.path)
        }
        var files: [String: Data] = [:]
        let base = directory.standardizedFileURL.path
        for case let url as URL in walker where !url.hasDirectoryPath {
            let relative = String(url.standardizedFileURL.path.dropFirst(base.count + 1))
            if let data = manager.contents(atPath: url.path) { files[relative] = data }
        }
        return files
    }

    /// Builds a draft; see ``run(_:progress:)``.
    /// - Returns: the folder that shows the month.
    @discardableResult
    package static func build(_ request: PackRequest, progress: any ProgressReporter) throws -> URL {
        try run(request, progress: progress).folder
    }

    /// Builds a draft: archives it in the workspace's `archive.sqlite` (unless the month's current version has the
    /// same files), then writes its folder. When the month's current version is signed, the draft is archived but
    /// the folder keeps the signed version, unless `supersede` is set.
    ///
    /// The folder is `--out` or `packs/YYYY-MM`; a folder that is not empty and not a pack is refused. The
    /// workspace's lock is held from the archive's transaction to the folder's rename, and an earlier run's
    /// interrupted folder is repaired first.
    package static func run(_ request: PackRequest, progress: any ProgressReporter) throws -> BuildOutcome {
        let workspace = try Workspace.load(request.workspace)
        let root = PackFolder.resolved(workspace.root)
        let output = request.output.map(PackFolder.resolved)
        if let output { try refuseWorkspaceFolder(output, root: root) }
        if let output { try PackPublisher.checkDestination(output) }
        let archivePath = root.appendingPathComponent(DecisionArchive.fileName).path
        let isNewArchive = !FileManager.default.fileExists(atPath: archivePath)
        let archive = try DecisionArchive(
            path: archivePath, create: true, busyTimeoutMilliseconds: request.busyTimeoutMilliseconds)
        let origin = archive.id.map { PackOrigin(archive: $0, workspace: root.path) }
        let rendered: RenderedPack
        do {
            rendered = try render(request, workspace: workspace, origin: origin, progress: progress)
        } catch {
            // A build that fails before its pack exists (`--strict`, a template error) leaves no archive it created.
            if isNewArchive {
                for suffix in ["", "-wal", "-shm", "-journal"] {
                    try? FileManager.default.removeItem(atPath: archivePath + suffix)
                }
            }
            throw error
        }
        let period = rendered.record.period
        let destination = output ?? PackFolder.resolved(workspace.packsDirectory.appendingPathComponent(period))

        let lock = try ArchiveLock.acquire(
            archivePath: archivePath, holder: "reportgen build", timeoutMilliseconds: request.busyTimeoutMilliseconds)
        defer { lock.release() }
        try PackPublisher.repair(period: period, archive: archive, workspace: root, progress: progress)
        let current = try archive.current(period)
        let keepsSigned = (current?.record.isSigned ?? false) && !request.supersede
        if let current, current.record.manifestSHA256 == rendered.record.manifestSHA256 {
            // Nothing new: the month's current version already has these reviewed files.
            progress.stage(
                "archive",
                "identical to the reviewed files of v\(current.record.version) (\(current.record.status), record \(current.seq)) of \(period); not archived again"
            )
            if (try? PackFolder.read(destination))?.shown != current.record.files {
                try PackPublisher.checkDestination(destination)
                try PackPublisher.write(current.record, from: archive, to: destination)
            }
            return BuildOutcome(
                folder: destination, period: period, version: nil, record: nil,
                keptSigned: current.record.isSigned ? (current.record.version, current.seq) : nil,
                refused: rendered.content.refusedInputs, errorCount: rendered.content.errorCount)
        }
        if !keepsSigned { try PackPublisher.checkDestination(destination) }
        let latest = try archive.packs().filter { $0.record.period == period }.map(\.record.version).max() ?? 0
        var draft = rendered.record
        draft.version = latest + 1
        draft.supersedes = current?.seq
        draft.folder = PackPublisher.recordedFolder(destination, workspace: root)
        draft.current = keepsSigned ? false : nil
        let head = try archive.database.transaction { () throws -> ChainHead in
            for data in rendered.templateFiles.values { _ = try archive.store(data) }
            let head = try archive.archive(files: rendered.files, record: draft)
            FaultPoint.packRecorded.reach()
            return head
        }
        FaultPoint.committed.reach()
        progress.stage(
            "archive", "draft v\(draft.version) of \(period) archived as record \(head.seq) in \(archive.path)")
        if keepsSigned, let current {
            let folder = PackPublisher.folder(of: current.record, workspace: root)
            progress.stage(
                "keep",
                "\(folder.path) keeps the signed v\(current.record.version) (record \(current.seq)); the new draft v\(draft.version) is archived only: `reportgen build --supersede` replaces the signed version in the folder, `reportgen restore \(period) --version \(draft.version) --out DIR` writes the draft elsewhere"
            )
            return BuildOutcome(
                folder: folder, period: period, version: draft.version, record: head.seq,
                keptSigned: (current.record.version, current.seq), refused: rendered.content.refusedInputs,
                errorCount: rendered.content.errorCount)
        }
        try PackWriter.write(rendered.files, to: destination, checkpoint: FaultPoint.reach)
        if let current, current.record.isSigned {
            progress.stage(
                "supersede",
                "the signed v\(current.record.version) (record \(current.seq)) is superseded by draft v\(draft.version); it stays in the archive (reportgen restore \(period) --version \(current.record.version))"
            )
        }
        progress.stage("write", "\(rendered.files.count) files written to \(destination.path)")
        return BuildOutcome(
            folder: destination, period: period, version: draft.version, record: head.seq,
            refused: rendered.content.refusedInputs, errorCount: rendered.content.errorCount)
    }

    /// `--out` must not be the workspace, one of its folders that is not a pack, or a folder above it.
    private static func refuseWorkspaceFolder(_ output: URL, root: URL) throws {
        let path = output.path
        if root.path == path || root.path.hasPrefix(path + "/") {
            throw PackFolderError.notEmpty(path: path)
        }
    }
}
