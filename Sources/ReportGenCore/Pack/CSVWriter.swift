import Foundation

/// The dialect of the CSV files in a pack.
package enum CSVDialect: String, Sendable, CaseIterable {
    /// RFC 4180: `,`, decimal point, CRLF, UTF-8 without BOM.
    case rfc4180 = "rfc4180"
    /// French Excel: `;`, decimal comma, CRLF, UTF-8 with a BOM.
    case excelFR = "excel-fr"
}

/// A cell of a CSV table: text, or a number written in the dialect's decimal convention.
package enum CSVCell: Sendable, Equatable, ExpressibleByStringLiteral {
    case text(String)
    case number(Double)
    case empty

    package init(stringLiteral value: String) { self = .text(value) }

    package init(_ value: Double?) { self = value.map { .number($0) } ?? .empty }
}

/// Writes RFC 4180 CSV: fields quoted when they hold the delimiter, a quote, CR or LF; quotes doubled; lines ending
/// in CRLF. Text starting with `=`, `+`, `-` or `@` is prefixed with `'` so that spreadsheets do not run it as a
/// formula (OWASP, "CSV Injection"); numbers are written as numbers and never prefixed.
package struct CSVWriter: Sendable {
    package let dialect: CSVDialect

    package init(dialect: CSVDialect) { self.dialect = dialect }

    package var delimiter: Character { dialect == .excelFR ? ";" : "," }

    /// A whole file: header and rows.
    package func file(header: [String], rows: [[CSVCell]]) -> String {
        var text = dialect == .excelFR ? "\u{FEFF}" : ""
        text += line(header.map { .text($0) })
        for row in rows { text += line(row) }
        return text
    }

    package func line(_ cells: [CSVCell]) -> String {
        cells.map(field).joined(separator: String(delimiter)) + "\r\n"
    }

    package func field(_ cell: CSVCell) -> String {
        switch cell {
        case .empty:
            return ""
        case .number(let value):
            let text = Self.number(value)
            return dialect == .excelFR ? text.replacingOccurrences(of: ".", with: ",") : text
        case .text(var text):
            if let first = text.first, "=+-@".contains(first) { text = "'" + text }
            if text.contains(delimiter) || text.contains("\"") || text.contains("\n") || text.contains("\r") {
                return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            }
            return text
        }
    }

    /// Shortest round-trip decimal, without exponent for ordinary magnitudes, so Excel reads it as a number.
    package static func number(_ value: Double) -> String {
        guard value.isFinite else { return "" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        let text = "\(value)"
        guard text.contains("e") else { return text }
        return String(format: "%.12f", value).replacingOccurrences(of: "0+$", with: "", options: .regularExpression)
    }
}
