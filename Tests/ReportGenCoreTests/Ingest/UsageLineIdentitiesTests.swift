import Foundation
import Testing

@testable import ReportGenCore

/// The identity set's bound, and which files of an ingestion fill it.
@Suite struct UsageLineIdentitiesTests {
    static let line =
        #"{"timestamp":"2025-03-01T10:00:00Z","service":"s","endpoint":"/e","language":"fr","status":200}"#

    @Test func theSetTakesAtMostSixteenMebibytes() {
        // 256 shards × 8,192 slots × 8 bytes = 16,777,216 bytes = 16 MiB.
        #expect(UsageLineIdentities.maximumBytes == 16_777_216)
    }

    @Test func aShardHoldsEightyFivePercentOfItsSlotsThenRefuses() {
        let identities = UsageLineIdentities()
        let file = identities.beginFile("inputs/a.jsonl")
        // Identities whose top 8 bits are 0 all fall in shard 0. A shard grows while count × 100 < capacity × 85;
        // at 8,192 slots that is count < 6,963.2, so it takes its 6,964th identity and refuses the 6,965th.
        for index in 0..<7_000 { identities.insert((high: UInt64(index + 1), low: 0), file: file) }
        #expect(identities.count == 6_964)
        #expect(identities.isFull)
        // Every identity it took is found again from a later file; one it refused is not.
        let later = identities.beginFile("inputs/b.jsonl")
        #expect(identities.earlierFile(of: (high: 1, low: 0), current: later) == file)
        #expect(identities.earlierFile(of: (high: 6_964, low: 0), current: later) == file)
        #expect(identities.earlierFile(of: (high: 7_000, low: 0), current: later) == nil)
    }

    @Test func identitiesThatDifferOnlyInTheirShardAreTwo() {
        let identities = UsageLineIdentities()
        let file = identities.beginFile("inputs/a.jsonl")
        // The same low 48 bits, shards 0 and 1: two identities.
        identities.insert((high: 42, low: 0), file: file)
        identities.insert((high: 1 << 56 | 42, low: 0), file: file)
        #expect(identities.count == 2)
    }

    @Test func onlyAFileThatCanBeAUsageLogHoldsRequests() throws {
        let root = try temporaryDirectory()
        let log = root.appendingPathComponent("usage.jsonl")
        try Data(Self.line.utf8).write(to: log)
        let rollup = root.appendingPathComponent("rollup.csv")
        try Data("period,service,language,requests\n2025-03,s,fr,1\n".utf8).write(to: rollup)
        let json = root.appendingPathComponent("other.json")
        try Data(#"{"value": []}"#.utf8).write(to: json)
        #expect(Ingestion.mayHoldRequests(InputFile(name: "inputs/usage.jsonl", url: log), forced: nil))
        #expect(!Ingestion.mayHoldRequests(InputFile(name: "inputs/rollup.csv", url: rollup), forced: nil))
        #expect(!Ingestion.mayHoldRequests(InputFile(name: "inputs/other.json", url: json), forced: nil))
        #expect(Ingestion.mayHoldRequests(InputFile(name: "inputs/rollup.csv", url: rollup), forced: .usageLogCSV))
    }

    @Test func theLastUsageLogIsCheckedButNotRemembered() throws {
        let root = try temporaryDirectory()
        let url = root.appendingPathComponent("usage.jsonl")
        try Data([Self.line, Self.line.replacingOccurrences(of: "10:00", with: "11:00")].joined(separator: "\n").utf8)
            .write(to: url)
        let file = InputFile(name: "inputs/usage.jsonl", url: url)
        for remembers in [false, true] {
            var context = paris
            context.usageIdentities = UsageLineIdentities()
            context.remembersUsageIdentities = remembers
            let result = try UsageLogImporter.readJSONLines(file, context: context)
            // Two distinct lines: both counted, and remembered only for a later file.
            #expect(result.rowCount == 2)
            #expect(context.usageIdentities?.count == (remembers ? 2 : 0))
        }
    }
}
