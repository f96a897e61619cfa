/// The multi-criteria methods ReportGen scores with, each with its named variant.
public enum ScoringMethod: Sendable, Hashable, Codable {
    /// Weighted sum of normalised values (higher is better).
    case weightedSum(Normalisation)
    /// TOPSIS: closeness to the ideal, Euclidean distances (higher is better).
    case topsis(Normalisation)
    /// VIKOR with strategy weight `v` (lower Q is better).
    case vikor(v: Double)
    /// PROMETHEE II net flow with one preference function for every criterion (higher is better).
    case promethee(PreferenceFunction)

    /// The defaults named in the brief: WSM min-max, TOPSIS vector, VIKOR v = 0.5, PROMETHEE II linear q = 0, p = range.
    public static let defaults: [ScoringMethod] = [
        .weightedSum(.minMax), .topsis(.vector), .vikor(v: 0.5), .promethee(.linearOverRange),
    ]

    /// A short identifier used in CSV column names: `wsm`, `topsis`, `vikor`, `promethee`.
    public var id: String {
        switch self {
        case .weightedSum: return "wsm"
        case .topsis: return "topsis"
        case .vikor: return "vikor"
        case .promethee: return "promethee"
        }
    }

    /// The full name of the variant, as printed in the pack's methodology section.
    public var variantName: String {
        switch self {
        case .weightedSum(let n): return "Weighted sum, \(n.rawValue) normalisation"
        case .topsis(let n): return "TOPSIS, \(n.rawValue) normalisation, Euclidean distance"
        case .vikor(let v): return "VIKOR, v = \(v), DQ = 1/(m − 1), constant criteria contribute 0"
        case .promethee(let f): return "PROMETHEE II, \(f.name) preference function, flows averaged over m − 1"
        }
    }

    /// Whether a higher score is better.
    public var higherIsBetter: Bool {
        if case .vikor = self { return false }
        return true
    }

    /// Scores a matrix with this method.
    /// - Throws: ``MatrixError`` when the method cannot be applied (for example non-positive values under
    ///   a sum normalisation, or v outside 0…1).
    public func score(_ matrix: DecisionMatrix) throws(MatrixError) -> MethodResult {
        switch self {
        case .weightedSum(let normalisation):
            return try weightedSumScores(matrix, normalisation: normalisation)
        case .topsis(let normalisation):
            return try topsisScores(matrix, normalisation: normalisation)
        case .vikor(let v):
            return try vikorScores(matrix, v: v)
        case .promethee(let function):
            return prometheeScores(matrix, preference: function)
        }
    }
}

/// What one method says about a matrix.
public struct MethodResult: Sendable, Equatable {
    /// The method and variant that produced it.
    public var method: ScoringMethod
    /// One score per alternative; see ``ScoringMethod/higherIsBetter``.
    public var scores: [Double]
    /// Ranks, 1 best, ties share the smallest rank.
    public var ranks: [Int]
    /// VIKOR details when the method is VIKOR.
    public var vikor: VIKORDetails?
    /// PROMETHEE flows when the method is PROMETHEE.
    public var flows: PrometheeFlows?

    init(method: ScoringMethod, scores: [Double], vikor: VIKORDetails? = nil, flows: PrometheeFlows? = nil) {
        self.method = method
        self.scores = scores
        self.ranks = minimumRanks(scores, higherIsBetter: method.higherIsBetter)
        self.vikor = vikor
        self.flows = flows
    }
}
