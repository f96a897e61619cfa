import Testing

@testable import Templates

/// The byte checks that let a text through untouched give what the character walks gave.
@Suite struct TextFastPathTests {
    static let texts = [
        "", "plain", "a & b", "<b>", "\"quoted\" 'single'", "e\u{0301}&\u{0301}", "التفريغ النصي", "👩‍👩‍👧 & 😀",
        "0.861", "v3 nllb-200-3.3b 2025-03", "-0.37 et 1234.5", "sans chiffre", "٣ chiffres arabes ٤",
    ]

    @Test(arguments: texts)
    func escapesAsAWalkOverTheScalars(_ text: String) {
        var walked = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": walked += "&amp;"
            case "<": walked += "&lt;"
            case ">": walked += "&gt;"
            case "\"": walked += "&quot;"
            case "'": walked += "&#39;"
            default: walked.unicodeScalars.append(scalar)
            }
        }
        #expect(text.htmlEscaped == walked)
    }

    @Test func aQuoteThatACombiningMarkFollowsIsEscapedAllTheSame() {
        // `"` + U+0301 is one Character: escaped by characters it stayed raw and ended an SVG attribute early.
        #expect("a\"\u{0301}b".htmlEscaped == "a&quot;\u{0301}b")
        #expect("<\u{0301}x".htmlEscaped == "&lt;\u{0301}x")
        #expect(!"title=\"\u{0301}".htmlEscaped.contains("\""))
    }

    @Test(arguments: texts)
    func leavesATextWithoutADigitAsItIs(_ text: String) {
        for language in [ReportLanguage.fr, .es, .ar] {
            let localised = NumberFormat(language: language).localisingNumbers(in: text)
            if !text.contains(where: { $0.isASCII && $0.isNumber }) { #expect(localised == text) }
        }
        #expect(NumberFormat(language: .fr).localisingNumbers(in: "0.861 kg") == "0,861 kg")
    }
}
