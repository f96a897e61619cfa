/// Distances of each alternative to TOPSIS's positive and negative ideal points.
public struct TOPSISDistances: Sendable, Equatable {
    /// Distance to the positive ideal (S+).
    public var toPositiveIdeal: [Double]
    /// Distance to the negative ideal (S−).
    public var toNegativeIdeal: [Double]
}

/// TOPSIS (Hwang & Yoon 1981): closeness C = S− / (S+ + S−) of the weighted normalised matrix to the ideals.
///
/// With vector normalisation the ideal takes the max of a benefit column and the min of a cost column. With
/// min-max normalisation the direction is already folded in, so the ideal is the max of every column. When an
/// alternative sits on both ideals at once (every column constant), its closeness is 0.5 by rule.
/// - Complexity: O(m · n).
func topsisScores(_ matrix: DecisionMatrix, normalisation: Normalisation) throws(MatrixError) -> MethodResult {
    let distances = try topsisDistances(matrix, normalisation: normalisation)
    let scores = zip(distances.toPositiveIdeal, distances.toNegativeIdeal).map { plus, minus in
        plus + minus > 0 ? minus / (plus + minus) : 0.5
    }
    return MethodResult(method: .topsis(normalisation), scores: scores)
}

/// The S+ and S− distances of TOPSIS, exposed for the methodology section and the tests.
public func topsisDistances(_ matrix: DecisionMatrix, normalisation: Normalisation) throws(MatrixError)
    -> TOPSISDistances
{
    let normalised = try normalisation.apply(to: matrix)
    let weighted = normalised.map { row in zip(row, matrix.weights).map { $0 * $1 } }
    var positive: [Double] = []
    var negative: [Double] = []
    for j in 0..<matrix.criterionCount {
        let column = weighted.map { $0[j] }
        let high = column.max() ?? 0
        let low = column.min() ?? 0
        let isCost = !normalisation.foldsDirection && matrix.criteria[j].direction == .cost
        positive.append(isCost ? low : high)
        negative.append(isCost ? high : low)
    }
    func distance(_ row: [Double], _ point: [Double]) -> Double {
        zip(row, point).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
    }
    return TOPSISDistances(
        toPositiveIdeal: weighted.map { distance($0, positive) },
        toNegativeIdeal: weighted.map { distance($0, negative) })
}
