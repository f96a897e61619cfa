/// The range of one criterion's weight over which an outcome does not change, the other weights being rescaled in
/// proportion so that all still sum to 1.
public struct WeightInterval: Sendable, Equatable, Codable {
    /// The criterion.
    public var criterion: String
    /// The normalised weight in use.
    public var weight: Double
    /// The lowest and highest weights (0…1) with the same outcome, found to ±`tolerance`.
    public var lower: Double
    /// The highest weight (0…1) with the same outcome.
    public var upper: Double

    /// An interval of `criterion`'s weight around `weight`.
    public init(criterion: String, weight: Double, lower: Double, upper: Double) {
        self.criterion = criterion
        self.weight = weight
        self.lower = lower
        self.upper = upper
    }
}

/// The weight with criterion `j` set to `w` and the others rescaled to share `1 − w` in their current proportions.
/// When every other weight is zero, they share `1 − w` equally.
public func rescaledWeights(_ weights: [Double], setting j: Int, to w: Double) -> [Double] {
    let rest = weights.enumerated().filter { $0.offset != j }.reduce(0) { $0 + $1.element }
    return weights.indices.map { index in
        if index == j { return w }
        return rest > 0 ? weights[index] / rest * (1 - w) : (1 - w) / Double(weights.count - 1)
    }
}

/// One-at-a-time weight sensitivity: for each criterion, the interval of its weight over which `outcome` stays as
/// it is at the current weights.
///
/// The interval is found by walking from the current weight in steps of 1/`steps` until the outcome changes, then
/// bisecting the last step to `tolerance`. An outcome that changes and changes back further away is not seen: the
/// interval is the connected one around the current weight.
/// - Complexity: O(n × (steps + log(1/tolerance))) evaluations of `outcome`.
public func weightIntervals<Outcome: Equatable>(
    _ matrix: DecisionMatrix, steps: Int = 200, tolerance: Double = 1e-4,
    outcome: (DecisionMatrix) throws(MatrixError) -> Outcome
) throws(MatrixError) -> [WeightInterval] {
    let baseline = try outcome(matrix)
    var intervals: [WeightInterval] = []
    for j in matrix.criteria.indices {
        let current = matrix.weights[j]
        func same(_ w: Double) throws(MatrixError) -> Bool {
            try outcome(try matrix.reweighted(rescaledWeights(matrix.weights, setting: j, to: w))) == baseline
        }
        func edge(towards limit: Double) throws(MatrixError) -> Double {
            let step = (limit - current) / Double(steps)
            guard step != 0 else { return current }
            var inside = current
            for k in 1...steps {
                let candidate = k == steps ? limit : current + step * Double(k)
                if try same(candidate) {
                    inside = candidate
                } else {
                    var good = inside
                    var bad = candidate
                    while abs(bad - good) > tolerance {
                        let middle = (good + bad) / 2
                        if try same(middle) { good = middle } else { bad = middle }
                    }
                    return good
                }
            }
            return inside
        }
        intervals.append(
            WeightInterval(
                criterion: matrix.criteria[j].id, weight: current, lower: try edge(towards: 0),
                upper: try edge(towards: 1)))
    }
    return intervals
}
