/// A stacked bar chart as inline SVG: one bar per category (month), one stacked segment per series (service).
///
/// Axis ticks are round numbers, the y axis names its unit, the legend sits below the plot so labels do not overlap,
/// and every segment has a `<title>` with its exact value. Text is escaped.
public struct StackedBarChart: Sendable {
    public var title: String
    public var unit: String
    public var categories: [String]
    /// Series name and one value per category.
    public var series: [(name: String, values: [Double])]
    public var format: NumberFormat
    public var width = 640.0
    public var height = 300.0

    public init(title: String, unit: String, categories: [String], series: [(name: String, values: [Double])], format: NumberFormat) {
        self.title = title
        self.unit = unit
        self.categories = categories
        self.series = series
        self.format = format
    }

    /// The chart's SVG element.
    public func svg() -> String {
        let left = 64.0
        let right = 16.0
        let top = 16.0
        let legendRows = Double((series.count + 2) / 3)
        let bottom = 40.0 + legendRows * 18
        let plotWidth = width - left - right
        let plotHeight = height - top - bottom
        let totals = categories.indices.map { index in series.reduce(0) { $0 + max(0, $1.values[index]) } }
        let ticks = niceTicks(low: 0, high: totals.max() ?? 1)
        let topValue = ticks.last ?? 1
        func y(_ value: Double) -> Double { top + plotHeight - value / topValue * plotHeight }
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(coordinate(width)) \(coordinate(height))\" role=\"img\" aria-label=\"\(title.htmlEscaped)\" class=\"chart\">"
        svg += "<title>\(title.htmlEscaped)</title>"
        for tick in ticks {
            svg += "<line x1=\"\(coordinate(left))\" x2=\"\(coordinate(width - right))\" y1=\"\(coordinate(y(tick)))\" y2=\"\(coordinate(y(tick)))\" class=\"grid\"/>"
            svg += "<text x=\"\(coordinate(left - 6))\" y=\"\(coordinate(y(tick) + 4))\" text-anchor=\"end\" class=\"tick\">\(format.significant(tick).htmlEscaped)</text>"
        }
        svg += "<text x=\"12\" y=\"\(coordinate(top + plotHeight / 2))\" transform=\"rotate(-90 12 \(coordinate(top + plotHeight / 2)))\" text-anchor=\"middle\" class=\"axis-label\">\(unit.htmlEscaped)</text>"
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
                svg += "<rect x=\"\(coordinate(x))\" y=\"\(coordinate(y0))\" width=\"\(coordinate(barWidth))\" height=\"\(coordinate(h))\" fill=\"\(Palette.colour(seriesIndex))\"><title>\(entry.name.htmlEscaped), \(category.htmlEscaped): \(format.significant(value)) \(unit.htmlEscaped)</title></rect>"
                base += value
            }
            svg += "<text x=\"\(coordinate(x + barWidth / 2))\" y=\"\(coordinate(top + plotHeight + 16))\" text-anchor=\"middle\" class=\"tick\">\(category.htmlEscaped)</text>"
        }
        svg += "<line x1=\"\(coordinate(left))\" x2=\"\(coordinate(width - right))\" y1=\"\(coordinate(top + plotHeight))\" y2=\"\(coordinate(top + plotHeight))\" class=\"axis\"/>"
        let columnWidth = plotWidth / 3
        for (index, entry) in series.enumerated() {
            let lx = left + Double(index % 3) * columnWidth
            let ly = top + plotHeight + 34 + Double(index / 3) * 18
            svg += "<rect x=\"\(coordinate(lx))\" y=\"\(coordinate(ly - 9))\" width=\"10\" height=\"10\" fill=\"\(Palette.colour(index))\"/>"
            svg += "<text x=\"\(coordinate(lx + 14))\" y=\"\(coordinate(ly))\" class=\"legend\">\(String(entry.name.prefix(34)).htmlEscaped)</text>"
        }
        return svg + "</svg>"
    }
}
