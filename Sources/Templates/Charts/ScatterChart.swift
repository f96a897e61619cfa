/// A value-against-carbon scatter plot as inline SVG, with the Pareto front (no other point has less carbon and
/// more value) joined by a line and its points filled. Labels are placed beside points and moved down when they
/// would overlap an earlier label.
public struct ScatterChart: Sendable {
    /// One point: a cell, its carbon (x) and its value (y).
    public struct Point: Sendable {
        /// The label written beside the point.
        public var label: String
        /// The x value: kgCO2e over the next 12 months.
        public var x: Double
        /// The y value: value points a month.
        public var y: Double
        /// The index of the point's group (its service) in ``ScatterChart/groupNames``: its colour.
        public var group: Int

        /// A point of `group`.
        public init(label: String, x: Double, y: Double, group: Int) {
            self.label = label
            self.x = x
            self.y = y
            self.group = group
        }
    }

    /// The chart's title, also its accessible name.
    public var title: String
    /// The x axis's unit.
    public var xUnit: String
    /// The y axis's unit.
    public var yUnit: String
    /// The points, in the order their labels are placed.
    public var points: [Point]
    /// The legend's group names, by group index.
    public var groupNames: [String]
    /// The legend's label of the Pareto front line.
    public var frontLabel: String
    /// The number format of the tick labels and tooltips.
    public var format: NumberFormat
    /// The SVG's width, in its own units.
    public var width = 640.0
    /// The SVG's height, in its own units.
    public var height = 340.0

    /// A scatter plot of `points` with their Pareto front.
    public init(
        title: String, xUnit: String, yUnit: String, points: [Point], groupNames: [String], frontLabel: String,
        format: NumberFormat
    ) {
        self.title = title
        self.xUnit = xUnit
        self.yUnit = yUnit
        self.points = points
        self.groupNames = groupNames
        self.frontLabel = frontLabel
        self.format = format
    }

    /// Indices of the points on the Pareto front (minimise x, maximise y), by increasing x.
    public static func paretoFront(_ points: [Point]) -> [Int] {
        let order = points.indices.sorted { (points[$0].x, -points[$0].y) < (points[$1].x, -points[$1].y) }
        var front: [Int] = []
        var best = -Double.infinity
        for index in order where points[index].y > best {
            front.append(index)
            best = points[index].y
        }
        return front
    }

    /// The chart's SVG element: labels placed so that none overlaps another or a point; text escaped.
    public func svg() -> String {
        let frame = ChartFrame(
            width: width, height: height, left: 64, right: 110, top: 16, bottom: 64,
            yMax: points.map(\.y).max() ?? 1, format: format)
        let left = frame.left
        let top = frame.top
        let plotWidth = frame.plotWidth
        let plotHeight = frame.plotHeight
        let xTicks = niceTicks(low: 0, high: points.map(\.x).max() ?? 1)
        let xMax = xTicks.last ?? 1
        func x(_ value: Double) -> Double { left + value / xMax * plotWidth }
        func y(_ value: Double) -> Double { frame.y(value) }
        var svg = frame.open(title: title, unit: yUnit)
        for tick in xTicks {
            svg +=
                "<text x=\"\(coordinate(x(tick)))\" y=\"\(coordinate(top + plotHeight + 16))\" text-anchor=\"middle\" class=\"tick\">\(format.significant(tick).htmlEscaped)</text>"
        }
        svg += frame.baseline()
        svg +=
            "<line x1=\"\(coordinate(left))\" x2=\"\(coordinate(left))\" y1=\"\(coordinate(top))\" y2=\"\(coordinate(top + plotHeight))\" class=\"axis\"/>"
        svg +=
            "<text x=\"\(coordinate(left + plotWidth / 2))\" y=\"\(coordinate(top + plotHeight + 34))\" text-anchor=\"middle\" class=\"axis-label\">\(xUnit.htmlEscaped)</text>"
        let front = Self.paretoFront(points)
        if front.count > 1 {
            svg +=
                "<polyline points=\"\(front.map { "\(coordinate(x(points[$0].x))),\(coordinate(y(points[$0].y)))" }.joined(separator: " "))\" fill=\"none\" stroke=\"#1d2733\" stroke-width=\"1\" stroke-dasharray=\"4 3\"/>"
        }
        // Labels go right of their point, else left, above or below: the first place that overlaps no other
        // label and no point, and stays inside the plot.
        let centres = points.map { (x: x($0.x), y: y($0.y)) }
        var boxes: [(x0: Double, y0: Double, x1: Double, y1: Double)] = []
        for (index, point) in points.enumerated() {
            let (px, py) = centres[index]
            let colour = Palette.colour(point.group)
            let onFront = front.contains(index)
            svg +=
                "<circle cx=\"\(coordinate(px))\" cy=\"\(coordinate(py))\" r=\"\(onFront ? 5 : 4)\" fill=\"\(onFront ? colour : "#ffffff")\" stroke=\"\(colour)\" stroke-width=\"2\"><title>\(point.label.htmlEscaped): \(format.significant(point.x)) \(xUnit.htmlEscaped), \(format.significant(point.y)) \(yUnit.htmlEscaped)</title></circle>"
        }
        for (index, point) in points.enumerated() {
            let (px, py) = centres[index]
            let textWidth = Double(point.label.count) * 6.5
            let candidates: [(x: Double, y: Double, anchor: String)] = [
                (px + 8, py + 4, "start"), (px - 8, py + 4, "end"), (px, py - 9, "middle"), (px, py + 15, "middle"),
                (px + 8, py - 8, "start"), (px - 8, py - 8, "end"), (px + 8, py + 14, "start"),
                (px - 8, py + 14, "end"),
            ]
            func box(_ c: (x: Double, y: Double, anchor: String)) -> (x0: Double, y0: Double, x1: Double, y1: Double) {
                let x0 = c.anchor == "start" ? c.x : c.anchor == "end" ? c.x - textWidth : c.x - textWidth / 2
                return (x0, c.y - 9, x0 + textWidth, c.y + 2)
            }
            func clear(_ b: (x0: Double, y0: Double, x1: Double, y1: Double)) -> Bool {
                guard b.x0 >= left, b.x1 <= left + plotWidth + 40, b.y0 >= top, b.y1 <= top + plotHeight else {
                    return false
                }
                let overlapsLabel = boxes.contains { $0.x0 < b.x1 && b.x0 < $0.x1 && $0.y0 < b.y1 && b.y0 < $0.y1 }
                let overlapsPoint = centres.contains {
                    $0.x > b.x0 - 5 && $0.x < b.x1 + 5 && $0.y > b.y0 - 5 && $0.y < b.y1 + 5
                }
                return !overlapsLabel && !overlapsPoint
            }
            let chosen = candidates.first { clear(box($0)) } ?? candidates[0]
            boxes.append(box(chosen))
            svg +=
                "<text x=\"\(coordinate(chosen.x))\" y=\"\(coordinate(chosen.y))\" text-anchor=\"\(chosen.anchor)\" class=\"legend\">\(point.label.htmlEscaped)</text>"
        }
        let legendX = left + plotWidth + 16
        for (index, name) in groupNames.enumerated() {
            let ly = top + 12 + Double(index) * 18
            svg +=
                "<circle cx=\"\(coordinate(legendX + 5))\" cy=\"\(coordinate(ly - 4))\" r=\"5\" fill=\"\(Palette.colour(index))\"/><text x=\"\(coordinate(legendX + 14))\" y=\"\(coordinate(ly))\" class=\"legend\">\(String(name.prefix(16)).htmlEscaped)</text>"
        }
        let ly = top + 12 + Double(groupNames.count) * 18 + 6
        svg +=
            "<line x1=\"\(coordinate(legendX))\" x2=\"\(coordinate(legendX + 10))\" y1=\"\(coordinate(ly - 4))\" y2=\"\(coordinate(ly - 4))\" stroke=\"#1d2733\" stroke-dasharray=\"4 3\"/><text x=\"\(coordinate(legendX + 14))\" y=\"\(coordinate(ly))\" class=\"legend\">\(frontLabel.htmlEscaped)</text>"
        return svg + "</svg>"
    }
}
