import Testing

@testable import Templates

@Suite struct TypographyTests {
    let nbsp = "\u{00A0}"
    let narrow = "\u{202F}"

    @Test func frenchPutsANoBreakSpaceBeforeColonsAndANarrowOneBeforeSemicolonsAndQuestionMarks() {
        #expect(Typography.spaced("Évité: 12", language: .fr) == "Évité\(nbsp): 12")
        #expect(Typography.spaced("raison : x ; y ?", language: .fr) == "raison\(nbsp): x\(narrow); y\(narrow)?")
        #expect(Typography.spaced("« texte »", language: .fr) == "«\(narrow)texte\(narrow)»")
        #expect(Typography.spaced("«texte»", language: .fr) == "«\(narrow)texte\(narrow)»")
    }

    @Test func timesURLsAndCharacterReferencesAreLeftAlone() {
        #expect(Typography.spaced("08:00", language: .fr) == "08:00")
        #expect(Typography.spaced("https://x", language: .fr) == "https://x")
        #expect(Typography.spaced("A &amp; B", language: .fr) == "A &amp; B")
        #expect(Typography.spaced("Évité: 12", language: .en) == "Évité: 12")
    }

    @Test func aQuotationInAnotherLanguageKeepsItsOwnTypography() {
        let html = "<p>Source : <cite lang=\"en\">range 0.1; see: x</cite>; fin</p>"
        #expect(
            Typography.spacedHTML(html, language: .fr)
                == "<p>Source\(nbsp): <cite lang=\"en\">range 0.1; see: x</cite>\(narrow); fin</p>")
    }

    @Test func onlyTextNodesChangeAndCodeStaysAsWritten() {
        let html = "<p style=\"a:b\">Total: <code>a.csv:12</code></p><style>p { a: b; }</style><b>x</b>: y"
        #expect(
            Typography.spacedHTML(html, language: .fr)
                == "<p style=\"a:b\">Total\(nbsp): <code>a.csv:12</code></p><style>p { a: b; }</style><b>x</b>\(nbsp): y"
        )
    }
}
