/// How a criterion column is rescaled before aggregation. The pack names the variant in use.
public enum Normalisation: String, Sendable, Hashable, Codable, CaseIterable {
    /// `(x − min)/(max − min)` for a benefit, `(max − x)/(max − min)` for a cost; direction is folded in.
    /// A constant column becomes all 1 (it then adds the same amount to every alternative).
    case minMax = "min-max"
    /// `x / √Σx²`; direction is not folded in (TOPSIS handles it through the ideal points).
    /// A column of zeros stays zero.
    case vector
    /// `x / Σx` for a benefit and `(1/x) / Σ(1/x)` for a cost ("InvertMinimize"); needs x > 0.
    case sumInvertingCosts = "sum (cost inverted 1/x)"

    /// Whether the cost direction is already folded into the normalised values.
    public var foldsDirection: Bool { self != .vector }

    /// Normalises one column.
    /// - Throws: ``MatrixError/nonPositiveValue(method:alternative:criterion:value:)`` for ``sumInvertingCosts``
    ///   on a value ≤ 0.
    public func apply(_ column: [Double], direction: CriterionDirection, criterion: String, alternatives: [String])
        throws(MatrixError) -> [Double]
    {
        switch self {
        case .minMax:
            guard let low = column.min(), let high = column.max() else { return column }
            let range = high - low
            guard range > 1e-12 * max(1, abs(high), abs(low)) else { return column.map { _ in 1 } }
            return column.map { direction == .benefit ? ($0 - low) / range : (high - $0) / range }
        case .vector:
            let norm = column.reduce(0) { $0 + $1 * $1 }.squareRoot()
            guard norm > 0 else { return column.map { _ in 0 } }
            return column.map { $0 / norm }
        case .sumInvertingCosts:
            for (value, name) in zip(column, alternatives) where value <= 0 {
                throw .nonPositiveValue(method: rawValue, alternative: name, criterion: criterion, value: value)
            }
            let oriented = direction == .benefit ? column : column.map { 1 / $0 }
            let total = oriented.reduce(0, +)
            return oriented.map { $0 / total }
        }
    }

    /// Normalises every column of a matrix; result is `[alternative][criterion]`.
    public func apply(to matrix: DecisionMatrix) throws(MatrixError) -> [[Double]] {
        var columns: [[Double]] = []
        for j in 0..<matrix.criterionCount {
            columns.append(
                try apply(
                    matrix.column(j), direction: matrix.criteria[j].direction, criterion: matrix.criteria[j].id,
                    alternatives: matrix.alternatives))
        }
        return (0..<matrix.alternativeCount).map { i in columns.map { $0[i] } }
    }
}
