import Foundation
import Matrix

/// A value-against-carbon scatter plot as inline SVG, with the Pareto front (no other point has less carbon and
/// more value) joined by a line and its points filled. Each label goes beside its point, or further away with a
/// leader line, where it overlaps no other label and no point (``placeLabels(centres:widths:bounds:)``).
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

    /// Indices of the points on the Pareto front (minimise x, maximise y), by increasing x; of equal points, the
    /// first. The plan search's front (`Matrix.paretoFront`), x as carbon and y as value.
    public static func paretoFront(_ points: [Point]) -> [Int] {
        Matrix.paretoFront(points.map { PlanCandidate(kgCO2e: $0.x, value: $0.y) })
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
        let centres = points.map { (x: x($0.x), y: y($0.y)) }
        for (index, point) in points.enumerated() {
            let (px, py) = centres[index]
            let colour = Palette.colour(point.group)
            let onFront = front.contains(index)
            svg +=
                "<circle cx=\"\(coordinate(px))\" cy=\"\(coordinate(py))\" r=\"\(onFront ? 5 : 4)\" fill=\"\(onFront ? colour : "#ffffff")\" stroke=\"\(colour)\" stroke-width=\"2\"><title>\(point.label.htmlEscaped): \(format.significant(point.x)) \(xUnit.htmlEscaped), \(format.significant(point.y)) \(yUnit.htmlEscaped)</title></circle>"
        }
        let placements = Self.placeLabels(
            centres: centres, widths: points.map { Double($0.label.count) * 6.5 },
            bounds: (x0: left, y0: top, x1: left + plotWidth + 40, y1: top + plotHeight))
        for (point, placement) in zip(points, placements) {
            if let leader = placement.leader {
                svg +=
                    "<line x1=\"\(coordinate(leader.x0))\" y1=\"\(coordinate(leader.y0))\" x2=\"\(coordinate(leader.x1))\" y2=\"\(coordinate(leader.y1))\" stroke=\"#8a949e\" stroke-width=\"0.75\"/>"
            }
            svg +=
                "<text x=\"\(coordinate(placement.x))\" y=\"\(coordinate(placement.y))\" text-anchor=\"\(placement.anchor)\" class=\"legend\">\(point.label.htmlEscaped)</text>"
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

    /// Where a label goes: its text anchor point, its alignment, its box and, when it sits away from its point, the
    /// leader line that joins them.
    public struct LabelPlacement: Sendable, Equatable {
        /// The `x` of the text element.
        public var x: Double
        /// The `y` (baseline) of the text element.
        public var y: Double
        /// `start`, `end` or `middle`.
        public var anchor: String
        /// The label's box: `x0 < x1`, `y0 < y1`.
        public var box: (x0: Double, y0: Double, x1: Double, y1: Double)
        /// The leader line from the point to the label, for labels placed away from their point.
        public var leader: (x0: Double, y0: Double, x1: Double, y1: Double)?

        public static func == (a: LabelPlacement, b: LabelPlacement) -> Bool {
            (a.x, a.y, a.anchor) == (b.x, b.y, b.anchor)
        }
    }

    /// Places each label, in order, at the first spot that overlaps no label placed before, no point and stays
    /// inside `bounds`: beside its point (right, left, above, below, then the diagonals), then on rings 18, 30, 44, 60
    /// and 80 units away with a leader line. A label with no free spot at all goes where it overlaps least.
    public static func placeLabels(
        centres: [(x: Double, y: Double)], widths: [Double], bounds: (x0: Double, y0: Double, x1: Double, y1: Double)
    ) -> [LabelPlacement] {
        typealias Box = (x0: Double, y0: Double, x1: Double, y1: Double)
        func box(x: Double, y: Double, anchor: String, width: Double) -> Box {
            let x0 = anchor == "start" ? x : anchor == "end" ? x - width : x - width / 2
            return (x0, y - 9, x0 + width, y + 2)
        }
        func overlap(_ a: Box, _ b: Box) -> Double {
            max(0, min(a.x1, b.x1) - max(a.x0, b.x0)) * max(0, min(a.y1, b.y1) - max(a.y0, b.y0))
        }
        var placed: [Box] = []
        var result: [LabelPlacement] = []
        for (index, centre) in centres.enumerated() {
            let (px, py) = centre
            var candidates: [(x: Double, y: Double, anchor: String, away: Bool)] = [
                (px + 8, py + 4, "start", false), (px - 8, py + 4, "end", false), (px, py - 9, "middle", false),
                (px, py + 15, "middle", false), (px + 8, py - 8, "start", false), (px - 8, py - 8, "end", false),
                (px + 8, py + 14, "start", false), (px - 8, py + 14, "end", false),
            ]
            for distance in [18.0, 30, 44, 60, 80] {
                for step in 0..<12 {
                    let angle = Double(step) * .pi / 6
                    let (dx, dy) = (cos(angle) * distance, sin(angle) * distance)
                    let anchor = dx > 1 ? "start" : dx < -1 ? "end" : "middle"
                    candidates.append((px + dx, py + dy + 4, anchor, true))
                }
            }
            func cost(_ b: Box) -> Double {
                let outside =
                    max(0, bounds.x0 - b.x0) + max(0, b.x1 - bounds.x1) + max(0, bounds.y0 - b.y0)
                    + max(0, b.y1 - bounds.y1)
                let labels = placed.reduce(0) { $0 + overlap($1, b) }
                let points = centres.enumerated().reduce(0.0) { sum, other in
                    sum
                        + overlap(
                            (other.element.x - 5, other.element.y - 5, other.element.x + 5, other.element.y + 5), b)
                }
                return outside * 1_000 + labels + points
            }
            let boxes = candidates.map { box(x: $0.x, y: $0.y, anchor: $0.anchor, width: widths[index]) }
            let chosen =
                boxes.indices.first { cost(boxes[$0]) == 0 }
                ?? boxes.indices.min { cost(boxes[$0]) < cost(boxes[$1]) } ?? 0
            let c = candidates[chosen]
            let b = boxes[chosen]
            placed.append(b)
            // The leader runs from the point's edge to the nearest point of the label's box.
            let lx = min(max(px, b.x0), b.x1)
            let ly = min(max(py, b.y0), b.y1)
            let length = ((lx - px) * (lx - px) + (ly - py) * (ly - py)).squareRoot()
            let leader: Box? =
                c.away && length > 6 ? (px + (lx - px) / length * 5, py + (ly - py) / length * 5, lx, ly) : nil
            result.append(LabelPlacement(x: c.x, y: c.y, anchor: c.anchor, box: b, leader: leader))
        }
        return result
    }
}
