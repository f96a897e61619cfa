import Foundation
import Testing

@testable import ReportGenCore

extension MeasurementTests {
    @Suite struct TextExposition {
        let snapshotName = "dcgm-exporter-2025-03-01T09-00-00Z.prom"

        @Test func detectsDCGMExpositionsOnly() throws {
            #expect(PrometheusTextImporter.detects(try measurementFixture(snapshotName)))
            #expect(PrometheusTextImporter.detects(try measurementFixture("dcgm-openmetrics.txt")))
            #expect(!PrometheusTextImporter.detects(Data("# HELP http_requests_total The total.\nup 1\n".utf8)))
            #expect(!PrometheusTextImporter.detects(Data("timestamp,service,language\n".utf8)))
            // Read on the bytes: any line ending, the keyword on the last line without one, not inside a line.
            #expect(PrometheusTextImporter.detects(Data("up 1\r# TYPE DCGM_FI_DEV_POWER_USAGE gauge".utf8)))
            #expect(PrometheusTextImporter.detects(Data("\r\nDCGM_FI_DEV_POWER_USAGE{gpu=\"0\"} 212.4\r\n".utf8)))
            #expect(!PrometheusTextImporter.detects(Data("up 1 # HELP DCGM_FI_DEV_POWER_USAGE\n".utf8)))
        }

        @Test func readsTheScrapeTimeFromAFileName() {
            let expected = utc("2025-03-01T09:00:00Z")
            #expect(PrometheusTextImporter.scrapeTime(fromFileName: "inputs/" + snapshotName) == expected)
            #expect(PrometheusTextImporter.scrapeTime(fromFileName: "dcgm-20250301T090000Z.prom") == expected)
            #expect(PrometheusTextImporter.scrapeTime(fromFileName: "dcgm-2025-03-01T09:00:00Z.txt") == expected)
            #expect(PrometheusTextImporter.scrapeTime(fromFileName: "metrics.prom") == nil)
        }

        @Test func readsASnapshotWithoutTimestampsAtTheScrapeTimeGiven() throws {
            let time = try #require(PrometheusTextImporter.scrapeTime(fromFileName: snapshotName))
            let result = try PrometheusTextImporter.read(
                try measurementFixture(snapshotName), file: "inputs/" + snapshotName, scrapeTimeSeconds: time)
            // Two GPUs × (power, counter); the two SM_CLOCK samples are skipped with one note.
            #expect(result.series.count == 4)
            let counters = result.series.filter { $0.quantity == .energyCounterKWh }
            #expect(counters.map { $0.identity.gpuIndex } == ["0", "1"])
            #expect(counters.allSatisfy { $0.identity.host == "vm-whisper-01" && $0.identity.device != nil })
            // 319,159,391 mJ = 0.0886553864 kWh (÷ 3.6e9, the research note's "88.7 Wh"); 7.2e9 mJ = 2 kWh.
            expectClose(counters[0].samples[0].value, 319_159_391 / 3.6e9, tolerance: 1e-15)
            #expect(counters[1].samples == [MeasurementSample(timeSeconds: time, value: 2)])
            let power = result.series.filter { $0.quantity == .powerWatts }
            #expect(power.map { $0.samples[0].value } == [27.512, 9.25])
            #expect(result.diagnostics.count == 1)
            #expect(
                result.diagnostics[0].message.hasPrefix("2 samples of 1 other metrics skipped (DCGM_FI_DEV_SM_CLOCK)"))
        }

        @Test func setsAsideSamplesWithoutTimestampWhenNoScrapeTimeIsGiven() throws {
            let result = try PrometheusTextImporter.read(try measurementFixture(snapshotName), file: "inputs/s.prom")
            #expect(result.series.isEmpty)
            let error = try #require(result.diagnostics.first { $0.severity == .error })
            #expect(error.message.hasPrefix("4 samples have no timestamp and no scrape time was given"))
        }

        @Test func readsOpenMetricsSecondsUnitsTotalSuffixAndExportedPod() throws {
            let result = try PrometheusTextImporter.read(
                try measurementFixture("dcgm-openmetrics.txt"), file: "inputs/om.txt")
            let series = try #require(result.series.first)
            #expect(result.series.count == 1)
            // # UNIT joules: 3,600,000 J = 1 kWh and 3,636,000 J = 1.01 kWh; timestamps in seconds.
            #expect(series.samples.map(\.timeSeconds) == [1_740_819_600, 1_740_819_660.5])
            expectClose(series.samples[0].value, 1, tolerance: 1e-12)
            expectClose(series.samples[1].value, 1.01, tolerance: 1e-12)
            // The workload's pod (exported_pod), not the exporter's own (pod).
            #expect(series.identity.pod == "generation-ollama-0")
            #expect(series.identity.namespace == "ai")
            #expect(result.diagnostics.map(\.severity) == [.note])
        }

        @Test func readsMillisecondTimestampsOfTheTextFormat() throws {
            let text = "DCGM_FI_DEV_POWER_USAGE{gpu=\"0\",UUID=\"GPU-1\"}\t70.5   1740787200250\n"
            let result = try PrometheusTextImporter.read(Data(text.utf8), file: "inputs/t.prom")
            #expect(result.series.first?.samples == [MeasurementSample(timeSeconds: 1_740_787_200.25, value: 70.5)])
        }

        @Test func unescapesLabelValuesAsTheFormatDocumentsThem() throws {
            // The escaping example of prometheus/docs exposition_formats.md.
            let line =
                #"msdos_file_access_time_seconds{path="C:\\DIR\\FILE.TXT",error="Cannot find file:\n\"FILE.TXT\""} 1.458255915e9"#
            let sample = try PrometheusSampleLine.parse(Array(line.utf8))
            #expect(sample.labels == ["path": #"C:\DIR\FILE.TXT"#, "error": "Cannot find file:\n\"FILE.TXT\""])
            #expect(sample.valueText == "1.458255915e9")
            #expect(sample.timestampText == nil)
            let weird = try PrometheusSampleLine.parse(
                Array(#"something_weird{problem="division by zero"} +Inf -3982045"#.utf8))
            #expect(weird.valueText == "+Inf" && weird.timestampText == "-3982045")
        }

        @Test func namesTheLineAndColumnOfABrokenSampleLine() throws {
            let text = """
                # TYPE DCGM_FI_DEV_POWER_USAGE gauge
                DCGM_FI_DEV_POWER_USAGE{gpu="0",UUID="GPU-1"} 70 1740787200000
                DCGM_FI_DEV_POWER_USAGE{gpu="0",UUID="GPU-1 71 1740787260000
                DCGM_FI_DEV_POWER_USAGE{gpu="0",UUID="GPU-1"} seventy 1740787320000
                DCGM_FI_DEV_POWER_USAGE{gpu="0",UUID="GPU-1"} NaN 1740787380000
                """
            let result = try PrometheusTextImporter.read(Data(text.utf8), file: "inputs/b.prom")
            #expect(result.series.first?.samples.count == 1)
            let located = result.diagnostics.map { "\($0.line ?? 0):\($0.column ?? 0)" }
            // Line 3: the quote opened at column 38 is never closed, found at the end (column 61); line 4: the value at
            // column 47.
            #expect(located == ["3:61", "4:47", "5:47"])
            #expect(result.diagnostics[0].message.contains("a closing \" for the value of label UUID"))
            #expect(result.diagnostics[1].message.contains("found \"seventy\""))
            #expect(result.diagnostics[2].message.contains("not a finite number"))
        }
    }
}
