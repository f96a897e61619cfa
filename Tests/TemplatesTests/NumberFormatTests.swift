import Testing

@testable import Templates

@Suite struct NumberFormatTests {
    @Test func frenchGroupsWithANarrowSpaceAndUsesADecimalComma() {
        let french = NumberFormat(language: .fr)
        #expect(french.decimal(1234.5, fractionDigits: 1) == "1\u{202F}234,5")
        #expect(french.decimal(-1234567, fractionDigits: 0) == "−1\u{202F}234\u{202F}567")
        #expect(french.percent(0.123) == "12,3\u{202F}%")
    }

    @Test func englishGroupsWithCommas() {
        let english = NumberFormat(language: .en)
        #expect(english.decimal(1234.5, fractionDigits: 1) == "1,234.5")
        #expect(english.signedPercent(0.142797) == "+14.3%")
        #expect(english.significant(0.0123) == "0.0123")
        #expect(english.significant(51.2828) == "51.3")
    }

    @Test func datesAreWrittenInTheReportLanguage() {
        #expect(NumberFormat(language: .fr).date(year: 2026, month: 11, day: 29) == "29 novembre 2026")
        #expect(NumberFormat(language: .en).date(year: 2026, month: 11, day: 29) == "29 November 2026")
        #expect(NumberFormat(language: .fr).shortMonth(year: 2025, month: 2) == "févr 25")
    }
}

@Suite struct ChartTests {
    @Test func ticksAreRoundNumbersCoveringTheRange() {
        #expect(niceTicks(low: 0, high: 51.28) == [0, 10, 20, 30, 40, 50, 60])
        // 0.73 / 5 = 0.146 → step 0.1 (fraction 1.46 < 1.5), no float noise such as 0.30000000000000004.
        #expect(niceTicks(low: 0, high: 0.73) == [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8])
        #expect(niceTicks(low: 0, high: 0) == [0, 1])
    }

    @Test func userTextIsEscapedInsideTheSVG() {
        let chart = StackedBarChart(
            title: "<script>", unit: "kg", categories: ["M&S"], series: [("\"evil\" <b>", [1])],
            format: NumberFormat(language: .en))
        let svg = chart.svg()
        #expect(!svg.contains("<script>"))
        #expect(svg.contains("&lt;script&gt;"))
        #expect(svg.contains("M&amp;S"))
        #expect(svg.contains("&quot;evil&quot; &lt;b&gt;"))
    }
}
