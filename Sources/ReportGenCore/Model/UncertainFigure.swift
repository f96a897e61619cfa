/// A figure with its uncertainty: the central value (every factor at its central value), the P5–P50–P95 of the
/// Monte Carlo draws, and the pessimistic and optimistic bounds (every factor at its low or its high value).
package struct UncertainFigure: Sendable, Hashable, Codable {
    package var central: Double
    package var p5: Double
    package var p50: Double
    package var p95: Double
    package var low: Double
    package var high: Double

    package static let zero = UncertainFigure(central: 0, p5: 0, p50: 0, p95: 0, low: 0, high: 0)
}
