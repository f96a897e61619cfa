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
    /// Text, neutralised against formula injection when it starts with a trigger.
    case text(String)
    /// A number, shortest round-trip; empty when not finite.
    case number(Double)
    /// A number with a fixed count of decimals (`0.1000`); empty when not finite.
    case fixed(Double, fractionDigits: Int)
    /// An empty field.
    case empty

    package init(stringLiteral value: String) { self = .text(value) }

    package init(_ value: Double?) { self = value.map { .number($0) } ?? .empty }
}

/// Writes RFC 4180 CSV: fields quoted when they hold the delimiter, a quote, CR or LF; quotes doubled; lines ending
/// in CRLF. A text cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return (the triggers OWASP's "CSV
/// Injection" page lists) is prefixed with `'` so that spreadsheets do not run it as a formula; number cells are
/// written as numbers and never prefixed, so `-1.5` stays a negative number.
package struct CSVWriter: Sendable {
    package let dialect: CSVDialect

    package init(dialect: CSVDialect) { self.dialect = dialect }

    /// `,`, or `;` for French Excel.
    package var delimiter: Character { dialect == .excelFR ? ";" : "," }

    /// A whole file: header and rows.
    package func file(header: [String], rows: [[CSVCell]]) -> String {
        var text = dialect == .excelFR ? "\u{FEFF}" : ""
        text += line(header.map { .text($0) })
        for row in rows { text += line(row) }
        return text
    }

    /// One record, CRLF-terminated.
    package func line(_ cells: [CSVCell]) -> String {
        cells.map(field).joined(separator: String(delimiter)) + "\r\n"
    }

    /// One field, quoted and neutralised as needed.
    package func field(_ cell: CSVCell) -> String {
        switch cell {
        case .empty:
            return ""
        case .number(let value):
            let text = Self.number(value)
            return dialect == .excelFR ? text.replacingOccurrences(of: ".", with: ",") : text
        case .fixed(let value, let digits):
            guard value.isFinite else { return "" }
            let text = String(format: "%.\(max(0, digits))f", value)
            return dialect == .excelFR ? text.replacingOccurrences(of: ".", with: ",") : text
        case .text(var text):
            if let first = text.unicodeScalars.first, Self.formulaTriggers.contains(first) { text = "'" + text }
            if Self.needsQuotes(text, delimiter: dialect == .excelFR ? UInt8(ascii: ";") : UInt8(ascii: ",")) {
                return Self.quoted(text)
            }
            return text
        }
    }

    /// Whether a field holds the delimiter, a quote, CR or LF, in one pass over its bytes (all four are ASCII, and
    /// no other UTF-8 sequence holds their bytes).
    static func needsQuotes(_ text: String, delimiter: UInt8) -> Bool {
        text.utf8.contains { byte in
            byte == delimiter || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
        }
    }

    /// The field between quotes, every quote inside doubled. Scalar by scalar, as ``needsQuotes(_:delimiter:)``
    /// scans bytes: a quote that a combining mark follows is one `Character` with it, which a character-level
    /// replacement would leave single, ending the field early.
    static func quoted(_ text: String) -> String {
        var result = "\""
        result.unicodeScalars.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            if scalar == "\"" { result.unicodeScalars.append("\"") }
            result.unicodeScalars.append(scalar)
        }
        result.unicodeScalars.append("\"")
        return result
    }

    /// The first characters that make a spreadsheet read a cell as a formula (OWASP, "CSV Injection").
    package static let formulaTriggers: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]

    /// The shortest decimal that reads back as the same `Double` (Swift's own round-trip digits), written without
    /// an exponent so that Excel reads it as a number: re-summing a column reproduces the pack's totals exactly,
    /// however small the values (a CodeCarbon run of 2e-6 kg keeps all its digits).
    package static func number(_ value: Double) -> String {
        guard value.isFinite else { return "" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        let text = "\(value)"
        guard let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }),
            let exponent = Int(text[text.index(after: e)...])
        else { return text }
        // Mantissa digits d.ddd × 10^exponent, moved into positional notation.
        var mantissa = String(text[..<e])
        let sign = mantissa.hasPrefix("-") ? "-" : ""
        if !sign.isEmpty { mantissa.removeFirst() }
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        let digits = String(parts[0]) + (parts.count > 1 ? String(parts[1]) : "")
        let point = parts[0].count + exponent
        if point <= 0 { return sign + "0." + String(repeating: "0", count: -point) + digits }
        if point >= digits.count { return sign + digits + String(repeating: "0", count: point - digits.count) }
        return sign + String(digits.prefix(point)) + "." + String(digits.dropFirst(point))
    }
}
