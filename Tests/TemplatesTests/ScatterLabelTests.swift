import Testing

@testable import Templates

@Suite struct ScatterLabelTests {
    typealias Box = (x0: Double, y0: Double, x1: Double, y1: Double)

    static func overlaps(_ a: Box, _ b: Box) -> Bool { a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1 }

    /// Sixteen cells (four services × four languages) crowded into a corner of the plot, as tiny Arabic cells crowd
    /// near the origin: every label finds a spot that overlaps no other label and no point, inside the plot.
    @Test func crowdedLabelsNeitherOverlapEachOtherNorAnyPoint() {
        let bounds: Box = (64, 16, 570, 276)
        let centres: [(x: Double, y: Double)] = (0..<16).map { index -> (x: Double, y: Double) in
            let column = Double(index % 4)
            let row = Double(index / 4)
            return (x: 70 + column * 14, y: 250 - row * 12)
        }
        let placements = ScatterChart.placeLabels(
            centres: centres, widths: Array(repeating: 13, count: 16), bounds: bounds)
        #expect(placements.count == 16)
        for (i, a) in placements.enumerated() {
            #expect(a.box.x0 >= bounds.x0 && a.box.x1 <= bounds.x1 && a.box.y0 >= bounds.y0 && a.box.y1 <= bounds.y1)
            for b in placements[(i + 1)...] { #expect(!Self.overlaps(a.box, b.box), "labels \(i)") }
            for centre in centres {
                #expect(!Self.overlaps(a.box, (centre.x - 5, centre.y - 5, centre.x + 5, centre.y + 5)), "label \(i)")
            }
        }
        // Far from its point, a label is joined to it by a leader line; beside it, it is not.
        #expect(placements.contains { $0.leader != nil })
        #expect(placements[0].leader == nil)
    }

    /// A lone point's label goes right of it, 8 units away, on the point's line (the first choice).
    @Test func aLonePointsLabelGoesRightOfIt() {
        let placement = ScatterChart.placeLabels(
            centres: [(x: 200, y: 100)], widths: [20], bounds: (64, 16, 570, 276))[0]
        #expect(placement == .init(x: 208, y: 104, anchor: "start", box: (208, 95, 228, 106), leader: nil))
    }
}
