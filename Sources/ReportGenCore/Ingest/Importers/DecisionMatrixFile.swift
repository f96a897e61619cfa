import Foundation
import Matrix

/// A decision matrix as a user writes it in CSV for `reportgen score`: a header of criteria names after a first
/// cell, one row per alternative, and optionally rows named `weight` and `type` (`+`/`-` or `benefit`/`cost`).
package struct DecisionMatrixFile: Sendable {
    package var alternatives: [String] = []
    package var criteria: [String] = []
    package var values: [[Double]] = []
    package var weights: [Double]?
    package var types: [CriterionDirection]?

    /// Reads a matrix.
    /// - Throws: ``IngestError`` naming the line and column of a malformed cell.
    package static func read(_ file: InputFile) throws(IngestError) -> DecisionMatrixFile {
        let head = try file.head(4096)
        let delimiter: UInt8 =
            head.prefix { $0 != 0x0A }.filter { $0 == UInt8(ascii: ";") }.count
                > head.prefix { $0 != 0x0A }.filter { $0 == UInt8(ascii: ",") }.count
            ? UInt8(ascii: ";") : UInt8(ascii: ",")
        var reader = try file.csvReader(delimiter: delimiter)
        guard let header = try reader.next(), header.fields.count >= 2 else { throw .empty(file: file.name) }
        var result = DecisionMatrixFile()
        result.criteria = header.fields.dropFirst().map { $0.trimmingCharacters(in: .whitespaces) }
        let decimalComma = delimiter == UInt8(ascii: ";")
        while let record = try reader.next() {
            guard record.fields.count == header.fields.count else {
                throw .fieldCount(
                    file: file.name, line: record.line, found: record.fields.count, expected: header.fields.count,
                    hint: "expected a name then one value per criterion")
            }
            let name = record.fields[0].trimmingCharacters(in: .whitespaces)
            let cells = Array(record.fields.dropFirst())
            switch name.lowercased() {
            case "type", "types":
                result.types = try cells.enumerated().map { index, cell throws(IngestError) in
                    switch cell.trimmingCharacters(in: .whitespaces).lowercased() {
                    case "+", "+1", "1", "max", "benefit": return .benefit
                    case "-", "-1", "min", "cost": return .cost
                    default:
                        throw .invalidField(
                            file: file.name, line: record.line, column: index + 2, field: result.criteria[index],
                            found: cell, expected: "+ or - (benefit or cost)")
                    }
                }
            default:
                let numbers = try cells.enumerated().map { index, cell throws(IngestError) -> Double in
                    guard let parsed = parseNumber(cell, decimalComma: decimalComma), let value = parsed else {
                        throw .invalidField(
                            file: file.name, line: record.line, column: index + 2, field: result.criteria[index],
                            found: cell, expected: "a number")
                    }
                    return value
                }
                if ["weight", "weights"].contains(name.lowercased()) {
                    result.weights = numbers
                } else {
                    result.alternatives.append(name)
                    result.values.append(numbers)
                }
            }
        }
        guard !result.alternatives.isEmpty else { throw .empty(file: file.name) }
        return result
    }
}

/// A pairwise comparison matrix for `reportgen weights`: a header of criteria names after a first cell, then one
/// row per criterion; entries are numbers or fractions such as `1/5`.
package struct PairwiseMatrixFile: Sendable {
    package var criteria: [String] = []
    package var entries: [[Double]] = []

    package static func read(_ file: InputFile) throws(IngestError) -> PairwiseMatrixFile {
        var reader = try file.csvReader(delimiter: UInt8(ascii: ","))
        guard let header = try reader.next(), header.fields.count >= 2 else { throw .empty(file: file.name) }
        var result = PairwiseMatrixFile()
        result.criteria = header.fields.dropFirst().map { $0.trimmingCharacters(in: .whitespaces) }
        while let record = try reader.next() {
            guard record.fields.count == header.fields.count else {
                throw .fieldCount(
                    file: file.name, line: record.line, found: record.fields.count, expected: header.fields.count,
                    hint: "expected a criterion name then one judgement per criterion")
            }
            let row = try record.fields.dropFirst().enumerated().map { index, cell throws(IngestError) -> Double in
                guard let value = parseJudgement(cell), value > 0 else {
                    throw .invalidField(
                        file: file.name, line: record.line, column: index + 2, field: result.criteria[index],
                        found: cell,
                        expected: "a positive number or a fraction such as 1/5")
                }
                return value
            }
            result.entries.append(row)
        }
        guard result.entries.count == result.criteria.count else {
            throw .invalidField(
                file: file.name, line: header.line, column: 1, field: "matrix",
                found: "\(result.entries.count) rows for \(result.criteria.count) criteria", expected: "a square matrix"
            )
        }
        return result
    }

    /// `3`, `0.2`, `1/5`.
    package static func parseJudgement(_ text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let parts = trimmed.split(separator: "/", maxSplits: 1)
        if parts.count == 2, let numerator = Double(parts[0]), let denominator = Double(parts[1]), denominator != 0 {
            return numerator / denominator
        }
        return Double(trimmed)
    }
}
