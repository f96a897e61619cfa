/// A problem found while reading inputs or building the pack that does not stop the build.
///
/// Diagnostics are collected, printed by `validate`, and shown in the pack's data-quality section.
package struct Diagnostic: Sendable, Hashable, Codable, CustomStringConvertible {
    /// How serious the problem is.
    package enum Severity: String, Sendable, Hashable, Codable, Comparable {
        case note, warning, error

        private var rank: Int {
            switch self {
            case .note: return 0
            case .warning: return 1
            case .error: return 2
            }
        }

        package static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
    }

    package var severity: Severity
    /// The file concerned, relative to the workspace.
    package var file: String
    /// 1-based line, when known.
    package var line: Int?
    /// 1-based column, when known.
    package var column: Int?
    /// What happened and what was expected, in English (for the terminal and `pack.json`).
    package var message: String
    /// A stable message code (`set_aside`, `azure_dated`…) that the report translates as `diag_<code>`, when known.
    package var code: String?
    /// The values the code's message text fills in (`{count}`, `{month}`…), as text.
    package var parameters: [String: String]?

    /// `file:line:column`, as far as known.
    package var location: String {
        var text = file
        if let line { text += ":\(line)" }
        if let column { text += ":\(column)" }
        return text
    }

    /// `location: severity: message`, as compilers print.
    package var description: String { "\(location): \(severity.rawValue): \(message)" }

    /// A warning: something was set aside or assumed, and the pack says so.
    package static func warning(_ file: String, line: Int? = nil, column: Int? = nil, _ message: String) -> Diagnostic {
        Diagnostic(severity: .warning, file: file, line: line, column: column, message: message)
    }

    /// An error: input that could not be used.
    package static func error(_ file: String, line: Int? = nil, column: Int? = nil, _ message: String) -> Diagnostic {
        Diagnostic(severity: .error, file: file, line: line, column: column, message: message)
    }

    /// A note: a conversion or a choice worth knowing.
    package static func note(_ file: String, line: Int? = nil, _ message: String) -> Diagnostic {
        Diagnostic(severity: .note, file: file, line: line, column: nil, message: message)
    }
}
