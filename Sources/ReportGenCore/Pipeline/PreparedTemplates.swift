import Foundation
import Mustache
import Templates

/// The report's templates ready to render: the files of a `--templates` folder, the set they make with the
/// built-in one, that set parsed, and its hash for the manifest. None of it depends on the pipeline's figures.
package struct PreparedTemplates: Sendable {
    /// The `--templates` folder's files (paths relative to it → bytes); empty without one.
    package let files: [String: Data]
    /// The built-in templates and translations with the folder's files laid over them.
    package let templates: TemplateSet
    /// Every template parsed once.
    package let library: MustacheLibrary
    /// SHA-256 of the whole set's canonical JSON (``PackSettings/templateSetSHA256``).
    package let setSHA256: String

    /// Reads, layers, parses and hashes the templates.
    /// - Parameter directory: a `--templates` folder, or `nil` for the built-in set.
    /// - Throws: ``TemplateError`` when a file cannot be read or a template does not parse.
    package init(_ directory: URL?) throws {
        files = try directory.map(PackBuilder.templateFiles) ?? [:]
        let files = files
        templates =
            try directory.map { url throws(TemplateError) in
                try TemplateSet.overridden(byFiles: files, origin: url.path)
            } ?? TemplateSet.builtIn()
        library = try templates.library()
        setSHA256 = sha256Hex(
            try canonicalJSON(
                TemplateSetContents(templates: templates.templates, translations: templates.translations)))
    }
}

/// Every template and translation a pack was rendered with, hashed into its settings.
private struct TemplateSetContents: Encodable {
    var templates: [String: String]
    var translations: [String: [String: String]]
}
