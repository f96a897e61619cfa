import ArgumentParser
import Foundation
import Matrix
import ReportGenCore

/// `reportgen-bench`: the on-demand benchmarks (docs/performance.md). Build with `-c release` before timing.
@main
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reportgen-bench",
        abstract: "Benchmarks run on demand: ingestion speed and memory, and MCDA Monte Carlo speed.",
        subcommands: [IngestBench.self, MCDABench.self])

    struct IngestBench: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ingest",
            abstract:
                "Generate (if absent) a usage log and a CodeCarbon file, ingest them, aggregate per month, service and language."
        )

        @Option(help: "Folder for the generated files.") var dir = "bench-data"
        @Option(help: "Size of the usage log, MB.") var megabytes = 1000
        @Option(help: "Rows of the CodeCarbon file.") var codecarbonRows = 1_000_000

        func run() throws {
            let folder = fileURL(dir)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let log = folder.appendingPathComponent("usage.jsonl")
            let codecarbon = folder.appendingPathComponent("emissions.csv")
            if !FileManager.default.fileExists(atPath: log.path) {
                let lines = try BenchmarkData.writeUsageLog(to: log, megabytes: megabytes)
                FileHandle.standardError.write(Data("generated \(lines) usage-log lines\n".utf8))
            }
            if !FileManager.default.fileExists(atPath: codecarbon.path) {
                try BenchmarkData.writeCodeCarbon(to: codecarbon, rows: codecarbonRows)
            }
            let context = ImportContext(timeZone: TimeZone(identifier: "Europe/Paris") ?? .current)
            for (name, url, format) in [
                ("usage log (JSON Lines)", log, InputFormat.usageLogJSONL), ("CodeCarbon", codecarbon, .codeCarbonCSV),
            ] {
                let size =
                    Double(
                        (try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.intValue ?? 0)
                    / 1e6
                let start = Date()
                let (_, result) = try importFile(
                    InputFile(name: url.lastPathComponent, url: url), forced: format, context: context)
                var groups: [String: Double] = [:]
                if format == .usageLogJSONL {
                    for (key, activity) in result.activity.totals {
                        groups["\(key.period)|\(key.service)|\(key.language)", default: 0] += Double(activity.requests)
                    }
                } else {
                    // By index: a for-in loop would copy every record.
                    for index in result.records.indices {
                        groups[
                            "\(result.records[index].period)|\(result.records[index].identifiers.project ?? "")",
                            default: 0] += result.records[index].kgCO2e ?? 0
                    }
                }
                let seconds = Date().timeIntervalSince(start)
                print(
                    String(
                        format: "%@: %.0f MB, %d rows, %d groups, %.2f s, %.1f MB/s, peak memory %.1f MB", name, size,
                        result.rowCount, groups.count, seconds, size / seconds, peakMemoryMB()))
            }
        }
    }

    struct MCDABench: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "mcda",
            abstract:
                "Monte Carlo over weights: draws × (16 cells × 5 criteria) with WSM, TOPSIS, VIKOR and PROMETHEE II.")

        @Option(help: "Draws.") var draws = 10_000

        func run() throws {
            var generator = SeededGenerator(seed: 42)
            let values = (0..<16).map { _ in (0..<5).map { _ in 1 + generator.unit() * 99 } }
            let types: [CriterionDirection] = [.cost, .cost, .benefit, .benefit, .benefit]
            let criteria = types.enumerated().map {
                Criterion(id: "c\($0.offset)", direction: $0.element, rawWeight: 1)
            }
            let base = try DecisionMatrix(alternatives: (0..<16).map { "a\($0)" }, criteria: criteria, values: values)
            let start = Date()
            var checksum = 0.0
            for _ in 0..<draws {
                let weights = simplexWeights(count: 5, using: &generator)
                let matrix = try base.reweighted(weights)
                for method in ScoringMethod.defaults { checksum += try method.score(matrix).scores[0] }
            }
            let seconds = Date().timeIntervalSince(start)
            print(
                String(
                    format: "%d draws × 16 × 5, 4 methods: %.3f s (%.1f µs a draw), checksum %.6f, peak memory %.1f MB",
                    draws, seconds, seconds / Double(draws) * 1e6, checksum, peakMemoryMB()))
        }
    }
}

/// An absolute file URL from a command-line path.
func fileURL(_ path: String) -> URL {
    URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        .standardizedFileURL
}
