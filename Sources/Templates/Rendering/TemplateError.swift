import Foundation

/// Why a report cannot be rendered from its templates.
public enum TemplateError: Error, Equatable, CustomStringConvertible, LocalizedError {
    /// A template does not parse.
    case parse(file: String, line: Int, column: Int, reason: String)
    /// A template the report needs is missing.
    case missing(name: String, searched: String)
    /// A translation file is missing or not a JSON object of strings.
    case translations(file: String, reason: String)

    /// The error as a compiler prints one: `file:line:column: template error: …`.
    public var description: String {
        switch self {
        case .parse(let file, let line, let column, let reason):
            return "\(file):\(line):\(column): template error: \(reason)"
        case .missing(let name, let searched):
            return "template \"\(name)\" not found (searched \(searched))"
        case .translations(let file, let reason):
            return "\(file): \(reason)"
        }
    }

    /// The same as ``description``.
    public var errorDescription: String? { description }
}
