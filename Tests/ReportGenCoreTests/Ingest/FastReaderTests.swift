import Foundation
import Testing

@testable import ReportGenCore

/// The byte-level, multi-core readers of the usage log and CodeCarbon against the general readers they replace
/// (`JSONSerialization` per line, ``CSVReader`` with a `String` per field): the same figures and messages on the demo
/// and on the community fixtures, whatever the block size.
@Suite struct FastReaderTests {
    /// The demo's inputs, extracted once.
    static let demoInputs: URL? = try? demoWorkspace().appendingPathComponent("inputs")

    static func demoFile(_ name: String) throws -> InputFile {
        let folder = try #require(demoInputs)
        return InputFile(name: "inputs/" + name, url: folder.appendingPathComponent(name))
    }

    static let communityCodeCarbon = [
        "cc01_miszkur-data-efficient-NLP_src_emissions.csv",
        "cc02_dataforgoodfr-climatewatch_notebooks_emissions_ipcc.csv",
        "cc04_ramizouari-BNN_notebooks_emissions.csv", "cc06_NeuralDojo-codecarbon_emissions.csv",
        "cc12_radiance-pideel_emissions_PiDeeL_task.csv", "cc12b_radiance-pideel_emissions.csv",
        "cc22_AlejandroDopico2-FedHENet_emissions.csv",
        "cc29_x-tabdeveloping-la1_emissions_base_task.csv", "cc29b_x-tabdeveloping-la1_emissions.csv",
        "cc31_huggingface-peft_outputs_emissions.csv",
        "cc34_oanottage-bogota-smart-city_reports_codecarbon_emissions.csv",
    ]

    func readCodeCarbon(_ file: InputFile, blockBytes: Int = 2 << 20, general: Bool = false) throws -> ImportResult {
        let head = try file.head()
        let detected = try detectFormat(fileName: file.name, head: head, whole: { () throws(IngestError) in Data() })
        var options = CodeCarbonImporter.Options()
        options.blockBytes = blockBytes
        options.usesGeneralReader = general
        return try CodeCarbonImporter.read(
            file, delimiter: detected.delimiter, decimalComma: detected.usesDecimalComma, context: paris,
            options: options)
    }

    @Test(arguments: communityCodeCarbon.map { "real/community/codecarbon/" + $0 })
    func theByteReaderGivesCodeCarbonFilesWhatCSVReaderGives(path: String) throws {
        let file = fixture(path)
        let general = try readCodeCarbon(file, general: true)
        // Whole file in one block, then blocks of 512 bytes read on both cores.
        for blockBytes in [2 << 20, 512] {
            let fast = try readCodeCarbon(file, blockBytes: blockBytes)
            #expect(fast.records == general.records, "\(path), blocks of \(blockBytes)")
            #expect(fast.diagnostics == general.diagnostics, "\(path), blocks of \(blockBytes)")
            #expect(fast.rowCount == general.rowCount)
        }
    }

    @Test(arguments: ["codecarbon-benchmarks-january.csv", "codecarbon-benchmarks-march.csv"])
    func theByteReaderGivesTheDemosCodeCarbonFilesWhatCSVReaderGives(name: String) throws {
        let file = try Self.demoFile(name)
        let general = try readCodeCarbon(file, general: true)
        #expect(!general.records.isEmpty)
        for blockBytes in [2 << 20, 300] {
            let fast = try readCodeCarbon(file, blockBytes: blockBytes)
            #expect(fast.records == general.records)
            #expect(fast.diagnostics == general.diagnostics)
        }
    }

    @Test func aCodeCarbonFileWithAQuotedLineBreakIsReadByCSVReader() throws {
        // Row 2's cpu_model holds a line break inside quotes: one record over lines 2 and 3, then line 4.
        let text =
            "timestamp,project_name,run_id,duration,emissions,cpu_model\n2025-03-01T10:00:00,p,r1,10,0.1,\"Xeon\nGold\"\n2025-03-01T12:00:00,p,r2,10,0.2,Xeon\n"
        let result = try readCodeCarbon(try temporaryInput("emissions.csv", text))
        #expect(result.records.map(\.provenance.line) == [2, 4])
        #expect(result.records.first?.identifiers.display["cpu_model"] == "Xeon\nGold")
    }

    func readUsage(
        _ file: InputFile, blockBytes: Int = 2 << 20, maximumLineBytes: Int = UsageLogImporter.maximumLineBytes,
        general: Bool = false
    ) throws -> ImportResult {
        var options = UsageLogImporter.JSONLinesOptions()
        options.blockBytes = blockBytes
        options.maximumLineBytes = maximumLineBytes
        options.usesGeneralParser = general
        return try UsageLogImporter.readJSONLines(file, context: paris, options: options)
    }

    @Test func theByteReaderGivesTheDemosUsageLogWhatJSONSerializationGives() throws {
        let file = try Self.demoFile("usage-log-2025-03.jsonl")
        for blockBytes in [2 << 20, 4096] {
            let general = try readUsage(file, blockBytes: blockBytes, general: true)
            let fast = try readUsage(file, blockBytes: blockBytes)
            // 585 requests of March 2025 in the demo's log.
            #expect(fast.rowCount == 585)
            #expect(fast.activity.totals == general.activity.totals)
            #expect(fast.hourlyUsage.amounts == general.hourlyUsage.amounts)
            #expect(fast.diagnostics == general.diagnostics)
        }
    }

    @Test func blocksOnBothCoresGiveTheWholeFilesFigures() throws {
        let file = try Self.demoFile("usage-log-2025-03.jsonl")
        let whole = try readUsage(file)
        let blocks = try readUsage(file, blockBytes: 4096)
        #expect(whole.activity.totals.keys == blocks.activity.totals.keys)
        for (key, activity) in whole.activity.totals {
            let other = try #require(blocks.activity.totals[key])
            // Counts and line ranges exactly; sums to 1e-12 relative (added in another order).
            #expect(other.requests == activity.requests && other.files == activity.files)
            #expect(other.activeDays == activity.activeDays && other.provenance == activity.provenance)
            for (a, b) in [
                (other.audioSeconds, activity.audioSeconds), (other.gpuSeconds, activity.gpuSeconds),
                (other.energyKWh, activity.energyKWh), (other.inputTokens, activity.inputTokens),
            ] {
                #expect(abs(a - b) <= 1e-12 * max(abs(b), 1))
            }
        }
    }

    static let line =
        #"{"timestamp":"2025-03-01T10:00:00Z","service":"s","endpoint":"/e","language":"fr","status":200}"#

    @Test(arguments: ["\r\n", "\r"])
    func everyLineEndingGivesTheRightLineNumbers(ending: String) throws {
        // Line 2 is bad, line 3 blank, line 4 good: the bad one is named on line 2 whatever the line ending.
        let text = [Self.line, "not json", "", Self.line].joined(separator: ending) + ending
        for blockBytes in [2 << 20, 100] {
            let result = try readUsage(try temporaryInput("usage.jsonl", text), blockBytes: blockBytes)
            #expect(result.rowCount == 2)
            let setAside = result.diagnostics.filter { $0.message.hasSuffix("row set aside") }
            #expect(setAside.map(\.line) == [2])
            #expect(result.activity.totals.values.first?.provenance["inputs/usage.jsonl"] == 1...4)
        }
    }

    @Test func aLineOverTheBoundIsSetAsideWithAShortExcerptAndReadingGoesOn() throws {
        // Line 2 has 5,000 bytes against a bound of 1,000: read in blocks of 256 bytes, it is skipped, never held.
        let long = #"{"timestamp":"2025-03-01T10:00:00Z","service":""# + String(repeating: "x", count: 4950) + #""}"#
        let text = [Self.line, long, Self.line].joined(separator: "\r\n")
        for blockBytes in [256, 2 << 20] {
            let result = try readUsage(
                try temporaryInput("usage.jsonl", text), blockBytes: blockBytes, maximumLineBytes: 1000)
            #expect(result.rowCount == 2)
            let setAside = try #require(result.diagnostics.first { $0.message.hasSuffix("row set aside") })
            #expect(setAside.line == 2)
            #expect(
                setAside.message.hasPrefix("a line of \(long.utf8.count.groupedDigits) bytes, over the bound of 1,000"))
            #expect(setAside.message.count < 200)
        }
    }

    @Test func theSameRequestInTwoFilesCountsOnceWithOneNoteNamingBoth() throws {
        let root = try temporaryDirectory()
        let inputs = root.appendingPathComponent("inputs")
        try FileManager.default.createDirectory(at: inputs, withIntermediateDirectories: true)
        let a =
            #"{"timestamp":"2025-03-01T10:00:00Z","service":"s","endpoint":"/e","language":"fr","status":200,"file_id":"f-1"}"#
        let b = #"{"timestamp":"2025-03-01T11:00:00Z","service":"s","endpoint":"/e","language":"fr","status":200}"#
        let c = #"{"timestamp":"2025-03-01T12:00:00Z","service":"s","endpoint":"/e","language":"fr","status":200}"#
        // The second file has request a written with its keys in another order (same file_id, time, service,
        // endpoint, status), b byte for byte, and c twice: 3 + 2 requests, not 3 + 4.
        let aAgain =
            #"{"file_id":"f-1","status":200,"service":"s","language":"fr","endpoint":"/e","timestamp":"2025-03-01T10:00:00Z"}"#
        try Data([a, b].joined(separator: "\n").utf8).write(to: inputs.appendingPathComponent("usage-1.jsonl"))
        try Data([aAgain, b, c, c].joined(separator: "\n").utf8).write(
            to: inputs.appendingPathComponent("usage-2.jsonl"))
        let outcome = Ingestion.run(try Workspace.inputListing(of: root), context: paris, hash: streamingSHA256)
        #expect(outcome.activity.totals.values.reduce(0) { $0 + $1.requests } == 4)
        let notes = outcome.diagnostics.filter { $0.message.contains("already read from") }
        #expect(notes.count == 1)
        #expect(notes.first?.file == "inputs/usage-2.jsonl")
        #expect(notes.first?.line == 1)
        #expect(notes.first?.message.hasPrefix("2 requests already read from inputs/usage-1.jsonl") == true)
    }

    @Test func theIdentitySetTellsEarlierFilesFromTheCurrentOne() {
        let identities = UsageLineIdentities()
        let first = identities.beginFile("inputs/a.jsonl")
        var hasher = Hash128()
        Self.line.utf8.withContiguousStorageIfAvailable { hasher.combine(UnsafeRawBufferPointer($0)) }
        let identity = hasher.finalize()
        identities.insert(identity, file: first)
        // The same file repeating a line is not a duplicate; a later file repeating it is.
        #expect(identities.earlierFile(of: identity, current: first) == nil)
        let second = identities.beginFile("inputs/b.jsonl")
        #expect(identities.earlierFile(of: identity, current: second) == first)
        identities.insert(identity, file: second)
        #expect(identities.count == 1)
        // 5,000 distinct identities fit in 256 shards that grow: every one is found again.
        var all: [(high: UInt64, low: UInt64)] = []
        for index in 0..<5000 {
            var hasher = Hash128()
            hasher.combine(Int64(index))
            all.append(hasher.finalize())
        }
        for identity in all { identities.insert(identity, file: first) }
        #expect(identities.count == 5001)
        #expect(all.allSatisfy { identities.earlierFile(of: $0, current: second) == first })
        #expect(!identities.isFull)
    }
}
