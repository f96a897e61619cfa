import Foundation

/// Weights drawn uniformly on the simplex (Dirichlet(1, …, 1)): each is −ln(u) normalised by their sum
/// (Rubinstein & Kroese, "Simulation and the Monte Carlo Method").
public func simplexWeights(count: Int, using generator: inout SeededGenerator) -> [Double] {
    let raw = (0..<count).map { _ in -log(max(generator.unit(), 1e-300)) }
    let total = raw.reduce(0, +)
    return raw.map { $0 / total }
}

/// How often each alternative's outcome stays what it is at the baseline when weights are drawn uniformly on the
/// simplex and the values are redrawn by `perturb` (for example from the carbon model's Monte Carlo draws).
///
/// - Parameters:
///   - matrix: the baseline problem.
///   - draws: the number of joint draws.
///   - seed: the generator's seed, so the result is reproducible.
///   - perturb: given the draw index and the generator, the values to use (or the baseline's).
///   - outcome: what must hold, one value per alternative (a rank, a recommendation).
/// - Returns: for each alternative, the share of draws (0…1) in which its outcome equals the baseline's.
/// - Complexity: O(draws) evaluations of `outcome`.
public func acceptability<Outcome: Equatable>(
    _ matrix: DecisionMatrix, draws: Int, seed: UInt64,
    perturb: (Int, inout SeededGenerator) -> [[Double]]? = { _, _ in nil },
    outcome: (DecisionMatrix) throws(MatrixError) -> [Outcome]
) throws(MatrixError) -> [Double] {
    let baseline = try outcome(matrix)
    var held = [Int](repeating: 0, count: matrix.alternativeCount)
    var generator = SeededGenerator(seed: seed)
    for draw in 0..<draws {
        let weights = simplexWeights(count: matrix.criterionCount, using: &generator)
        var criteria = matrix.criteria
        for j in criteria.indices { criteria[j].rawWeight = weights[j] }
        let values = perturb(draw, &generator) ?? matrix.values
        let drawn = try DecisionMatrix(alternatives: matrix.alternatives, criteria: criteria, values: values)
        for (index, result) in try outcome(drawn).enumerated() where result == baseline[index] { held[index] += 1 }
    }
    return held.map { Double($0) / Double(max(draws, 1)) }
}
