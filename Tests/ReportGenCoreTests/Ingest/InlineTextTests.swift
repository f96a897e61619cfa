import Testing

@testable import ReportGenCore

@Suite struct InlineTextTests {
    @Test func aUUIDAndALongerTextRoundTripAndCompareByTheirBytes() {
        // A CodeCarbon run_id (36 bytes, held inline) and a 60-byte text (kept as a String).
        let uuid = "0e1f2d3c-4b5a-6978-8796-a5b4c3d2e1f0"
        let long = String(repeating: "ab", count: 30)
        for text in [uuid, long, "None", ""] {
            #expect(InlineText(text).string == text)
        }
        #expect(InlineText("None").equals("None"))
        #expect(!InlineText("Non").equals("None"))
        #expect(!InlineText(long).equals("None"))
        // The same bytes hash alike however the text is held.
        var a = Hash128()
        InlineText(uuid).hash(into: &a)
        var b = Hash128()
        var copy = uuid
        copy.withUTF8 { b.combine(UnsafeRawBufferPointer($0)) }
        #expect(a.finalize() == b.finalize())
    }
}
