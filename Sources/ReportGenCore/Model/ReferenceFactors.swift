import Foundation

/// A sourced reference factor: the central value with its range, from `data/reference-factors.csv` or overridden
/// in `reportgen.yaml`.
package struct ReferenceFactor: Sendable, Hashable, Codable {
    package var key: String
    package var value: Double
    package var unit: String
    package var low: Double?
    package var high: Double?
    package var source: String
    package var notes: String
    /// The built-in value when `reportgen.yaml` overrides it.
    package var builtInValue: Double?

    package var isOverridden: Bool { builtInValue != nil }
    /// The lower bound, the value itself when no range is published.
    package var lowOrValue: Double { min(low ?? value, value) }
    /// The upper bound, the value itself when no range is published.
    package var highOrValue: Double { max(high ?? value, value) }
}

/// Why the carbon model cannot run.
package enum ModelError: Error, Equatable, CustomStringConvertible, LocalizedError {
    case missingFactor(key: String, neededFor: String)
    case invalidFactorFile(line: Int, reason: String)
    case unknownOverride(key: String)

    package var description: String {
        switch self {
        case .missingFactor(let key, let neededFor):
            return
                "reference factor \(key) is needed for \(neededFor) but is not in data/reference-factors.csv; add it under factors: in reportgen.yaml"
        case .invalidFactorFile(let line, let reason):
            return "data/reference-factors.csv:\(line): \(reason)"
        case .unknownOverride(let key):
            return
                "reportgen.yaml: factors.\(key): no such reference factor; expected a key of data/reference-factors.csv"
        }
    }

    package var errorDescription: String? { description }
}

/// The table of reference factors, with the workspace's overrides applied.
///
/// An override replaces the central value; the published range is scaled by the same ratio so that its relative
/// width is kept, and the built-in value is kept for the pack.
package struct ReferenceFactors: Sendable {
    /// The version printed on the pack's cover: the SHA-256 prefix of the factor file.
    package let version: String
    private(set) var factors: [String: ReferenceFactor]

    /// Parses the `key,value,unit,low,high,source,notes` CSV.
    package init(csv data: Data, version: String) throws {
        var reader = CSVReader(fileName: "data/reference-factors.csv", bytes: [UInt8](data))
        guard let header = try reader.next(),
            header.fields == ["key", "value", "unit", "low", "high", "source", "notes"]
        else {
            throw ModelError.invalidFactorFile(
                line: 1, reason: "expected the header key,value,unit,low,high,source,notes")
        }
        var factors: [String: ReferenceFactor] = [:]
        while let record = try reader.next() {
            guard record.fields.count == 7 else {
                throw ModelError.invalidFactorFile(
                    line: record.line, reason: "\(record.fields.count) fields, expected 7")
            }
            let f = record.fields
            guard let value = Double(f[1]) else {
                throw ModelError.invalidFactorFile(line: record.line, reason: "value: expected a number, found \(f[1])")
            }
            factors[f[0]] = ReferenceFactor(
                key: f[0], value: value, unit: f[2], low: Double(f[3]), high: Double(f[4]), source: f[5], notes: f[6])
        }
        self.factors = factors
        self.version = version
    }

    /// The built-in table carried in the binary.
    package static func builtIn() throws -> ReferenceFactors {
        guard let data = BuiltInData.file("reference-factors.csv") else {
            throw ModelError.invalidFactorFile(line: 0, reason: "missing from the binary")
        }
        return try ReferenceFactors(csv: data, version: String(sha256Hex(data).prefix(12)))
    }

    /// Applies `factors:` overrides from the configuration.
    /// - Throws: ``ModelError/unknownOverride(key:)`` for a key the table does not have.
    package mutating func apply(overrides: [String: Double]) throws {
        for key in overrides.keys.sorted() {
            guard var factor = factors[key], let value = overrides[key] else {
                throw ModelError.unknownOverride(key: key)
            }
            let ratio = factor.value != 0 ? value / factor.value : 1
            factor.builtInValue = factor.value
            factor.low = factor.low.map { $0 * ratio }
            factor.high = factor.high.map { $0 * ratio }
            factor.value = value
            factors[key] = factor
        }
    }

    /// A factor that must exist.
    package func require(_ key: String, for purpose: String) throws -> ReferenceFactor {
        guard let factor = factors[key] else { throw ModelError.missingFactor(key: key, neededFor: purpose) }
        return factor
    }
}
