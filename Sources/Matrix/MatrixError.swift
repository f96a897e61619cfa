/// Why a decision problem cannot be scored.
public enum MatrixError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The matrix has no alternative or no criterion.
    case empty
    /// A row does not have one value per criterion.
    case raggedRow(alternative: String, found: Int, expected: Int)
    /// A value is NaN or infinite.
    case nonFiniteValue(alternative: String, criterion: String)
    /// A weight is negative, NaN or infinite.
    case invalidWeight(criterion: String, value: Double)
    /// Every weight is zero, so nothing can be ranked.
    case allWeightsZero
    /// A method that needs strictly positive values met zero or a negative value.
    case nonPositiveValue(method: String, alternative: String, criterion: String, value: Double)
    /// A pairwise comparison matrix is not square, not positive or not reciprocal.
    case invalidPairwiseMatrix(String)
    /// A parameter is out of its range.
    case invalidParameter(name: String, value: Double, expected: String)
    /// An arbitration has more candidate plans than it may enumerate.
    case arbitrationTooLarge(what: String, found: Int, limit: Int)

    /// What went wrong, in words a user can act on.
    public var description: String {
        switch self {
        case .empty:
            return "the decision matrix has no alternative or no criterion"
        case .raggedRow(let alternative, let found, let expected):
            return "alternative \"\(alternative)\" has \(found) values, expected \(expected) (one per criterion)"
        case .nonFiniteValue(let alternative, let criterion):
            return "alternative \"\(alternative)\", criterion \"\(criterion)\": the value is not a finite number"
        case .invalidWeight(let criterion, let value):
            return "criterion \"\(criterion)\": weight \(value) is invalid, expected a finite number ≥ 0"
        case .allWeightsZero:
            return "every weight is zero: expected at least one positive weight"
        case .nonPositiveValue(let method, let alternative, let criterion, let value):
            return
                "\(method) needs values > 0, found \(value) for alternative \"\(alternative)\", criterion \"\(criterion)\""
        case .invalidPairwiseMatrix(let reason):
            return "invalid pairwise comparison matrix: \(reason)"
        case .invalidParameter(let name, let value, let expected):
            return "parameter \(name) = \(value): expected \(expected)"
        case .arbitrationTooLarge(let what, let found, let limit):
            return
                "\(what): \(found) candidate plans to enumerate, more than the limit of \(limit); reduce the cap levels or levers, or raise the limit"
        }
    }
}
