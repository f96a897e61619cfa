import Testing

@testable import ReportGenCore

/// The usage log's byte-level fields: keys told apart by their bytes, not by their length and first letter alone.
@Suite struct UsageLineFieldsTests {
    func parse(_ line: String) -> UsageLineFields? {
        var fields = UsageLineFields()
        var text = line
        let parsed = text.withUTF8 { fields.parse(UnsafeRawBufferPointer($0)) }
        return parsed ? fields : nil
    }

    @Test func aKeyOfTheSameLengthAndFirstLetterIsNotTheUsageLogsKey() throws {
        // "sxrvice" (7 bytes, s) is not "service", "energy_xh" (9 bytes, e) not "energy_wh", "stator" (6, s) not
        // "status": ignored as unknown keys, so the line's service is "s", its energy absent and its status 200.
        let line =
            #"{"timestamp":"2025-03-01T10:00:00Z","sxrvice":"t","service":"s","language":"fr","stator":1,"status":200,"energy_xh":5}"#
        let fields = try #require(parse(line))
        let service = try #require(fields.service)
        #expect(Array(Array(line.utf8)[service]) == Array("s".utf8))
        #expect(fields.status == 200)
        #expect(fields.numbers[5].isNaN)
        #expect(fields.duplicateKey == nil)
    }

    @Test func everyNumericKeyFindsItsPlace() throws {
        // Each numeric field given its place + 1 (duration_ms 1 … gpu_seconds 7), in reverse order of the list.
        let line =
            #"{"gpu_seconds":7,"energy_wh":6,"output_tokens":5,"input_tokens":4,"input_chars":3,"audio_seconds":2,"duration_ms":1,"status":200}"#
        let fields = try #require(parse(line))
        #expect(fields.numbers == [1, 2, 3, 4, 5, 6, 7])
    }

    @Test func aKeyGivenTwiceIsNamedWhateverItsValue() throws {
        // The first key seen twice is named, its code mapped back to its name; a long unknown key is ignored.
        let line =
            #"{"a_key_of_forty_bytes_that_no_log_writes":1,"file_id":null,"input_tokens":3,"file_id":"f-1","input_tokens":4}"#
        let fields = try #require(parse(line))
        #expect(fields.duplicateKey == "file_id")
        #expect(fields.numbers[3] == 4)
        let twice = try #require(parse(#"{"status":200,"gpu_seconds":1,"gpu_seconds":2}"#))
        #expect(twice.duplicateKey == "gpu_seconds")
        #expect(twice.status == 200)
    }

    @Test func aTextWhereANumberIsExpectedGoesToTheGeneralParser() {
        #expect(parse(#"{"status":"200"}"#) == nil)
        #expect(parse(#"{"gpu_seconds":true}"#) == nil)
        #expect(parse(#"{"service":"s","unknown":"text","other":true,"none":null}"#) != nil)
    }

    @Test func aStringEndsAtItsQuoteAndAnEscapeOrControlByteGoesToTheGeneralParserAtEveryOffset() throws {
        // Strings are scanned eight bytes at a time: put the quote, a backslash, a tab or a NUL at every offset of
        // a service name from 0 to 24 bytes, with multi-byte UTF-8 before it, and check the byte-by-byte outcome.
        for length in 0...24 {
            // `length` bytes: a third of them in two-byte "é", the rest ASCII.
            let accents = length / 3
            let name = String(repeating: "é", count: accents) + String(repeating: "s", count: length - 2 * accents)
            let line = #"{"service":""# + name + #"","status":200}"#
            let fields = try #require(parse(line), "length \(length)")
            let range = try #require(fields.service)
            #expect(Array(Array(line.utf8)[range]) == Array(name.utf8))
            for special in ["\\n", "\t", "\u{0}", "\u{1F}"] {
                #expect(parse(#"{"service":""# + name + special + #"x","status":200}"#) == nil, "length \(length)")
            }
        }
        // Bytes from 0x80 (UTF-8) and 0x20 to 0x7E other than the quote and backslash are plain.
        #expect(UsageLineFields.specialBytes(0x7E7D_5D5B_2321_20FF) == 0)
        #expect(UsageLineFields.specialBytes(0x2222_2222_2222_2241).trailingZeroBitCount >> 3 == 1)
    }
}
