/// A forecast fan chart as inline SVG: the P5–P95 band, the P50 line, a horizontal budget line and a marker at the
/// month the budget is crossed. Ticks are round numbers; the y axis names its unit.
public struct FanChart: Sendable {
    /// The chart's title, also its accessible name.
    public var title: String
    /// The y axis's unit, such as `kgCO2e per month`.
    public var unit: String
    /// One label per forecast month.
    public var categories: [String]
    /// The 5th percentile per month: the band's lower edge.
    public var p5: [Double]
    /// The median per month: the line.
    public var p50: [Double]
    /// The 95th percentile per month: the band's upper edge.
    public var p95: [Double]
    /// The monthly budget (annual ÷ 12), drawn as a dashed line; `nil` draws none.
    public var budget: Double?
    /// The budget line's label.
    public var budgetLabel: String
    /// Index of the month the P50 path crosses the budget.
    public var crossingIndex: Int?
    /// The label of the crossing marker, such as `crossed Apr 25`.
    public var crossingLabel: String
    /// The number format of the tick labels.
    public var format: NumberFormat
    /// A second path drawn as a dashed line, such as the recommended plan's; `nil` draws none.
    public var secondLine: [Double]?
    /// The second path's legend label.
    public var secondLineLabel = ""
    /// The SVG's width, in its own units.
    public var width = 640.0
    /// The SVG's height, in its own units.
    public var height = 300.0

    /// A fan chart of the forecast's P5–P95 band and median, with an optional budget line.
    public init(
        title: String, unit: String, categories: [String], p5: [Double], p50: [Double], p95: [Double],
        budget: Double?, budgetLabel: String, crossingIndex: Int?, crossingLabel: String, format: NumberFormat
    ) {
        self.title = title
        self.unit = unit
        self.categories = categories
        self.p5 = p5
        self.p50 = p50
        self.p95 = p95
        self.budget = budget
        self.budgetLabel = budgetLabel
        self.crossingIndex = crossingIndex
        self.crossingLabel = crossingLabel
        self.format = format
    }

    /// The chart's SVG element: text escaped, coordinates with at most two decimals, byte-stable.
    public func svg() -> String {
        let frame = ChartFrame(
            width: width, height: height, left: 64, right: 16, top: 20, bottom: 56,
            yMax: max(p95.max() ?? 1, budget ?? 0, secondLine?.max() ?? 0), format: format)
        let left = frame.left
        let right = width - frame.left - frame.plotWidth
        let top = frame.top
        let plotWidth = frame.plotWidth
        let plotHeight = frame.plotHeight
        let count = max(1, categories.count - 1)
        func x(_ index: Int) -> Double { left + plotWidth * Double(index) / Double(count) }
        func y(_ value: Double) -> Double { frame.y(value) }
        var svg = frame.open(title: title, unit: unit)
        let upper = p95.indices.map { "\(coordinate(x($0))),\(coordinate(y(p95[$0])))" }
        let lower = p5.indices.reversed().map { "\(coordinate(x($0))),\(coordinate(y(p5[$0])))" }
        svg +=
            "<polygon points=\"\((upper + lower).joined(separator: " "))\" fill=\"\(Palette.colour(0))\" fill-opacity=\"0.2\" stroke=\"none\"><title>P5–P95</title></polygon>"
        svg +=
            "<polyline points=\"\(p50.indices.map { "\(coordinate(x($0))),\(coordinate(y(p50[$0])))" }.joined(separator: " "))\" fill=\"none\" stroke=\"\(Palette.colour(0))\" stroke-width=\"2\"/>"
        if let secondLine {
            svg +=
                "<polyline points=\"\(secondLine.indices.map { "\(coordinate(x($0))),\(coordinate(y(secondLine[$0])))" }.joined(separator: " "))\" fill=\"none\" stroke=\"\(Palette.colour(2))\" stroke-width=\"2\" stroke-dasharray=\"4 3\"/>"
        }
        if let budget {
            svg +=
                "<line x1=\"\(coordinate(left))\" x2=\"\(coordinate(width - right))\" y1=\"\(coordinate(y(budget)))\" y2=\"\(coordinate(y(budget)))\" stroke=\"\(Palette.colour(5))\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>"
            svg +=
                "<text x=\"\(coordinate(width - right - 4))\" y=\"\(coordinate(y(budget) - 6))\" text-anchor=\"end\" class=\"legend\" fill=\"\(Palette.colour(5))\">\(budgetLabel.htmlEscaped)</text>"
        }
        if let crossingIndex, crossingIndex < p50.count {
            let cx = x(crossingIndex)
            svg +=
                "<line x1=\"\(coordinate(cx))\" x2=\"\(coordinate(cx))\" y1=\"\(coordinate(top))\" y2=\"\(coordinate(top + plotHeight))\" stroke=\"\(Palette.colour(5))\" stroke-width=\"1\"/>"
            let anchor = cx > left + plotWidth * 0.7 ? "end" : "start"
            svg +=
                "<text x=\"\(coordinate(cx + (anchor == "end" ? -4 : 4)))\" y=\"\(coordinate(top + 12))\" text-anchor=\"\(anchor)\" class=\"legend\">\(crossingLabel.htmlEscaped)</text>"
        }
        // Label every k-th month so labels never overlap: at most 8 labels.
        let step = max(1, (categories.count + 7) / 8)
        for (index, category) in categories.enumerated() where index % step == 0 {
            svg +=
                "<text x=\"\(coordinate(x(index)))\" y=\"\(coordinate(top + plotHeight + 16))\" text-anchor=\"middle\" class=\"tick\">\(category.htmlEscaped)</text>"
        }
        svg += frame.baseline()
        let legendY = top + plotHeight + 40
        svg +=
            "<rect x=\"\(coordinate(left))\" y=\"\(coordinate(legendY - 9))\" width=\"14\" height=\"10\" fill=\"\(Palette.colour(0))\" fill-opacity=\"0.2\"/><text x=\"\(coordinate(left + 18))\" y=\"\(coordinate(legendY))\" class=\"legend\">P5–P95</text>"
        svg +=
            "<line x1=\"\(coordinate(left + 90))\" x2=\"\(coordinate(left + 104))\" y1=\"\(coordinate(legendY - 4))\" y2=\"\(coordinate(legendY - 4))\" stroke=\"\(Palette.colour(0))\" stroke-width=\"2\"/><text x=\"\(coordinate(left + 108))\" y=\"\(coordinate(legendY))\" class=\"legend\">P50</text>"
        if secondLine != nil {
            svg +=
                "<line x1=\"\(coordinate(left + 150))\" x2=\"\(coordinate(left + 164))\" y1=\"\(coordinate(legendY - 4))\" y2=\"\(coordinate(legendY - 4))\" stroke=\"\(Palette.colour(2))\" stroke-width=\"2\" stroke-dasharray=\"4 3\"/><text x=\"\(coordinate(left + 168))\" y=\"\(coordinate(legendY))\" class=\"legend\">\(secondLineLabel.htmlEscaped)</text>"
        }
        return svg + "</svg>"
    }
}
