/// A validated decision problem: alternatives in rows, criteria in columns.
///
/// Values are finite; weights are finite and non-negative with at least one positive. The raw weights are kept
/// as given and ``weights`` holds them normalised to sum to 1, so a pack can show both.
public struct DecisionMatrix: Sendable, Equatable {
    /// The alternatives' names, one per row.
    public let alternatives: [String]
    /// The criteria, one per column.
    public let criteria: [Criterion]
    /// `values[i][j]` is alternative `i` on criterion `j`.
    public let values: [[Double]]
    /// The weights normalised to sum to 1, in criterion order.
    public let weights: [Double]

    /// Validates and builds a decision matrix.
    /// - Throws: ``MatrixError`` when the matrix is empty, ragged, not finite, or its weights are invalid.
    public init(alternatives: [String], criteria: [Criterion], values: [[Double]]) throws(MatrixError) {
        guard !alternatives.isEmpty, !criteria.isEmpty else { throw .empty }
        guard values.count == alternatives.count else {
            throw .raggedRow(alternative: "(rows)", found: values.count, expected: alternatives.count)
        }
        for (row, name) in zip(values, alternatives) {
            guard row.count == criteria.count else {
                throw .raggedRow(alternative: name, found: row.count, expected: criteria.count)
            }
            for (value, criterion) in zip(row, criteria) where !value.isFinite {
                throw .nonFiniteValue(alternative: name, criterion: criterion.id)
            }
        }
        self.alternatives = alternatives
        self.criteria = criteria
        self.values = values
        self.weights = try Self.normalisedWeights(criteria.map(\.rawWeight), names: criteria.map(\.id))
    }

    /// Normalises weights to sum to 1.
    /// - Throws: ``MatrixError/invalidWeight(criterion:value:)`` for a negative or non-finite weight,
    ///   ``MatrixError/allWeightsZero`` when they sum to zero.
    public static func normalisedWeights(_ raw: [Double], names: [String]) throws(MatrixError) -> [Double] {
        for (weight, name) in zip(raw, names) where !weight.isFinite || weight < 0 {
            throw .invalidWeight(criterion: name, value: weight)
        }
        let total = raw.reduce(0, +)
        guard total > 0 else { throw .allWeightsZero }
        return raw.map { $0 / total }
    }

    /// The number of alternatives.
    public var alternativeCount: Int { alternatives.count }
    /// The number of criteria.
    public var criterionCount: Int { criteria.count }

    /// The values of criterion `j`, in alternative order.
    public func column(_ j: Int) -> [Double] { values.map { $0[j] } }

    /// The indices of criteria whose values are all equal (within 1e-12 of the column's scale).
    public var constantCriteria: [Int] {
        (0..<criterionCount).filter { j in
            let column = column(j)
            guard let low = column.min(), let high = column.max() else { return false }
            return high - low <= 1e-12 * max(1, abs(high), abs(low))
        }
    }

    /// A copy with other raw weights (same criteria and values).
    public func reweighted(_ rawWeights: [Double]) throws(MatrixError) -> DecisionMatrix {
        var newCriteria = criteria
        for j in newCriteria.indices { newCriteria[j].rawWeight = rawWeights[j] }
        return try DecisionMatrix(alternatives: alternatives, criteria: newCriteria, values: values)
    }
}
