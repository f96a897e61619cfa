import Foundation
import Testing

@testable import ReportGenCore

extension MeasurementTests {
    /// The three measurement formats are detected from content, before the JSON and CSV classifiers, and read into
    /// the ingestion's one series set.
    @Suite struct Detection {
        @Test(arguments: [
            ("query-range-2025-03-01-part1-Hostname.json", InputFormat.prometheusQueryRange),
            ("query-range-error.json", .prometheusQueryRange),
            ("dcgm-exporter-2025-03-01T09-00-00Z.prom", .prometheusText),
            ("dcgm-openmetrics.txt", .prometheusText),
            ("nvidia-smi-restarted.csv", .nvidiaSMICSV),
            ("nvidia-smi-nounits-newer-driver.csv", .nvidiaSMICSV),
        ])
        func detectsEachMeasurementFormatFromItsContent(name: String, format: InputFormat) throws {
            let data = try measurementFixture(name)
            let detected = try detectFormat(fileName: name, head: [UInt8](data.prefix(65_536)), whole: { data })
            #expect(detected.format == format)
            #expect(format.source == (format == .nvidiaSMICSV ? .nvidiaSMI : .dcgm))
        }

        @Test func aKeySortedResponseWhoseResultTypeLiesBeyondTheHeadIsDetected() throws {
            // `jq -S` (or json.dump(sort_keys=True)) writes `data.result` before `data.resultType` and `status`: with
            // a month of one-minute samples, beyond the 64 KiB the detector reads.
            let points = counterPoints(
                from: utc("2025-03-01T00:00:00Z"), to: utc("2025-03-03T00:00:00Z"), step: 60, watts: 30,
                startMillijoules: 1e9)
            let data = queryRangeResponse([
                (["__name__": "DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION", "Hostname": "vm-a"], points)
            ])
            let text = String(decoding: data, as: UTF8.self)
            let resultType = try #require(text.range(of: "\"resultType\""))
            #expect(text.utf8.distance(from: text.startIndex, to: resultType.lowerBound) > 65_536)
            let detected = try detectFormat(
                fileName: "export.json", head: [UInt8](data.prefix(65_536)), whole: { data })
            #expect(detected.format == .prometheusQueryRange)
        }

        @Test func mergesTheSeriesOfEveryFileOfAFolderIntoOneSetPerGPU() throws {
            // The two halves of one query (Hostname, then hostname) are one GPU's series once merged.
            let files = try [
                "query-range-2025-03-01-part1-Hostname.json", "query-range-2025-03-01-part2-hostname.json",
            ]
            .map { name in
                let url = FileManager.default.temporaryDirectory.appendingPathComponent("rg-detect-\(UUID())-\(name)")
                try measurementFixture(name).write(to: url)
                return InputFile(name: "inputs/" + name, url: url)
            }
            let outcome = Ingestion.run(files, context: ImportContext(timeZone: parisZone)) { _ in ("", 0) }
            #expect(!outcome.hasErrors)
            #expect(
                outcome.inputs.map(\.format)
                    == Array(repeating: "Prometheus query_range JSON (DCGM exporter)", count: 2))
            let single = try files.map {
                try PrometheusQueryRangeImporter.read(Data(contentsOf: $0.url), file: $0.name)
            }
            let (merged, _) = outcome.measuredSeries.merged()
            #expect(merged.count < single.reduce(0) { $0 + $1.series.count })
            #expect(Set(merged.map(\.key)).count == merged.count)
        }
    }
}
