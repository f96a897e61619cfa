import Foundation

/// A CSV header row, looked up by column name rather than position.
///
/// Names are matched after folding case, dropping a `(kgCO2e)`-style unit suffix and every character that is not
/// a letter or digit, so `latestMonthEmissions`, `Latest Month Emissions`, `latest_month_emissions` and
/// `Latest month emissions (kgCO2e)` are the same column.
package struct CSVHeader: Sendable {
    package let fields: [String]
    package let line: Int
    private let index: [String: Int]

    package init(_ record: CSVRecord) {
        fields = record.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        line = record.line
        var index: [String: Int] = [:]
        for (position, name) in fields.enumerated() where index[Self.key(name)] == nil {
            index[Self.key(name)] = position
        }
        self.index = index
    }

    /// The folded form of a column name.
    package static func key(_ name: String) -> String {
        var text = name.lowercased()
        if let open = text.lastIndex(of: "("), text.hasSuffix(")") { text = String(text[..<open]) }
        return String(text.unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) }.map(Character.init))
    }

    /// The position of the first of `names` present in the header.
    package func position(of names: String...) -> Int? {
        for name in names { if let position = index[Self.key(name)] { return position } }
        return nil
    }

    /// Whether every name is present.
    package func contains(_ names: String...) -> Bool { names.allSatisfy { index[Self.key($0)] != nil } }

    /// The header as it was written, for messages.
    package var text: String { fields.joined(separator: ",") }
}
