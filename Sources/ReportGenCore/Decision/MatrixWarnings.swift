import Foundation
import Matrix

/// Spearman's ρ under which a method is said to disagree with the weighted sum.
let disagreementThreshold = 0.5
/// |Pearson's r| above which two criteria are said to be redundant.
let redundancyThreshold = 0.9

/// The second opinion's warnings beside the constant criteria the matrix left out: each method whose ranking
/// disagrees with the first one's (the weighted sum; Spearman's ρ < 0.5), and each pair of criteria whose columns
/// are strongly correlated (|Pearson's r| > 0.9), so they count the same thing twice.
/// - Parameter rankings: the methods' ranks of the matrix's rows, the reference (WSM) first.
/// - Complexity: O(methods × rows + criteria² × rows).
func matrixWarnings(matrix: DecisionMatrix, rankings: [(method: String, ranks: [Int])]) -> [Reason] {
    var warnings: [Reason] = []
    if let reference = rankings.first {
        for other in rankings.dropFirst() {
            let rho = spearman(reference.ranks, other.ranks)
            if rho < disagreementThreshold {
                warnings.append(
                    Reason(
                        key: "warning_methods_disagree",
                        values: ["method": other.method, "rho": String(format: "%.2f", rho)]))
            }
        }
    }
    for a in matrix.criteria.indices {
        for b in matrix.criteria.indices where b > a {
            let r = pearson(matrix.values.map { $0[a] }, matrix.values.map { $0[b] })
            if abs(r) > redundancyThreshold {
                warnings.append(
                    Reason(
                        key: "warning_redundant_criteria",
                        values: [
                            "a": matrix.criteria[a].id, "b": matrix.criteria[b].id, "r": String(format: "%.2f", r),
                        ]))
            }
        }
    }
    return warnings
}

/// Spearman's rank correlation of two rankings (Pearson's on the ranks).
func spearman(_ a: [Int], _ b: [Int]) -> Double { pearson(a.map(Double.init), b.map(Double.init)) }

/// Pearson's correlation; 1 when either series is constant.
func pearson(_ a: [Double], _ b: [Double]) -> Double {
    guard a.count == b.count, a.count > 1 else { return 1 }
    let n = Double(a.count)
    let meanA = a.reduce(0, +) / n
    let meanB = b.reduce(0, +) / n
    var covariance = 0.0
    var varianceA = 0.0
    var varianceB = 0.0
    for (x, y) in zip(a, b) {
        covariance += (x - meanA) * (y - meanB)
        varianceA += (x - meanA) * (x - meanA)
        varianceB += (y - meanB) * (y - meanB)
    }
    guard varianceA > 0, varianceB > 0 else { return 1 }
    return covariance / (varianceA * varianceB).squareRoot()
}
