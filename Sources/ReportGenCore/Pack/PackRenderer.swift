import Foundation
import Mustache
import Templates

/// Turns ``PackContent`` into the pack's files: `index.html` in the main language, `index.<lang>.html` for each other
/// report language, and the CSV files.
package struct PackRenderer {
    /// The templates and translations.
    package let templates: TemplateSet
    package let toolVersion: String
    package let dialect: CSVDialect
    /// SHA-256 of `reportgen.yaml` and of the reference-factor table, for the manifest.
    package var configSHA256 = ""
    package var factorsSHA256 = ""
    /// The languages, dialect and templates, and where the archive is, for the manifest.
    package var settings: PackSettings?
    package var origin: PackOrigin?
    /// The templates already parsed (``TemplateSet/library()``), when the caller parsed them beside other work;
    /// `nil`: parsed by each call of ``files(for:languages:workers:)``.
    package var library: MustacheLibrary?

    /// Every file of the pack, in memory: the reports, the CSV files, `pack.json` and `manifest.json` last.
    ///
    /// Each report language, and the CSV files with `pack.json`, is a job of its own, run on up to `workers` threads;
    /// the files and their bytes are the same whatever `workers` is.
    /// - Parameters:
    ///   - content: what the pack shows.
    ///   - languages: the report languages, the main one first (`index.html`).
    ///   - workers: the most threads rendering at once; by default one per processor.
    /// - Throws: ``TemplateError`` when a template does not render; `EncodingError` for `pack.json`.
    package func files(
        for content: PackContent, languages: [ReportLanguage], workers: Int = PackRenderer.defaultWorkers
    ) throws -> [PackFile] {
        // Parsed once for every language's report.
        let library = try self.library ?? templates.library()
        // What every language shows alike (coded diagnostics, evaluated options), computed once.
        let figures = PackViewFigures(content)
        // The languages' reports first: they are the longest jobs, and a worker that ends one takes the next.
        let jobs = try orderedConcurrentMap(count: languages.count + 1, workers: workers) { index -> [PackFile] in
            guard index < languages.count else { return try tableFiles(for: content, figures: figures) }
            let language = languages[index]
            let view = PackView(
                content: content, language: language, strings: templates.strings(for: language),
                toolVersion: toolVersion, figures: figures)
            // One typography pass over the text nodes: French punctuation spacing, whatever built the text.
            let html = Typography.spacedHTML(
                try templates.render("report", view: view.dictionary(), library: library), language: language)
            return [
                PackFile(name: index == 0 ? "index.html" : "index.\(language.rawValue).html", data: Data(html.utf8))
            ]
        }
        var files = jobs.flatMap { $0 }
        files.append(PackFile(name: "manifest.json", data: try manifest(files, content: content)))
        return files
    }

    /// One processor, one worker.
    package static var defaultWorkers: Int { ProcessInfo.processInfo.activeProcessorCount }

    /// The CSV files and `pack.json`, in the pack's order.
    private func tableFiles(for content: PackContent, figures: PackViewFigures) throws -> [PackFile] {
        let writer = CSVWriter(dialect: dialect)
        let english = PackView(
            content: content, language: .en, strings: templates.strings(for: .en), toolVersion: toolVersion,
            figures: figures)
        return [
            PackFile(name: "matrix.csv", data: Data(content.matrixCSV(writer).utf8)),
            PackFile(name: "emissions.csv", data: Data(content.emissionsCSV(writer).utf8)),
            PackFile(
                name: "recommendations.csv",
                data: Data(content.recommendationsCSV(writer, reasonText: english.reasonText).utf8)),
            PackFile(name: "reconciliation.csv", data: Data(content.reconciliationCSV(writer).utf8)),
            PackFile(name: "forecast.csv", data: Data(content.forecastCSV(writer).utf8)),
            PackFile(name: "factors.csv", data: Data(content.factorsCSV(writer).utf8)),
            PackFile(
                name: "pack.json", data: try PackDocument(content, toolVersion: toolVersion, figures: figures).encoded()
            ),
        ]
    }
}

/// `manifest.json`: the SHA-256 of every file of the pack, of every input, of the factors and of the
/// configuration, and the tool's version. It is what a sign-off signs.
package struct PackManifest: Codable, Sendable, Equatable {
    package var tool: String
    package var version: String
    package var period: String
    package var organisation: String
    package var generatedAt: String
    package var files: [String: String]
    package var inputs: [String: String]
    package var factorsSHA256: String
    package var factorsOverridden: [String: Double]
    package var configSHA256: String
    /// How the pack was rendered (absent from packs built before it was recorded).
    package var settings: PackSettings?
    /// The archive the pack was archived in, and its workspace.
    package var origin: PackOrigin?
}

extension PackRenderer {
    /// `manifest.json`'s bytes: sorted keys, so the same pack always gives the same manifest.
    /// - Throws: `EncodingError` when the manifest cannot be encoded (never an empty manifest).
    package func manifest(_ files: [PackFile], content: PackContent) throws -> Data {
        let manifest = PackManifest(
            tool: "ReportGen", version: toolVersion, period: content.period.description,
            organisation: content.config.organisation,
            generatedAt: ISO8601DateFormatter().string(from: content.generatedAt),
            files: Dictionary(uniqueKeysWithValues: files.map { ($0.name, sha256Hex($0.data)) }),
            inputs: Dictionary(uniqueKeysWithValues: content.inputs.map { ($0.name, $0.sha256) }),
            factorsSHA256: factorsSHA256, factorsOverridden: content.config.factorOverrides, configSHA256: configSHA256,
            settings: settings, origin: origin)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(manifest)
    }
}
