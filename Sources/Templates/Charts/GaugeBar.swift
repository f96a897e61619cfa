/// A budget gauge: one horizontal bar per figure, as a share of the budget, with the budget at 100 %.
public struct GaugeBar: Sendable {
    public var label: String
    /// Each figure's name and its share of the budget (1 = the budget).
    public var shares: [(name: String, share: Double)]

    public init(label: String, shares: [(name: String, share: Double)]) {
        self.label = label
        self.shares = shares
    }

    /// The gauge as an SVG element; bars past 150 % are cut at the edge.
    public func svg() -> String {
        let width = 560.0
        let left = 150.0
        let plot = width - left - 16
        let scale = plot / 1.5
        let rowHeight = 22.0
        let height = 20 + rowHeight * Double(shares.count) + 10
        var svg =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(coordinate(width)) \(coordinate(height))\" role=\"img\" aria-label=\"\(label.htmlEscaped)\" class=\"chart gauge\"><title>\(label.htmlEscaped)</title>"
        for (index, item) in shares.enumerated() {
            let y = 14 + rowHeight * Double(index)
            let share = max(0, min(1.5, item.share.isFinite ? item.share : 1.5))
            let colour = item.share > 1 ? "#D55E00" : "#009E73"
            svg +=
                "<text x=\"\(coordinate(left - 6))\" y=\"\(coordinate(y + 12))\" text-anchor=\"end\" class=\"tick\">\(item.name.htmlEscaped)</text>"
            svg +=
                "<rect x=\"\(coordinate(left))\" y=\"\(coordinate(y))\" width=\"\(coordinate(share * scale))\" height=\"16\" fill=\"\(colour)\"/>"
        }
        let budgetX = coordinate(left + scale)
        svg +=
            "<line x1=\"\(budgetX)\" x2=\"\(budgetX)\" y1=\"8\" y2=\"\(coordinate(height - 4))\" class=\"axis\" stroke=\"#000\"/>"
        return svg + "</svg>"
    }
}
