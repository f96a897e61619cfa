import Foundation
import Templates

/// Everything `build` and `demo` can be asked for.
struct PackRequest: Sendable {
    var workspace: URL
    var output: URL?
    var options = BuildOptions()
    var language: ReportLanguage?
    var templates: URL?
    var dialect: CSVDialect = .rfc4180
}

/// Runs the pipeline, renders the pack and writes it atomically; returns the pack folder.
enum PackBuilder {
    static func build(_ request: PackRequest, progress: Progress) throws -> URL {
        let workspace = try Workspace.load(request.workspace)
        let content = try ReportPipeline(workspace: workspace).run(options: request.options, progress: progress)
        let templates = try request.templates.map { url throws(TemplateError) in try TemplateSet.overridden(by: url) }
            ?? TemplateSet.builtIn()
        var languages = workspace.config.reportLanguages.compactMap(ReportLanguage.init(rawValue:))
        if let main = request.language {
            languages.removeAll { $0 == main }
            languages.insert(main, at: 0)
        }
        if languages.isEmpty { languages = [.fr, .en] }
        var renderer = PackRenderer(templates: templates, toolVersion: ToolVersion.current, dialect: request.dialect)
        renderer.configSHA256 = sha256Hex(workspace.configData)
        renderer.factorsSHA256 = sha256Hex(BuiltInData.file("reference-factors.csv") ?? Data())
        let files = try renderer.files(for: content, languages: languages)
        let destination = request.output ?? workspace.packsDirectory.appendingPathComponent(content.period.description)
        try PackWriter.write(files, to: destination)
        progress.stage("write", "\(files.count) files written to \(destination.path)")
        return destination
    }
}

/// The tool's version, printed by `--version` and recorded in every pack.
enum ToolVersion {
    static let current = "0.1.0"
}
