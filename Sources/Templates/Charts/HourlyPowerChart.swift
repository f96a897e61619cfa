/// Hourly GPU power across a month as inline SVG: idle power as the lower band, the power of the work stacked on it,
/// so that busy and idle read apart. One point per hour; the x axis labels days, the y axis names its unit (W, the
/// hour's mean power: kWh in the hour × 1,000). Ticks are round numbers; text is escaped.
///
/// A month has some 744 hours: the two bands are polygons of that many points, not a rectangle per hour, so the SVG
/// stays a few tens of kilobytes.
public struct HourlyPowerChart: Sendable {
    public var title: String
    public var unit: String
    /// The mean power of idle and of the work in each hour, W, same length.
    public var idleWatts: [Double]
    public var workWatts: [Double]
    /// The hour index where each labelled day starts, and its label.
    public var dayTicks: [(index: Int, label: String)]
    public var idleLabel: String
    public var workLabel: String
    public var format: NumberFormat
    public var width = 640.0
    public var height = 260.0

    public init(
        title: String, unit: String, idleWatts: [Double], workWatts: [Double], dayTicks: [(index: Int, label: String)],
        idleLabel: String, workLabel: String, format: NumberFormat
    ) {
        precondition(idleWatts.count == workWatts.count, "one idle and one work value per hour")
        self.title = title
        self.unit = unit
        self.idleWatts = idleWatts
        self.workWatts = workWatts
        self.dayTicks = dayTicks
        self.idleLabel = idleLabel
        self.workLabel = workLabel
        self.format = format
    }

    /// The chart's SVG element.
    public func svg() -> String {
        let idle = idleWatts.map { max(0, $0) }
        let total = zip(idle, workWatts).map { $0 + max(0, $1) }
        let frame = ChartFrame(
            width: width, height: height, left: 64, right: 16, top: 16, bottom: 56, yMax: max(total.max() ?? 1, 1e-9),
            format: format)
        let count = max(1, idle.count - 1)
        func x(_ index: Int) -> Double { frame.left + frame.plotWidth * Double(index) / Double(count) }
        func point(_ index: Int, _ value: Double) -> String { "\(coordinate(x(index))),\(coordinate(frame.y(value)))" }
        var svg = frame.open(title: title, unit: unit)
        if !idle.isEmpty {
            let baseline = [point(idle.count - 1, 0), point(0, 0)]
            let idleTop = idle.indices.map { point($0, idle[$0]) }
            svg +=
                "<polygon points=\"\((idleTop + baseline).joined(separator: " "))\" fill=\"\(Palette.colour(4))\" fill-opacity=\"0.6\" stroke=\"none\"><title>\(idleLabel.htmlEscaped)</title></polygon>"
            let totalTop = total.indices.map { point($0, total[$0]) }
            let idleBack = idle.indices.reversed().map { point($0, idle[$0]) }
            svg +=
                "<polygon points=\"\((totalTop + idleBack).joined(separator: " "))\" fill=\"\(Palette.colour(5))\" fill-opacity=\"0.8\" stroke=\"none\"><title>\(workLabel.htmlEscaped)</title></polygon>"
        }
        for tick in dayTicks where tick.index < max(1, idle.count) {
            svg +=
                "<text x=\"\(coordinate(x(tick.index)))\" y=\"\(coordinate(frame.bottom + 16))\" text-anchor=\"middle\" class=\"tick\">\(tick.label.htmlEscaped)</text>"
        }
        svg += frame.baseline()
        let legendY = frame.bottom + 40
        svg +=
            "<rect x=\"\(coordinate(frame.left))\" y=\"\(coordinate(legendY - 9))\" width=\"10\" height=\"10\" fill=\"\(Palette.colour(4))\" fill-opacity=\"0.6\"/><text x=\"\(coordinate(frame.left + 14))\" y=\"\(coordinate(legendY))\" class=\"legend\">\(idleLabel.htmlEscaped)</text>"
        let second = frame.left + frame.plotWidth / 2
        svg +=
            "<rect x=\"\(coordinate(second))\" y=\"\(coordinate(legendY - 9))\" width=\"10\" height=\"10\" fill=\"\(Palette.colour(5))\" fill-opacity=\"0.8\"/><text x=\"\(coordinate(second + 14))\" y=\"\(coordinate(legendY))\" class=\"legend\">\(workLabel.htmlEscaped)</text>"
        return svg + "</svg>"
    }
}
