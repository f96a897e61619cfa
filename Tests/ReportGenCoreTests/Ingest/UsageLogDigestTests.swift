import Foundation
import Testing

@testable import ReportGenCore

/// The usage log's reader takes the file's SHA-256 as it reads, so that an ingestion reads the log once: the digest
/// must be the file's, whatever the blocks and the lines skipped.
@Suite struct UsageLogDigestTests {
    /// Writes `text` as a usage log and reads it; the result and the file.
    func read(_ text: String, options: UsageLogImporter.JSONLinesOptions = .init(), digests: Bool = true) throws
        -> (result: ImportResult, file: InputFile)
    {
        let url = try temporaryDirectory().appendingPathComponent("usage.jsonl")
        try Data(text.utf8).write(to: url)
        var context = paris
        context.digestsWhileReading = digests
        let file = InputFile(name: "inputs/usage.jsonl", url: url)
        return (try UsageLogImporter.readJSONLines(file, context: context, options: options), file)
    }

    @Test func theDigestOfABCIsTheOnePublishedInFIPS180() throws {
        // FIPS 180-2, appendix B.1: SHA-256("abc") = ba7816bf…f20015ad. The line is not JSON: set aside, still hashed.
        let (result, _) = try read("abc")
        #expect(result.digest?.sha256 == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(result.digest?.bytes == 3)
        #expect(result.rowCount == 0)
    }

    @Test func theDigestTakenWhileReadingIsTheFilesOverBlocksAndSkippedLines() throws {
        let line = #"{"timestamp":"2025-03-01T10:00:00Z","service":"s","endpoint":"/e","language":"fr","status":200}"#
        // 40 lines in CRLF and LF, one of them 3,000 bytes long (over the bound of 1,000 below, so skipped in pieces),
        // read in blocks of 256 bytes.
        var lines = (0..<40).map { $0 % 3 == 0 ? line + "\r" : line }
        lines[7] = String(repeating: "x", count: 3_000)
        let text = lines.joined(separator: "\n")
        var options = UsageLogImporter.JSONLinesOptions()
        options.blockBytes = 256
        options.maximumLineBytes = 1_000
        let (result, file) = try read(text, options: options)
        let expected = try streamingSHA256(file)
        #expect(result.digest?.sha256 == expected.sha256)
        #expect(result.digest?.bytes == text.utf8.count)
        #expect(result.rowCount == 39)
    }

    @Test(arguments: ["\r\n", "\r"])
    func aLongLineWhoseCRIsTheLastByteOfABlockEndsThereAndItsLFIsNotALine(ending: String) throws {
        // Blocks of 256 bytes, lines over 300 set aside: a 511-byte line puts its CR at byte 512, the end of the second
        // block, when the reader has to skip it; the LF that opens the third block is the CRLF's, so the five lines
        // after it are lines 2 to 6 whichever the ending, and the bad one among them is line 4. Each byte is hashed
        // once, the LF too.
        let line = #"{"timestamp":"2025-03-01T10:00:00Z","service":"s","endpoint":"/e","language":"fr","status":200}"#
        let lines = [line, line, "not JSON", line, line]
        let text = String(repeating: "x", count: 511) + ending + lines.joined(separator: "\n")
        var options = UsageLogImporter.JSONLinesOptions()
        options.blockBytes = 256
        options.maximumLineBytes = 300
        let (result, file) = try read(text, options: options)
        #expect(result.digest?.sha256 == (try streamingSHA256(file)).sha256)
        #expect(result.digest?.bytes == text.utf8.count)
        #expect(result.rowCount == 4)
        #expect(result.diagnostics.filter { $0.message.contains("over the bound") }.map(\.line) == [1])
        #expect(result.diagnostics.filter { $0.message.contains("not JSON") }.map(\.line) == [4])
    }

    @Test func aReaderNotAskedForTheDigestGivesNone() throws {
        let (result, _) = try read("abc", digests: false)
        #expect(result.digest == nil)
    }
}
