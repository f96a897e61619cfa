import Foundation
import Matrix
import Testing

@testable import ReportGenCore

/// Seeded mutation fuzzing, one sample per importer: each mutant must be read or refused with an ``IngestError``,
/// never trap. Deterministic (a fixed seed) and bounded (about a second in all).
@Suite struct ImporterFuzzTests {
    static let samples = [
        "samples/ccf-cli-dayAndService-2025Q1.csv", "samples/ccf-cli-service-2025Q1.csv",
        "samples/ccf-api-footprint-groupBy-month-2025Q1.json", "samples/ccf-api-recommendations-azure.json",
        "samples/azure-carbon-optimization-rest-itemdetails-resource-2025-03.json",
        "samples/azure-carbon-optimization-itemdetails-resource-2025-03.csv",
        "samples/emissions-impact-dashboard-enrollment-emissions-2025Q1.csv", "samples/codecarbon-3.2.6-emissions.csv",
        "real/community/codecarbon/cc12_radiance-pideel_emissions_PiDeeL_task.csv",
    ]

    /// Bytes that broke parsers before: NUL, a lone CR, quotes, delimiters, a non-UTF-8 byte, huge and non-finite
    /// numbers, a negative sign.
    static let tokens: [[UInt8]] = [
        [0], [0x0D], [0x22], [0x2C], [0x3B], [0xE9], [0xFF, 0xFE], Array("1e308".utf8), Array("-1e300".utf8),
        Array("NaN".utf8), Array("Infinity".utf8), Array("99999999999999999999".utf8), Array("2999-13-45".utf8),
        Array("\n".utf8), Array("[]".utf8), Array("{".utf8), Array("}".utf8),
    ]

    static func mutate(_ bytes: [UInt8], using generator: inout SeededGenerator) -> [UInt8] {
        var output = bytes
        for _ in 0..<Int.random(in: 1...4, using: &generator) {
            guard !output.isEmpty else { break }
            let at = Int.random(in: 0..<output.count, using: &generator)
            switch Int.random(in: 0..<5, using: &generator) {
            case 0: output[at] = UInt8.random(in: 0...255, using: &generator)
            case 1: output.insert(contentsOf: tokens.randomElement(using: &generator) ?? [0], at: at)
            case 2: output.removeSubrange(at..<min(output.count, at + Int.random(in: 1...64, using: &generator)))
            case 3: output = Array(output.prefix(at))
            default:
                // Duplicate a stretch, as a file appended to twice.
                let end = min(output.count, at + Int.random(in: 1...200, using: &generator))
                output.insert(contentsOf: output[at..<end], at: end)
            }
        }
        return output
    }

    @Test(arguments: samples)
    func mutatedInputsAreReadOrRefusedNeverTrapped(sample: String) throws {
        let original = try [UInt8](Data(contentsOf: fixturesDirectory.appendingPathComponent(sample)))
        // Matrix's SplitMix64: the same sequence on every machine.
        var generator = SeededGenerator(
            seed: UInt64(truncatingIfNeeded: sample.utf8.reduce(17) { $0 &* 31 &+ Int($1) }))
        let directory = try temporaryDirectory()
        let extensionName = (sample as NSString).pathExtension
        for index in 0..<40 {
            let url = directory.appendingPathComponent("mutant-\(index).\(extensionName)")
            try Data(Self.mutate(original, using: &generator)).write(to: url)
            let file = InputFile(name: "inputs/mutant-\(index).\(extensionName)", url: url)
            do {
                let (_, result) = try importFile(file, context: paris)
                // Whatever was kept is a usable figure.
                for record in result.records + result.undated {
                    #expect(record.kgCO2e.map { $0.isFinite && $0 >= 0 } ?? true, "\(sample) mutant \(index)")
                }
            } catch {
                // A refusal names the file.
                #expect(error.description.hasPrefix(file.name), "\(sample) mutant \(index)")
            }
        }
    }
}
