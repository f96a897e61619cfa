import Foundation

/// How AHP derives a priority vector from a pairwise comparison matrix.
public enum AHPWeightMethod: String, Sendable, Hashable, Codable {
    /// Saaty's principal right eigenvector, found by power iteration.
    case principalEigenvector = "principal eigenvector (power iteration)"
    /// The normalised geometric mean of each row.
    case geometricMean = "row geometric mean"
}

/// The result of AHP on one pairwise comparison matrix.
public struct AHPResult: Sendable, Equatable {
    /// The priority vector (weights summing to 1), in criterion order.
    public var weights: [Double]
    /// The estimate of the principal eigenvalue: the mean of (A w)_i / w_i.
    public var lambdaMax: Double
    /// Consistency index CI = (λmax − n)/(n − 1); 0 for n ≤ 2.
    public var consistencyIndex: Double
    /// Consistency ratio CR = CI / RI(n); 0 for n ≤ 2.
    public var consistencyRatio: Double
    /// The method used for the weights.
    public var method: AHPWeightMethod
    /// The RI table used for CR.
    public var randomIndexTable: String
    /// Whether CR ≤ the threshold (0.10 by Saaty's rule).
    public var isConsistent: Bool
}

/// Derives AHP weights, λmax, CI and CR from a pairwise comparison matrix.
///
/// The matrix must be square, positive and reciprocal (a_ji = 1/a_ij within a relative tolerance of 1e-3, so that
/// entries typed as 0.333 for 1/3 pass). Power iteration stops when the vector changes by less than 1e-13 or after
/// 10,000 iterations.
/// - Parameters:
///   - pairwise: `pairwise[i][j]` is how much more important criterion i is than criterion j.
///   - method: eigenvector (default) or geometric mean.
///   - table: the RI table (default Saaty's).
///   - threshold: the largest acceptable CR (default 0.10).
/// - Throws: ``MatrixError/invalidPairwiseMatrix(_:)``.
public func analyticHierarchy(
    _ pairwise: [[Double]], method: AHPWeightMethod = .principalEigenvector,
    table: RandomIndexTable = .saaty, threshold: Double = 0.10
) throws(MatrixError) -> AHPResult {
    let n = pairwise.count
    guard n > 0 else { throw .invalidPairwiseMatrix("it is empty") }
    for (i, row) in pairwise.enumerated() {
        guard row.count == n else {
            throw .invalidPairwiseMatrix("row \(i + 1) has \(row.count) entries, expected \(n)")
        }
        for (j, value) in row.enumerated() {
            guard value.isFinite, value > 0 else {
                throw .invalidPairwiseMatrix("entry (\(i + 1), \(j + 1)) is \(value), expected a positive number")
            }
        }
    }
    for i in 0..<n {
        guard abs(pairwise[i][i] - 1) < 1e-9 else {
            throw .invalidPairwiseMatrix("diagonal entry (\(i + 1), \(i + 1)) is \(pairwise[i][i]), expected 1")
        }
        for j in (i + 1)..<max(i + 1, n) where abs(pairwise[i][j] * pairwise[j][i] - 1) > 1e-3 {
            throw .invalidPairwiseMatrix(
                "entries (\(i + 1), \(j + 1)) = \(pairwise[i][j]) and (\(j + 1), \(i + 1)) = \(pairwise[j][i]) are not reciprocal"
            )
        }
    }
    guard let randomIndex = table.randomIndex(size: n) else {
        throw .invalidPairwiseMatrix("\(n) criteria: the \(table.name) RI table covers at most \(table.maximumSize)")
    }
    let weights: [Double]
    switch method {
    case .principalEigenvector: weights = principalEigenvector(pairwise)
    case .geometricMean: weights = rowGeometricMean(pairwise)
    }
    let product = pairwise.map { row in zip(row, weights).reduce(0) { $0 + $1.0 * $1.1 } }
    let lambda = zip(product, weights).reduce(0) { $0 + $1.0 / $1.1 } / Double(n)
    let ci = n > 2 ? (lambda - Double(n)) / Double(n - 1) : 0
    let cr = randomIndex > 0 ? ci / randomIndex : 0
    return AHPResult(
        weights: weights, lambdaMax: lambda, consistencyIndex: ci, consistencyRatio: cr, method: method,
        randomIndexTable: table.name, isConsistent: cr <= threshold)
}

private func principalEigenvector(_ a: [[Double]]) -> [Double] {
    let n = a.count
    var w = [Double](repeating: 1 / Double(n), count: n)
    for _ in 0..<10_000 {
        var next = a.map { row in zip(row, w).reduce(0) { $0 + $1.0 * $1.1 } }
        let total = next.reduce(0, +)
        next = next.map { $0 / total }
        let change = zip(next, w).reduce(0) { max($0, abs($1.0 - $1.1)) }
        w = next
        if change < 1e-13 { break }
    }
    return w
}

private func rowGeometricMean(_ a: [[Double]]) -> [Double] {
    let n = Double(a.count)
    let means = a.map { row in row.reduce(0) { $0 + log($1) } / n }.map { exp($0) }
    let total = means.reduce(0, +)
    return means.map { $0 / total }
}
