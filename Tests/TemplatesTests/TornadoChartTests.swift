import Foundation
import Testing

@testable import Templates

@Suite struct TornadoChartTests {
    @Test func eachBarSpansItsLowAndHighFiguresOnOneAxisFromZero() {
        // Axis 0…1,000 (round ticks for a largest figure of 818), plot from x = 230 to 720 − 24 = 696: 466 units.
        // A bar from 265 to 818 starts at 230 + 265 ÷ 1,000 × 466 = 353.49 and is 553 ÷ 1,000 × 466 = 257.70 wide;
        // one from 608 down to 265 spans 343 ÷ 1,000 × 466 = 159.84.
        let chart = TornadoChart(
            title: "What moves it", unit: "kg", central: 515,
            bars: [
                TornadoChart.Bar(
                    label: "vm.nc4as_t4_v3.embodied_g_per_hour", lowValue: 265, highValue: 818, isConvention: false),
                TornadoChart.Bar(label: "Embodied allocation", lowValue: 608, highValue: 265, isConvention: true),
            ], format: NumberFormat(language: .en))
        let svg = chart.svg()
        #expect(svg.contains("x=\"353.49\" y=\"32\" width=\"257.7\""))
        // Low and high in either order draw the same span.
        #expect(svg.contains("x=\"353.49\" y=\"54\" width=\"159.84\""))
        #expect(svg.components(separatedBy: "<rect").count - 1 == 2)
        // A factor's key is an identifier, not prose; a convention's name is prose.
        #expect(svg.contains("class=\"tick\" lang=\"zxx\">vm.nc4as_t4_v3.embodied_g_per_hour</text>"))
        #expect(svg.contains("class=\"tick\">Embodied allocation</text>"))
    }
}
