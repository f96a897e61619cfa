import Foundation
import Mustache

/// The report's templates, styles and translations: the built-in set carried in the binary, with any file of a
/// user's `--templates` folder taking the place of the built-in file of the same name.
public struct TemplateSet: Sendable {
    /// Template name (file name without `.mustache`) → source text.
    public private(set) var templates: [String: String]
    /// Language → key → text.
    public private(set) var translations: [String: [String: String]]
    /// Where each template came from, for error messages.
    public private(set) var origins: [String: String]

    /// The built-in set from the repository's `templates/` folder.
    public static func builtIn() throws(TemplateError) -> TemplateSet {
        var set = TemplateSet(templates: [:], translations: [:], origins: [:])
        for (path, base64) in EmbeddedResources.base64Files {
            guard let data = Data(base64Encoded: base64) else { continue }
            try set.add(relativePath: String(path.dropFirst("templates/".count)), data: data, origin: path)
        }
        return set
    }

    /// The built-in set with the files of `directory` layered on top.
    public static func overridden(by directory: URL) throws(TemplateError) -> TemplateSet {
        var set = try builtIn()
        let manager = FileManager.default
        guard let walker = manager.enumerator(at: directory, includingPropertiesForKeys: nil) else {
            throw .missing(name: "templates folder", searched: directory.path)
        }
        for case let url as URL in walker where !url.hasDirectoryPath {
            let relative = String(url.standardizedFileURL.path.dropFirst(directory.standardizedFileURL.path.count + 1))
            guard let data = manager.contents(atPath: url.path) else { continue }
            try set.add(relativePath: relative, data: data, origin: url.path)
        }
        return set
    }

    /// The built-in set with `files` (paths relative to a templates folder, such as `report.mustache` or
    /// `i18n/fr.json`) layered on top, as ``overridden(by:)`` layers a folder's files; `origin` prefixes each path in
    /// error messages.
    public static func overridden(byFiles files: [String: Data], origin: String) throws(TemplateError) -> TemplateSet {
        var set = try builtIn()
        for path in files.keys.sorted() {
            try set.add(relativePath: path, data: files[path] ?? Data(), origin: origin + "/" + path)
        }
        return set
    }

    private mutating func add(relativePath: String, data: Data, origin: String) throws(TemplateError) {
        let text = String(decoding: data, as: UTF8.self)
        if relativePath.hasSuffix(".mustache") {
            let name = String(relativePath.dropLast(".mustache".count))
            templates[name] = text
            origins[name] = origin
        } else if relativePath.hasPrefix("i18n/"), relativePath.hasSuffix(".json") {
            let language = String(relativePath.dropFirst("i18n/".count).dropLast(".json".count))
            guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw .translations(file: origin, reason: "expected a JSON object of text, it does not parse")
            }
            var table: [String: String] = [:]
            for (key, value) in object {
                guard let string = value as? String else {
                    throw .translations(file: origin, reason: "key \"\(key)\": expected text, found \(value)")
                }
                table[key] = string
            }
            translations[language, default: [:]].merge(table) { $1 }
        }
    }

    /// Parses every template into a Mustache library.
    /// - Throws: ``TemplateError/parse(file:line:column:reason:)`` naming the file and line.
    public func library() throws(TemplateError) -> MustacheLibrary {
        var library = MustacheLibrary()
        for name in templates.keys.sorted() {
            do {
                library.register(try MustacheTemplate(string: templates[name] ?? ""), named: name)
            } catch let error as MustacheTemplate.ParserError {
                throw .parse(
                    file: origins[name] ?? name, line: error.context.lineNumber, column: error.context.columnNumber,
                    reason: "\(error.error)")
            } catch {
                throw .parse(file: origins[name] ?? name, line: 0, column: 0, reason: "\(error)")
            }
        }
        return library
    }

    /// Renders a template over a view (parsing every template first: to render several views, parse once with
    /// ``library()`` and call ``render(_:view:library:)``).
    public func render(_ name: String, view: [String: Any]) throws(TemplateError) -> String {
        guard templates[name] != nil else { throw .missing(name: name, searched: "templates/\(name).mustache") }
        return try render(name, view: view, library: try library())
    }

    /// Renders a template over a view with a library already parsed from this set.
    public func render(_ name: String, view: [String: Any], library: MustacheLibrary) throws(TemplateError) -> String {
        guard templates[name] != nil else { throw .missing(name: name, searched: "templates/\(name).mustache") }
        guard let output = library.render(view, withTemplate: name) else {
            throw .missing(name: name, searched: "templates/\(name).mustache")
        }
        return output
    }

    /// The translation table of a language; keys missing from it fall back to English.
    public func strings(for language: ReportLanguage) -> [String: String] {
        var table = translations["en"] ?? [:]
        table.merge(translations[language.rawValue] ?? [:]) { $1 }
        return table
    }
}
