import Testing

@testable import Templates

@Suite struct NumberFormatTests {
    @Test func frenchGroupsWithANarrowSpaceAndUsesADecimalComma() {
        let french = NumberFormat(language: .fr)
        #expect(french.decimal(1234.5, fractionDigits: 1) == "1\u{202F}234,5")
        #expect(french.decimal(-1234567, fractionDigits: 0) == "−1\u{202F}234\u{202F}567")
        #expect(french.percent(0.123) == "12,3\u{202F}%")
        #expect(french.signedPercent(0.142797) == "+14,3\u{202F}%")
        #expect(french.decimal(.nan, fractionDigits: 1) == "–")
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
        // CLDR fr abbreviated months: "févr.", "avr.", "oct."; never an invented "avri" or "octo".
        #expect(NumberFormat(language: .fr).shortMonth(year: 2025, month: 2) == "févr.\u{00A0}25")
        #expect(NumberFormat(language: .fr).shortMonth(year: 2025, month: 4) == "avr.\u{00A0}25")
        #expect(NumberFormat(language: .fr).shortMonthName(10) == "oct.")
        #expect(NumberFormat(language: .fr).shortMonthName(12) == "déc.")
        #expect(NumberFormat(language: .es).month(year: 2025, month: 3) == "marzo de 2025")
        #expect(NumberFormat(language: .es).date(year: 2026, month: 11, day: 29) == "29 de noviembre de 2026")
        #expect(NumberFormat(language: .es).shortMonthName(9) == "sept")
        #expect(NumberFormat(language: .ar).month(year: 2025, month: 3) == "مارس 2025")
    }

    @Test func spanishGroupsFromFiveDigitsWithAPointAndUsesADecimalComma() {
        let spanish = NumberFormat(language: .es)
        // CLDR es: minimumGroupingDigits 2, so 1234 is not grouped but 12345 is.
        #expect(spanish.decimal(1234.5, fractionDigits: 1) == "1234,5")
        #expect(spanish.decimal(12345.6, fractionDigits: 1) == "12.345,6")
        #expect(spanish.percent(0.128) == "12,8\u{00A0}%")
    }

    @Test func arabicKeepsWesternDigitsAndMarksSignsLeftToRight() {
        let arabic = NumberFormat(language: .ar)
        #expect(arabic.decimal(1234.5, fractionDigits: 1) == "1,234.5")
        #expect(arabic.percent(0.128) == "12.8%")
        #expect(arabic.decimal(-2, fractionDigits: 0) == "\u{200E}−2")
        #expect(arabic.signedPercent(0.143) == "\u{200E}+14.3%")
    }

    @Test func numbersBuiltInCodeAreRewrittenInTheReportLanguage() {
        let french = NumberFormat(language: .fr)
        #expect(french.localisingNumbers(in: "score 0.861 ≥ 0.60") == "score 0,861 ≥ 0,60")
        #expect(french.localisingNumbers(in: "730 h → 1.5 × busy h") == "730 h → 1,5 × busy h")
        // Identifiers and versions keep their points: a model name, a month, a UUID-like run id.
        #expect(
            french.localisingNumbers(in: "NLLB-200 3.3B, 2025-03, v1.2.3, 5715bd6f-a416")
                == "NLLB-200 3.3B, 2025-03, v1.2.3, 5715bd6f-a416")
        // A negative number after a space or a bracket keeps its sign and takes the language's decimal comma.
        #expect(french.localisingNumbers(in: "(rangs -0.37, -2)") == "(rangs -0,37, -2)")
        #expect(NumberFormat(language: .en).localisingNumbers(in: "0.861") == "0.861")
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
