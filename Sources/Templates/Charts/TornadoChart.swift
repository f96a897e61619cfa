import Foundation

/// A tornado chart: one horizontal bar per input, from the figure at its low end to the figure at its high end,
/// around a vertical line at the central figure; the largest swing on top (the caller sorts the bars). Factor bars
/// and convention bars take two colours of ``Palette``.
public struct TornadoChart: Sendable {
    /// One input's bar.
    public struct Bar: Sendable, Equatable {
        public var label: String
        /// The figure at the input's low end and at its high end (either may be the larger).
        public var lowValue: Double
        public var highValue: Double
        /// A methodological convention rather than a factor's range. A factor's label is its key, an identifier
        /// rather than prose: it is marked `lang="zxx"` (no linguistic content), as the tables put keys in `<code>`.
        public var isConvention: Bool

        public init(label: String, lowValue: Double, highValue: Double, isConvention: Bool) {
            self.label = label
            self.lowValue = lowValue
            self.highValue = highValue
            self.isConvention = isConvention
        }
    }

    public var title: String
    public var unit: String
    public var central: Double
    public var bars: [Bar]
    public var format: NumberFormat

    public init(title: String, unit: String, central: Double, bars: [Bar], format: NumberFormat) {
        self.title = title
        self.unit = unit
        self.central = central
        self.bars = bars
        self.format = format
    }

    /// The chart as an SVG element.
    public func svg() -> String {
        let rowHeight = 22.0
        let left = 230.0
        let right = 24.0
        let top = 28.0
        let width = 720.0
        let height = top + rowHeight * Double(max(bars.count, 1)) + 44
        let values = bars.flatMap { [$0.lowValue, $0.highValue] } + [central]
        let ticks = niceTicks(low: 0, high: max(values.max() ?? 1, 1e-9))
        let xMax = ticks.last ?? 1
        let plotWidth = width - left - right
        func x(_ value: Double) -> Double { left + max(0, value) / xMax * plotWidth }
        var svg =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(coordinate(width)) \(coordinate(height))\" role=\"img\" aria-label=\"\(title.htmlEscaped)\" class=\"chart\"><title>\(title.htmlEscaped)</title>"
        let bottom = top + rowHeight * Double(max(bars.count, 1))
        for tick in ticks {
            svg +=
                "<line x1=\"\(coordinate(x(tick)))\" x2=\"\(coordinate(x(tick)))\" y1=\"\(coordinate(top))\" y2=\"\(coordinate(bottom))\" class=\"grid\"/>"
            svg +=
                "<text x=\"\(coordinate(x(tick)))\" y=\"\(coordinate(bottom + 16))\" text-anchor=\"middle\" class=\"tick\">\(format.significant(tick).htmlEscaped)</text>"
        }
        for (index, bar) in bars.enumerated() {
            let y = top + rowHeight * Double(index)
            let start = x(min(bar.lowValue, bar.highValue))
            let end = x(max(bar.lowValue, bar.highValue))
            let colour = Palette.colour(bar.isConvention ? 1 : 0)
            let lang = bar.isConvention ? "" : " lang=\"zxx\""
            svg +=
                "<text x=\"\(coordinate(left - 6))\" y=\"\(coordinate(y + rowHeight * 0.68))\" text-anchor=\"end\" class=\"tick\"\(lang)>\(bar.label.htmlEscaped)</text>"
            svg +=
                "<rect x=\"\(coordinate(start))\" y=\"\(coordinate(y + 4))\" width=\"\(coordinate(max(1, end - start)))\" height=\"\(coordinate(rowHeight - 8))\" fill=\"\(colour)\"\(lang)><title>\(bar.label.htmlEscaped): \(format.significant(bar.lowValue).htmlEscaped) – \(format.significant(bar.highValue).htmlEscaped)</title></rect>"
        }
        svg +=
            "<line x1=\"\(coordinate(x(central)))\" x2=\"\(coordinate(x(central)))\" y1=\"\(coordinate(top - 6))\" y2=\"\(coordinate(bottom))\" class=\"axis\"/>"
        svg +=
            "<text x=\"\(coordinate(x(central)))\" y=\"\(coordinate(top - 10))\" text-anchor=\"middle\" class=\"tick\">\(format.significant(central).htmlEscaped)</text>"
        svg +=
            "<text x=\"\(coordinate(left + plotWidth / 2))\" y=\"\(coordinate(height - 8))\" text-anchor=\"middle\" class=\"axis-label\">\(unit.htmlEscaped)</text>"
        return svg + "</svg>"
    }
}
