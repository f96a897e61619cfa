import Foundation

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
    /// The note written when the y axis is cut, with `{value}` for the highest cost (`bars cut at the top: up to
    /// {value}`); without it the axis is never cut.
    public var cutNote: String?

    public init(
        title: String, xUnit: String, yUnit: String, actions: [Action], format: NumberFormat, cutNote: String? = nil
    ) {
        self.title = title
        self.xUnit = xUnit
        self.yUnit = yUnit
        self.actions = actions
        self.format = format
        self.cutNote = cutNote
    }

    /// The top of the y axis: the highest cost, or, when a bar too narrow to see (under 1 % of the width) costs over
    /// twice what any visible bar does, the highest cost of the visible bars, so the curve a reader can see is not
    /// flattened against the axis by slivers.
    func yTop(total: Double) -> (value: Double, isCut: Bool) {
        let highest = actions.map(\.valuePerKg).max() ?? 0
        guard cutNote != nil, total > 0 else { return (highest, false) }
        let visible = actions.filter { $0.avoidedKg / total >= 0.01 }.map(\.valuePerKg).max() ?? 0
        return visible > 0 && highest > 2 * visible ? (visible, true) : (highest, false)
    }

    /// The chart as an SVG element.
    public func svg() -> String {
        let total = actions.reduce(0) { $0 + max(0, $1.avoidedKg) }
        let highest = actions.map(\.valuePerKg).max() ?? 0
        let (yMax, isCut) = yTop(total: total)
        let frame = ChartFrame(
            width: 720, height: 300, left: 64, right: 16, top: 28, bottom: 44, yMax: max(yMax, 1e-9),
            format: format)
        var svg = frame.open(title: title, unit: yUnit)
        var x = frame.left
        for (index, action) in actions.enumerated() {
            let width = total > 0 ? max(0, action.avoidedKg) / total * frame.plotWidth : 0
            let top = frame.y(min(frame.topValue, max(0, action.valuePerKg)))
            // A lever that costs nothing lies on the axis: a thin bar still shows its width.
            let height = max(2, frame.bottom - top)
            let colour = Palette.colour(index)
            let fill = action.isChosen ? "fill=\"\(colour)\"" : "fill=\"none\" stroke=\"\(colour)\""
            svg +=
                "<rect x=\"\(coordinate(x))\" y=\"\(coordinate(frame.bottom - height))\" width=\"\(coordinate(width))\" height=\"\(coordinate(height))\" \(fill)><title>\(action.label.htmlEscaped)</title></rect>"
            x += width
        }
        svg += frame.baseline()
        if isCut, let cutNote {
            let note = cutNote.replacingOccurrences(of: "{value}", with: format.significant(highest))
            svg +=
                "<text x=\"\(coordinate(frame.left + frame.plotWidth))\" y=\"\(coordinate(frame.top - 10))\" text-anchor=\"end\" class=\"tick\">\(note.htmlEscaped)</text>"
        }
        svg +=
            "<text x=\"\(coordinate(frame.left + frame.plotWidth / 2))\" y=\"\(coordinate(frame.height - 8))\" text-anchor=\"middle\" class=\"axis-label\">\(xUnit.htmlEscaped) (Σ \(format.significant(total).htmlEscaped))</text>"
        return svg + "</svg>"
    }
}
