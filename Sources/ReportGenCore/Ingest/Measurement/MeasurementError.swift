import Foundation

/// Why a measurement file cannot be read at all. A bad sample or row is set aside as a ``Diagnostic`` instead.
enum MeasurementError: Error, Equatable, CustomStringConvertible, LocalizedError {
    /// JSON that stops or goes wrong at a byte: truncated downloads end here with `found: "the end of the file"`.
    case malformedJSON(
        file: String, line: Int, column: Int, byteOffset: Int, pointer: String, found: String, expected: String)
    /// JSON that parses but is not the expected document (JSON pointer, RFC 6901, to the offending value).
    case unexpectedJSON(file: String, line: Int, column: Int, pointer: String, found: String, expected: String)
    /// A Prometheus API response with `"status": "error"`.
    case prometheusError(file: String, errorType: String, message: String)
    /// Bytes that are not UTF-8 text.
    case notUTF8(file: String, byteOffset: Int)
    /// A CSV header without a column the reader needs.
    case missingColumn(file: String, line: Int, column: String, header: String)
    /// A unit the reader does not convert.
    case unsupportedUnit(file: String, line: Int, column: Int, field: String, found: String, expected: String)
    /// Text the CSV reader cannot split into records (a quote never closed).
    case unreadableText(file: String, line: Int, reason: String)
    /// Nothing to read.
    case empty(file: String)

    /// The file concerned.
    var file: String {
        switch self {
        case .malformedJSON(let file, _, _, _, _, _, _), .unexpectedJSON(let file, _, _, _, _, _),
            .prometheusError(let file, _, _), .notUTF8(let file, _), .missingColumn(let file, _, _, _),
            .unsupportedUnit(let file, _, _, _, _, _), .unreadableText(let file, _, _), .empty(let file):
            return file
        }
    }

    /// The 1-based line, when known.
    var line: Int? {
        switch self {
        case .malformedJSON(_, let line, _, _, _, _, _), .unexpectedJSON(_, let line, _, _, _, _),
            .missingColumn(_, let line, _, _), .unsupportedUnit(_, let line, _, _, _, _),
            .unreadableText(_, let line, _):
            return line
        case .prometheusError, .notUTF8, .empty:
            return nil
        }
    }

    /// The 1-based column, when known.
    var column: Int? {
        switch self {
        case .malformedJSON(_, _, let column, _, _, _, _), .unexpectedJSON(_, _, let column, _, _, _),
            .unsupportedUnit(_, _, let column, _, _, _):
            return column
        default:
            return nil
        }
    }

    /// What is wrong and what was expected, without the location.
    var message: String {
        switch self {
        case .malformedJSON(_, _, _, let offset, let pointer, let found, let expected):
            return "byte \(offset) (in \(pointer.isEmpty ? "/" : pointer)): expected \(expected), found \(found)"
        case .unexpectedJSON(_, _, _, let pointer, let found, let expected):
            return "\(pointer.isEmpty ? "/" : pointer): expected \(expected), found \(found)"
        case .prometheusError(_, let errorType, let message):
            return
                "the Prometheus API answered with an error (\(errorType)): \(message); expected \"status\": \"success\""
        case .notUTF8(_, let offset):
            return "byte \(offset): not UTF-8; expected UTF-8 text"
        case .missingColumn(_, _, let column, let header):
            return "missing column \"\(column)\"; the header is \"\(header)\""
        case .unsupportedUnit(_, _, _, let field, let found, let expected):
            return "\(field): unit \"\(found)\" is not converted; expected \(expected)"
        case .unreadableText(_, _, let reason):
            return reason
        case .empty:
            return "has no measurements"
        }
    }

    /// `file:line:column: message`.
    var description: String {
        var location = file
        if let line { location += ":\(line)" }
        if let column { location += ":\(column)" }
        return "\(location): \(message)"
    }

    var errorDescription: String? { description }

    /// The error as an error diagnostic, for a pipeline that goes on with the other files.
    var diagnostic: Diagnostic {
        Diagnostic(severity: .error, file: file, line: line, column: column, message: message)
    }
}
