/// Whether more of a criterion is better (benefit) or worse (cost).
public enum CriterionDirection: String, Sendable, Hashable, Codable, CaseIterable {
    /// More is better.
    case benefit
    /// Less is better.
    case cost

    /// `+1` for a benefit, `-1` for a cost, the sign convention of the MCDA literature.
    public var sign: Double { self == .benefit ? 1 : -1 }
}

/// One column of a decision matrix.
public struct Criterion: Sendable, Hashable, Codable {
    /// A stable identifier, such as `carbon` or `business_value`.
    public var id: String
    /// Whether more is better or worse.
    public var direction: CriterionDirection
    /// The weight as the user gave it (any non-negative number); normalised before use.
    public var rawWeight: Double

    /// Creates a criterion.
    public init(id: String, direction: CriterionDirection, rawWeight: Double) {
        self.id = id
        self.direction = direction
        self.rawWeight = rawWeight
    }
}
