import Matrix

/// SMAA-2 rank acceptability of the cells over the whole weight simplex (Lahdelma & Salminen 2001): weights drawn
/// uniformly on the simplex (``simplexWeights(count:using:)``, whatever the stakeholders declared), the criteria at
/// their P50 values, each draw ranking the cells by the weighted sum of their min-max normalised values.
///
/// This is not the local robustness of the recommendations (``LocalRobustness``): it says how much of the space of
/// all possible weights gives a cell its rank, not whether the plan's choice for it holds near the declared weights.
package struct SMAAAcceptability: Sendable {
    /// Weight draws on the simplex: `decisions.robustness_draws`.
    package let draws: Int
    /// Per cell (the matrix's rows, in order): the share of draws (0…1) in which it takes its declared WSM rank.
    package let rankAcceptability: [Double]
    /// Per cell: the share of draws in which it ranks first (ties included), b¹ in SMAA-2.
    package let firstRankAcceptability: [Double]

    /// - Parameters:
    ///   - matrix: the cell matrix, with its declared weights.
    ///   - ranks: the declared WSM ranks (1 = best), one per row.
    /// - Throws: ``MatrixError`` when the matrix cannot be normalised.
    /// - Complexity: O(draws × cells × (criteria + log cells)).
    package init(matrix: DecisionMatrix, ranks: [Int], draws: Int, seed: UInt64) throws(MatrixError) {
        let normalised = try Normalisation.minMax.apply(to: matrix)
        var kept = [Int](repeating: 0, count: matrix.alternativeCount)
        var first = [Int](repeating: 0, count: matrix.alternativeCount)
        var generator = SeededGenerator(seed: seed ^ 0x534D_4141_0002)
        for _ in 0..<max(0, draws) {
            let weights = simplexWeights(count: matrix.criterionCount, using: &generator)
            let scores = normalised.map { row in zip(row, weights).reduce(0) { $0 + $1.0 * $1.1 } }
            let drawnRanks = minimumRanks(scores, higherIsBetter: true)
            for row in drawnRanks.indices {
                if ranks.indices.contains(row), drawnRanks[row] == ranks[row] { kept[row] += 1 }
                if drawnRanks[row] == 1 { first[row] += 1 }
            }
        }
        self.draws = max(0, draws)
        let count = Double(max(draws, 1))
        rankAcceptability = kept.map { Double($0) / count }
        firstRankAcceptability = first.map { Double($0) / count }
    }
}
