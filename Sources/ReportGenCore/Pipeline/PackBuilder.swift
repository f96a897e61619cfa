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
    /// The sign-offs to show, for a signed version.
    package var signoffs: [SignoffRecord] = []
    package var signerKeys: [String: KeyRecord] = [:]
    package var version: Int?

    package init(workspace: URL) { self.workspace = workspace }
}

/// Runs the pipeline, renders the pack, archives it as a draft and writes it atomically.
package enum PackBuilder {
    /// Runs the pipeline and renders the files, writing nothing.
    package static func render(_ request: PackRequest, workspace: Workspace, progress: any ProgressReporter) throws -> (
        PackContent, [PackFile], PackRecord
    ) {
        var content = try ReportPipeline(workspace: workspace).run(options: request.options, progress: progress)
        content.signoffs = request.signoffs
        content.signerKeys = request.signerKeys
        content.version = request.version ?? 1
        let templates =
            try request.templates.map { url throws(TemplateError) in try TemplateSet.overridden(by: url) }
            ?? TemplateSet.builtIn()
        var languages = workspace.config.reportLanguages.compactMap(ReportLanguage.init(rawValue:))
        if let main = request.language {
            languages.removeAll { $0 == main }
            languages.insert(main, at: 0)
        }
        if languages.isEmpty { languages = [.fr, .en] }
        let dialect = request.dialect ?? workspace.config.csvDialect.flatMap(CSVDialect.init(rawValue:)) ?? .rfc4180
        var renderer = PackRenderer(templates: templates, toolVersion: ToolVersion.current, dialect: dialect)
        renderer.configSHA256 = sha256Hex(workspace.configData)
        renderer.factorsSHA256 = sha256Hex(BuiltInData.file("reference-factors.csv") ?? Data())
        let files = try renderer.files(for: content, languages: languages)
        let manifest = files.first { $0.name == "manifest.json" }?.data ?? Data()
        let record = PackRecord(
            period: content.period.description, version: content.version, status: content.isSigned ? "signed" : "draft",
            generatedAt: ISO8601DateFormatter().string(from: content.generatedAt), toolVersion: ToolVersion.current,
            configSHA256: renderer.configSHA256, factorsSHA256: renderer.factorsSHA256,
            manifestSHA256: sha256Hex(manifest),
            files: [:], inputs: Dictionary(uniqueKeysWithValues: content.inputs.map { ($0.name, $0.sha256) }),
            recommendations: content.decisions.recommendations.map {
                .init(
                    cell: $0.cell.description, recommendation: $0.kind.rawValue, capFilesPerMonth: $0.capFilesPerMonth)
            })
        return (content, files, record)
    }

    /// Builds a draft: archives it in the workspace's `archive.sqlite` (unless an identical pack is the period's
    /// latest) and writes the pack folder, both inside one archive transaction.
    @discardableResult
    package static func build(_ request: PackRequest, progress: any ProgressReporter) throws -> URL {
        let workspace = try Workspace.load(request.workspace)
        let archive = try DecisionArchive(path: workspace.root.appendingPathComponent(DecisionArchive.fileName).path)
        // A draft's files do not show its version number, so it is set once the archive's last version is known.
        let (content, files, record) = try render(request, workspace: workspace, progress: progress)
        let destination = request.output ?? workspace.packsDirectory.appendingPathComponent(content.period.description)
        try archive.database.transaction {
            let previous = try archive.packs().last { $0.record.period == record.period }
            if previous?.record.manifestSHA256 != record.manifestSHA256 {
                var draft = record
                draft.version = (previous?.record.version ?? 0) + 1
                draft.supersedes = previous?.seq
                let seq = try archive.archive(files: files, record: draft)
                progress.stage(
                    "archive", "draft v\(draft.version) of \(draft.period) archived as record \(seq) in \(archive.path)"
                )
            } else {
                progress.stage(
                    "archive",
                    "identical to the archived v\(previous?.record.version ?? 0) of \(record.period); not archived again"
                )
            }
            try PackWriter.write(files, to: destination)
        }
        progress.stage("write", "\(files.count) files written to \(destination.path)")
        return destination
    }
}

/// The tool's version, printed by `--version` and recorded in every pack.
package enum ToolVersion {
    package static let current = "0.1.0"
}
