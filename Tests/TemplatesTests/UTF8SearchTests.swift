import Testing

@testable import Templates

/// The byte search the renderer runs before a regular expression or a replacement.
@Suite struct UTF8SearchTests {
    @Test func findsANeedleWhereACharacterSearchFindsIt() {
        let text = "GPU of translation; Mon–Fri 8–20 h; «x» -->"
        #expect(text.containsUTF8("Mon"))
        #expect(text.containsUTF8(" h"))
        #expect(!text.containsUTF8("Tue"))
        #expect(text.containsUTF8(""))
        #expect(!"".containsUTF8("a"))
        #expect(!"ab".containsUTF8("abc"))
        #expect(text.firstUTF8Range(of: "-->").map { String(text[$0]) } == "-->")
        #expect(text.firstUTF8Range(of: "«x»").map { String(text[$0]) } == "«x»")
        let sub = text.dropFirst(7)
        #expect(sub.firstUTF8Range(of: "translation").map { String(sub[$0]) } == "translation")
        #expect(sub.firstUTF8Range(of: "GPU") == nil)
        #expect(
            "aaab".firstUTF8Range(of: "aab").map { "aaab".distance(from: "aaab".startIndex, to: $0.lowerBound) } == 1)
    }
}
