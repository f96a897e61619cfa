import Matrix
import Testing

/// Asserts each value to 4 decimals (|x − expected| ≤ 5e-5), the precision of ../shared/research/mcda-golden.md.
func expectClose(
    _ actual: [Double], _ expected: [Double], tolerance: Double = 5e-5,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(actual.count == expected.count, sourceLocation: sourceLocation)
    for (a, e) in zip(actual, expected) {
        #expect(abs(a - e) <= tolerance, "\(actual) ≠ \(expected)", sourceLocation: sourceLocation)
    }
}

func matrix(
    _ values: [[Double]], weights: [Double], types: [CriterionDirection], names: [String]? = nil
) throws -> DecisionMatrix {
    let criteria = weights.indices.map { Criterion(id: "C\($0 + 1)", direction: types[$0], rawWeight: weights[$0]) }
    return try DecisionMatrix(
        alternatives: names ?? values.indices.map { "A\($0 + 1)" }, criteria: criteria, values: values)
}

let b = CriterionDirection.benefit
let c = CriterionDirection.cost
