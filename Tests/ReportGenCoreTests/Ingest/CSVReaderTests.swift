import Foundation
import Testing

@testable import ReportGenCore

@Suite struct CSVReaderTests {
    func records(_ text: String, delimiter: Character = ",") throws -> [CSVRecord] {
        var reader = CSVReader(
            fileName: "t.csv", bytes: Array(text.utf8), delimiter: UInt8(ascii: delimiter.unicodeScalars.first ?? ","))
        var result: [CSVRecord] = []
        while let record = try reader.next() { result.append(record) }
        return result
    }

    func recordsOfBytes(_ bytes: [UInt8]) throws -> [CSVRecord] {
        var reader = CSVReader(fileName: "t.csv", bytes: bytes)
        var result: [CSVRecord] = []
        while let record = try reader.next() { result.append(record) }
        return result
    }

    @Test func readsQuotedFieldsEscapedQuotesAndEmbeddedNewlines() throws {
        let rows = try records("a,b\r\n\"x, y\",\"say \"\"hi\"\"\"\n\"multi\nline\",z")
        #expect(rows.map(\.fields) == [["a", "b"], ["x, y", "say \"hi\""], ["multi\nline", "z"]])
        #expect(rows.map(\.line) == [1, 2, 3])
    }

    @Test func stripsTheUTF8ByteOrderMarkAndSkipsBlankLines() throws {
        let rows = try records("\u{FEFF}dateKey,total\r\n\r\n20250101,1\r\n")
        #expect(rows.map(\.fields) == [["dateKey", "total"], ["20250101", "1"]])
        #expect(rows[1].line == 3)
    }

    @Test func readsSemicolonDelimitedFiles() throws {
        #expect(try records("a;b\n1,5;2", delimiter: ";").map(\.fields) == [["a", "b"], ["1,5", "2"]])
    }

    @Test func reportsAnUnterminatedQuoteWithItsLine() {
        #expect(throws: IngestError.unterminatedQuote(file: "t.csv", line: 2)) { try records("a\n\"open") }
    }

    @Test func readsInvalidUTF8AsWindows1252AndRecordsTheFirstLineAndByteOffset() throws {
        // "ab,c" then 0xE9 (Windows-1252 é) at byte offset 5 of the file, on line 2.
        var reader = CSVReader(
            fileName: "t.csv", bytes: Array("ab,c\n".utf8) + [0xE9, 0x0A], delimiter: UInt8(ascii: ","))
        _ = try reader.next()
        #expect(try reader.next()?.fields == ["é"])
        #expect(reader.fallback == EncodingFallback(line: 2, byteOffset: 5, excerpt: "é", recordCount: 1))
    }

    @Test func countsLinesRightForCROnlyLineEndings() throws {
        // Classic Mac line endings: each record on its own line.
        #expect(try records("a\rb\rc\r").map(\.line) == [1, 2, 3])
        #expect(try records("a\r\n\r\nb\nc").map(\.line) == [1, 3, 4])
    }

    @Test func flagsNULBytesAndBytesNoCodePageDecodes() throws {
        // 0x81 is undefined in Windows-1252.
        let parsed = try records("a\n\u{0}\u{0}b\n" + "x") + (try recordsOfBytes([0x81, 0x0A]))
        #expect(parsed[1].nulByteCount == 2)
        #expect(parsed[3].hasUndecodableBytes)
    }

    @Test func streamsAcrossChunkBoundaries() throws {
        // 3 MiB of rows forces several 1 MiB reads with rows split between them.
        let row = "2025-01-01,\"quoted, field\",12.5\n"
        let text = "date,name,value\n" + String(repeating: row, count: 3 * 1024 * 1024 / row.utf8.count)
        let file = try temporaryInput("big.csv", text)
        var reader = try file.csvReader(delimiter: UInt8(ascii: ","))
        var count = 0
        var last: CSVRecord?
        while let record = try reader.next() {
            count += 1
            last = record
            #expect(record.fields.count == 3)
        }
        #expect(count == 1 + 3 * 1024 * 1024 / row.utf8.count)
        #expect(last?.fields == ["2025-01-01", "quoted, field", "12.5"])
    }
}
