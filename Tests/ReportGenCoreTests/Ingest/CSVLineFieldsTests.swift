import Matrix
import Testing

@testable import ReportGenCore

/// The fast CodeCarbon reader's line splitter: fields found eight bytes at a time are the fields a plain split at
/// the delimiter gives, and the lines it must leave to ``CSVReader`` (a NUL, bytes that are not UTF-8) are refused.
@Suite struct CSVLineFieldsTests {
    /// The fields of `line` as `split` finds them, `nil` when it refuses the line.
    static func fields(_ line: [UInt8], delimiter: UInt8) -> [[UInt8]]? {
        var splitter = CSVLineFields()
        return line.withUnsafeBytes { bytes -> [[UInt8]]? in
            guard splitter.split(bytes, delimiter: delimiter) else { return nil }
            return (0..<splitter.count).map { position in splitter.withField(position) { Array($0) } }
        }
    }

    @Test(arguments: [UInt8(ascii: ","), UInt8(ascii: ";")])
    func aLineWithoutQuotesSplitsAtEveryDelimiterWhateverItsOffset(delimiter: UInt8) {
        // Lines of 0 to 40 bytes from a small alphabet (the delimiter, letters, a space, `î` in UTF-8, and `-` and
        // `:`, one bit from `,` and `;`, which a borrowing byte test would take for them), so that delimiters fall at
        // every offset of the eight-byte words, side by side, first and last.
        var generator = SeededGenerator(seed: 17)
        let alphabet: [[UInt8]] = [
            [delimiter], [delimiter], [0x61], [0x62], [0x20], [0xC3, 0xAE], [0x2E], [0x2D], [0x3A],
        ]
        for length in 0...40 {
            for _ in 0..<40 {
                var line: [UInt8] = []
                while line.count < length { line += alphabet[Int(generator.next() % UInt64(alphabet.count))] }
                let expected = line.split(separator: delimiter, omittingEmptySubsequences: false).map { Array($0) }
                #expect(Self.fields(line, delimiter: delimiter) == expected, "\(line)")
            }
        }
    }

    @Test func aNULOrBytesThatAreNotUTF8AreLeftToTheGeneralReaderWhereverTheyAre() {
        for offset in 0..<20 {
            var line = Array("2025-03-01,proj,run,12.5,0.25".utf8)
            let at = min(offset, line.count)
            line.insert(0, at: at)
            #expect(Self.fields(line, delimiter: 0x2C) == nil, "NUL at \(at)")
            line[at] = 0xFF
            #expect(Self.fields(line, delimiter: 0x2C) == nil, "0xFF at \(at)")
            // A lone continuation byte, and a valid two-byte character.
            line[at] = 0x80
            #expect(Self.fields(line, delimiter: 0x2C) == nil, "0x80 at \(at)")
            line.replaceSubrange(at...at, with: [0xC3, 0xA9])
            #expect(Self.fields(line, delimiter: 0x2C)?.count == 5, "é at \(at)")
        }
    }

    @Test func quotedFieldsAreUnquotedAsCSVReaderDoes() {
        // "a,b" is one field; "" inside quotes is one quote; a quote opens quoting mid-field.
        let line = Array(#"x,"a,b","say ""hi""",c"d,e"f,"#.utf8)
        #expect(
            Self.fields(line, delimiter: 0x2C)
                == [Array("x".utf8), Array("a,b".utf8), Array(#"say "hi""#.utf8), Array("cd,ef".utf8), []])
        // A quote left open ends the line inside a field: the general reader takes it (a quoted line break).
        #expect(Self.fields(Array(#"x,"open"#.utf8), delimiter: 0x2C) == nil)
    }
}
