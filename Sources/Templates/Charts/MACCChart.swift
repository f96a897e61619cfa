/// A marginal abatement cost curve: each action a bar whose width is the kgCO2e it avoids a year and whose height is
/// the value it forgoes per kg avoided, cheapest first (levers that cost nothing lie on the axis); the recommended
/// actions filled, the others outlined.
public struct MACCChart: Sendable {
    /// One action of the curve.
    public struct Action: Sendable, Equatable {
        public var label: String
        /// kgCO2e avoided (P50), > 0.
        public var avoidedKg: Double
        /// Value points forgone per kg avoided, ≥ 0.
        public var valuePerKg: Double
        /// Whether the recommended plan takes this action.
        public var isChosen: Bool

        public init(label: String, avoidedKg: Double, valuePerKg: Double, isChosen: Bool) {
            self.label = label
            self.avoidedKg = avoidedKg
            self.valuePerKg = valuePerKg
            self.isChosen = isChosen
        }
    }

    public var title: String
    public var xUnit: String
    public var yUnit: String
    /// The actions in curve order (the caller sorts them by cost).
    public var actions: [Action]
    public var format: NumberFormat

    public init(title: String, xUnit: String, yUnit: String, actions: [Action], format: NumberFormat) {
        self.title = title
        self.xUnit = xUnit
        self.yUnit = yUnit
        self.actions = actions
        self.format = format
    }

    /// The chart as an SVG element.
    public func svg() -> String {
        let total = actions.reduce(0) { $0 + max(0, $1.avoidedKg) }
        let highest = actions.map(\.valuePerKg).max() ?? 0
        let frame = ChartFrame(
            width: 720, height: 300, left: 64, right: 16, top: 28, bottom: 44, yMax: max(highest, 1e-9),
            format: format)
        var svg = frame.open(title: title, unit: yUnit)
        var x = frame.left
        for (index, action) in actions.enumerated() {
            let width = total > 0 ? max(0, action.avoidedKg) / total * frame.plotWidth : 0
            let top = frame.y(max(0, action.valuePerKg))
            let height = max(1, frame.bottom - top)
            let colour = Palette.colour(index)
            let fill = action.isChosen ? "fill=\"\(colour)\"" : "fill=\"none\" stroke=\"\(colour)\""
            svg +=
                "<rect x=\"\(coordinate(x))\" y=\"\(coordinate(frame.bottom - height))\" width=\"\(coordinate(width))\" height=\"\(coordinate(height))\" \(fill)><title>\(action.label.htmlEscaped)</title></rect>"
            x += width
        }
        svg += frame.baseline()
        svg +=
            "<text x=\"\(coordinate(frame.left + frame.plotWidth / 2))\" y=\"\(coordinate(frame.height - 8))\" text-anchor=\"middle\" class=\"axis-label\">\(xUnit.htmlEscaped) (Σ \(format.significant(total).htmlEscaped))</text>"
        return svg + "</svg>"
    }
}
