/// The frame every chart shares: the SVG element with its title, horizontal grid lines with round tick values on the
/// y axis, the y axis's unit, and the baseline. Coordinates are in the SVG's own units.
struct ChartFrame {
    let width: Double
    let height: Double
    let left: Double
    let top: Double
    let plotWidth: Double
    let plotHeight: Double
    /// Round y tick values, the last being the top of the axis.
    let ticks: [Double]
    let format: NumberFormat

    init(
        width: Double, height: Double, left: Double, right: Double, top: Double, bottom: Double, yMax: Double,
        format: NumberFormat
    ) {
        self.width = width
        self.height = height
        self.left = left
        self.top = top
        plotWidth = width - left - right
        plotHeight = height - top - bottom
        ticks = niceTicks(low: 0, high: yMax)
        self.format = format
    }

    var topValue: Double { ticks.last ?? 1 }
    var bottom: Double { top + plotHeight }

    /// The y coordinate of a value.
    func y(_ value: Double) -> Double { top + plotHeight - value / topValue * plotHeight }

    /// `<svg …><title>…</title>`, then the grid, the tick labels and the y axis's unit.
    func open(title: String, unit: String) -> String {
        var svg =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(coordinate(width)) \(coordinate(height))\" role=\"img\" aria-label=\"\(title.htmlEscaped)\" class=\"chart\"><title>\(title.htmlEscaped)</title>"
        for tick in ticks {
            svg +=
                "<line x1=\"\(coordinate(left))\" x2=\"\(coordinate(left + plotWidth))\" y1=\"\(coordinate(y(tick)))\" y2=\"\(coordinate(y(tick)))\" class=\"grid\"/>"
            svg +=
                "<text x=\"\(coordinate(left - 6))\" y=\"\(coordinate(y(tick) + 4))\" text-anchor=\"end\" class=\"tick\">\(format.significant(tick).htmlEscaped)</text>"
        }
        let middle = coordinate(top + plotHeight / 2)
        svg +=
            "<text x=\"12\" y=\"\(middle)\" transform=\"rotate(-90 12 \(middle))\" text-anchor=\"middle\" class=\"axis-label\">\(unit.htmlEscaped)</text>"
        return svg
    }

    /// The x axis line.
    func baseline() -> String {
        "<line x1=\"\(coordinate(left))\" x2=\"\(coordinate(left + plotWidth))\" y1=\"\(coordinate(bottom))\" y2=\"\(coordinate(bottom))\" class=\"axis\"/>"
    }
}
