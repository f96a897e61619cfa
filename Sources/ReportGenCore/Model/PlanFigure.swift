import Matrix

/// A plan figure from the shared draws: P5, P50, P95 and the central evaluation (every factor at its central value).
package struct PlanFigure: Sendable, Hashable, Codable {
    package var p5: Double
    package var p50: Double
    package var p95: Double
    package var central: Double

    package static let zero = PlanFigure(p5: 0, p50: 0, p95: 0, central: 0)

    /// The figure of draws `values` (the last one is the central evaluation).
    package init(draws values: ArraySlice<Double>) {
        let drawn = Array(values.dropLast())
        central = values.last ?? 0
        p5 = drawn.isEmpty ? central : percentile(drawn, 5)
        p50 = drawn.isEmpty ? central : percentile(drawn, 50)
        p95 = drawn.isEmpty ? central : percentile(drawn, 95)
    }

    package init(p5: Double, p50: Double, p95: Double, central: Double) {
        self.p5 = p5
        self.p50 = p50
        self.p95 = p95
        self.central = central
    }
}
