import Foundation

/// Why an input file cannot be read at all. Row-level problems that can be set aside are ``Diagnostic``s.
package enum IngestError: Error, Equatable, CustomStringConvertible, LocalizedError {
    /// The file could not be opened or read.
    case unreadable(file: String, reason: String)
    /// A byte sequence is not UTF-8.
    case notUTF8(file: String, byteOffset: Int)
    /// A quoted field runs to the end of the file.
    case unterminatedQuote(file: String, line: Int)
    /// The content matches no known export.
    case unknownFormat(file: String, found: String, known: [String])
    /// The file is empty or has only a header.
    case empty(file: String)
    /// JSON that does not parse, or has the wrong shape.
    case invalidJSON(file: String, pointer: String, found: String, expected: String)
    /// A required column is missing from the header.
    case missingColumn(file: String, line: Int, column: String, header: String)
    /// A field that must hold a value holds something else.
    case invalidField(file: String, line: Int, column: Int, field: String, found: String, expected: String)
    /// A row has more or fewer fields than the header (CCF's unquoted commas, CodeCarbon's shifted rows).
    case fieldCount(file: String, line: Int, found: Int, expected: Int, hint: String)
    /// `--kind` named a format that does not exist.
    case unknownKind(String, known: [String])
    /// A document, a ZIP member or a set of keys larger than ReportGen reads (a bound against exhausting memory).
    case tooLarge(file: String, what: String, found: String, limit: String)

    /// The file concerned.
    package var file: String {
        switch self {
        case .unreadable(let file, _), .notUTF8(let file, _), .unterminatedQuote(let file, _),
            .unknownFormat(let file, _, _), .empty(let file), .invalidJSON(let file, _, _, _),
            .missingColumn(let file, _, _, _), .invalidField(let file, _, _, _, _, _),
            .fieldCount(let file, _, _, _, _), .tooLarge(let file, _, _, _):
            return file
        case .unknownKind: return "--kind"
        }
    }

    /// The 1-based line, when the error has one.
    package var line: Int? {
        switch self {
        case .unterminatedQuote(_, let line), .missingColumn(_, let line, _, _), .invalidField(_, let line, _, _, _, _),
            .fieldCount(_, let line, _, _, _):
            return line
        default: return nil
        }
    }

    /// The 1-based column, when the error has one.
    package var column: Int? {
        if case .invalidField(_, _, let column, _, _, _) = self { return column }
        return nil
    }

    /// What is wrong and what was expected, without the location.
    package var message: String {
        switch self {
        case .unreadable(_, let reason):
            return "cannot be read: \(reason)"
        case .notUTF8(_, let offset):
            return "byte offset \(offset): not UTF-8; expected UTF-8 text (re-export or convert the file)"
        case .unterminatedQuote:
            return "a quoted field is never closed; expected a closing \""
        case .unknownFormat(_, let found, let known):
            return "not a known export; its header \"\(found)\" matches none of: \(known.joined(separator: "; "))"
        case .empty:
            return "has no data rows"
        case .invalidJSON(_, let pointer, let found, let expected):
            return "\(pointer.isEmpty ? "/" : pointer): expected \(expected), found \(found)"
        case .missingColumn(_, _, let column, let header):
            return "missing column \"\(column)\"; the header is \"\(header)\""
        case .invalidField(_, _, _, let field, let found, let expected):
            return "\(field): expected \(expected), found \"\(found)\""
        case .fieldCount(_, _, let found, let expected, let hint):
            return "\(found) fields, expected \(expected) as in the header; \(hint)"
        case .unknownKind(let kind, let known):
            return "\(kind): expected one of \(known.joined(separator: ", "))"
        case .tooLarge(_, let what, let found, let limit):
            return "\(what) is \(found), more than the \(limit) ReportGen reads; split the export or filter it"
        }
    }

    /// The stable message code the report translates as `diag_<code>`, with ``parameters``.
    package var code: String {
        switch self {
        case .unreadable: return "unreadable"
        case .notUTF8: return "not_utf8"
        case .unterminatedQuote: return "unterminated_quote"
        case .unknownFormat: return "unknown_format"
        case .empty: return "empty_file"
        case .invalidJSON: return "invalid_json"
        case .missingColumn: return "missing_column"
        case .invalidField: return "invalid_field"
        case .fieldCount: return "field_count"
        case .unknownKind: return "unknown_kind"
        case .tooLarge: return "too_large"
        }
    }

    /// The values ``code``'s text fills in.
    package var parameters: [String: String] {
        switch self {
        case .unreadable(_, let reason): return ["reason": reason]
        case .notUTF8(_, let offset): return ["offset": String(offset)]
        case .unterminatedQuote, .empty: return [:]
        case .unknownFormat(_, let found, _): return ["found": found]
        case .invalidJSON(_, let pointer, let found, let expected):
            return ["pointer": pointer.isEmpty ? "/" : pointer, "found": found, "expected": expected]
        case .missingColumn(_, _, let column, let header): return ["column": column, "header": header]
        case .invalidField(_, _, _, let field, let found, let expected):
            return ["field": field, "found": found, "expected": expected]
        case .fieldCount(_, _, let found, let expected, _):
            return ["found": String(found), "expected": String(expected)]
        case .unknownKind(let kind, _): return ["kind": kind]
        case .tooLarge(_, _, let found, let limit): return ["found": found, "limit": limit]
        }
    }

    /// `file:line:column: message`.
    package var description: String {
        var location = file
        if let line { location += ":\(line)" }
        if let column { location += ":\(column)" }
        return "\(location): \(message)"
    }

    package var errorDescription: String? { description }
}
