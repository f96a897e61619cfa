/// A stacked bar chart as inline SVG: one bar per category (month), one stacked segment per series (service).
///
/// Axis ticks are round numbers, the y axis names its unit, the legend sits below the plot so labels do not overlap,
/// and every segment has a `<title>` with its exact value. Text is escaped.
public struct StackedBarChart: Sendable {
    /// The chart's title, also its accessible name.
    public var title: String
    /// The y axis's unit, such as `kgCO2e`.
    public var unit: String
    /// One label per bar (a month), left to right.
    public var categories: [String]
    /// Series name and one value per category.
    public var series: [(name: String, values: [Double])]
    /// The number format of the tick labels and tooltips.
    public var format: NumberFormat
    /// The SVG's width, in its own units.
    public var width = 640.0
    /// The SVG's height, in its own units.
    public var height = 300.0

    /// A chart of `series` stacked over `categories`.
    public init(
        title: String, unit: String, categories: [String], series: [(name: String, values: [Double])],
        format: NumberFormat
    ) {
        self.title = title
        self.unit = unit
        self.categories = categories
        self.series = series
        self.format = format
    }

    /// The chart's SVG element.
    public func svg() -> String {
        let legendRows = Double((series.count + 2) / 3)
        let totals = categories.indices.map { index in series.reduce(0) { $0 + max(0, $1.values[index]) } }
        let frame = ChartFrame(
            width: width, height: height, left: 64, right: 16, top: 16, bottom: 40 + legendRows * 18,
            yMax: totals.max() ?? 1, format: format)
        let left = frame.left
        let top = frame.top
        let plotWidth = frame.plotWidth
        let plotHeight = frame.plotHeight
        func y(_ value: Double) -> Double { frame.y(value) }
        var svg = frame.open(title: title, unit: unit)
        let slot = plotWidth / Double(max(1, categories.count))
        let barWidth = min(56, slot * 0.6)
        for (index, category) in categories.enumerated() {
            let x = left + slot * Double(index) + (slot - barWidth) / 2
            var base = 0.0
            for (seriesIndex, entry) in series.enumerated() {
                let value = max(0, entry.values[index])
                guard value > 0 else { continue }
                let y0 = y(base + value)
                let h = y(base) - y0
                svg +=
                    "<rect x=\"\(coordinate(x))\" y=\"\(coordinate(y0))\" width=\"\(coordinate(barWidth))\" height=\"\(coordinate(h))\" fill=\"\(Palette.colour(seriesIndex))\"><title>\(entry.name.htmlEscaped), \(category.htmlEscaped): \(format.significant(value)) \(unit.htmlEscaped)</title></rect>"
                base += value
            }
            svg +=
                "<text x=\"\(coordinate(x + barWidth / 2))\" y=\"\(coordinate(top + plotHeight + 16))\" text-anchor=\"middle\" class=\"tick\">\(category.htmlEscaped)</text>"
        }
        svg += frame.baseline()
        let columnWidth = plotWidth / 3
        for (index, entry) in series.enumerated() {
            let lx = left + Double(index % 3) * columnWidth
            let ly = top + plotHeight + 34 + Double(index / 3) * 18
            svg +=
                "<rect x=\"\(coordinate(lx))\" y=\"\(coordinate(ly - 9))\" width=\"10\" height=\"10\" fill=\"\(Palette.colour(index))\"/>"
            svg +=
                "<text x=\"\(coordinate(lx + 14))\" y=\"\(coordinate(ly))\" class=\"legend\">\(String(entry.name.prefix(34)).htmlEscaped)</text>"
        }
        return svg + "</svg>"
    }
}
