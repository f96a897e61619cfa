/// Weighted sum model: Σ_j w_j · n_ij, where `n` is the normalised matrix with direction folded in.
///
/// With min-max normalisation, a constant criterion adds its weight to every alternative and leaves the ranking
/// unchanged (the documented rule; the pack warns about it).
/// - Complexity: O(m · n).
func weightedSumScores(_ matrix: DecisionMatrix, normalisation: Normalisation) throws(MatrixError) -> MethodResult {
    let method = ScoringMethod.weightedSum(normalisation)
    guard normalisation.foldsDirection else {
        throw .invalidParameter(name: "normalisation", value: 0, expected: "min-max or sum for a weighted sum")
    }
    let normalised = try normalisation.apply(to: matrix)
    let scores = normalised.map { row in zip(row, matrix.weights).reduce(0) { $0 + $1.0 * $1.1 } }
    return MethodResult(method: method, scores: scores)
}
