import ArgumentParser
import Foundation
import GoldenTestSupport
import Testing

@testable import ReportGen
@testable import ReportGenCore

/// `reportgen validate`'s whole report on the demo workspace, and on a workspace with nothing to read.
@Suite struct ValidateGoldenTests {
    /// Per file: the detected format and the version or kind the file shows (CodeCarbon 2.8.3 and 3.2.6, Azure data
    /// types and categoryType, CCF's groupBy), rows, services matched and months covered; the diagnostics under it.
    @Test func validateOfTheDemoMatchesItsGoldenFile() throws {
        let root = try temporaryDirectory()
        try DemoWorkspace.write(to: root, overwritingEdits: false)
        let validation = try ValidateCommand.parse(["--workspace", root.path]).check()
        let report = ValidateCommand.report(validation)
        #expect(GoldenFile.mismatch(report, named: "validate-demo.txt") == nil)
        // What a person checks in it: the two CodeCarbon versions of the demo's benchmark files, and months the
        // usage log covers (March 2025 only).
        #expect(
            report.contains("inputs/codecarbon-benchmarks-january.csv: CodeCarbon emissions.csv, codecarbon 2.8.3,"))
        #expect(report.contains("inputs/codecarbon-benchmarks-march.csv: CodeCarbon emissions.csv, codecarbon 3.2.6,"))
        #expect(
            report.contains(
                "inputs/usage-log-2025-03.jsonl: API usage log (JSON Lines), 585 rows, services generation, transcription, translation, 2025-03\n"
            ))
    }

    @Test func gpuTelemetryFilesSayTheirKind() throws {
        let root = try temporaryDirectory()
        try BuiltInData.extract("init/", to: root)
        let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("ReportGenCoreTests/Fixtures/measurement")
        for name in [
            "nvidia-smi-nounits-newer-driver.csv", "dcgm-openmetrics.txt", "dcgm-exporter-2025-03-01T09-00-00Z.prom",
            "query-range-2025-03-01-part1-Hostname.json",
        ] {
            try FileManager.default.copyItem(
                at: fixtures.appendingPathComponent(name), to: root.appendingPathComponent("inputs/" + name))
        }
        let found = try ValidateCommand.parse(["--workspace", root.path]).check().found
        // The nvidia-smi header: "index, timestamp, uuid, power.draw.average [mW], power.draw.instant [mW]".
        #expect(
            found["inputs/nvidia-smi-nounits-newer-driver.csv"]
                == "nvidia-smi --query-gpu CSV log, columns power.draw.average, power.draw.instant, power in mW, 2 rows"
        )
        #expect(
            found["inputs/dcgm-openmetrics.txt"]?.hasPrefix("Prometheus text exposition (DCGM exporter), OpenMetrics,")
                == true)
        #expect(
            found["inputs/dcgm-exporter-2025-03-01T09-00-00Z.prom"]?.hasPrefix(
                "Prometheus text exposition (DCGM exporter), Prometheus text format,") == true)
        #expect(
            found["inputs/query-range-2025-03-01-part1-Hostname.json"]?.hasPrefix(
                "Prometheus query_range JSON (DCGM exporter), resultType matrix,") == true)
    }

    @Test func anEmptyInputsFolderIsAWarning() throws {
        let root = try temporaryDirectory()
        try BuiltInData.extract("init/", to: root)
        try? FileManager.default.removeItem(at: root.appendingPathComponent("inputs/README.txt"))
        let validation = try ValidateCommand.parse(["--workspace", root.path]).check()
        #expect(validation.diagnostics.contains { $0.severity == .warning && $0.file == "inputs/" })
        #expect(!validation.hasErrors)
    }

    @Test func usageThatNoRuleMapsIsAWarningWithItsCountAndAnExample() throws {
        let root = try temporaryDirectory()
        try BuiltInData.extract("init/", to: root)
        let line =
            #"{"timestamp":"2025-03-01T10:00:00Z","service":"ocr","endpoint":"/v1/ocr","language":"fr","status":200}"#
        try Data((line + "\n").utf8).write(to: root.appendingPathComponent("inputs/usage.jsonl"))
        let validation = try ValidateCommand.parse(["--workspace", root.path]).check()
        let warning = try #require(validation.diagnostics.first { $0.file == "inputs/usage.jsonl" })
        #expect(
            warning.message.hasPrefix(
                "1 of 1 usage groups (month, service, endpoint, language) match no service's rules"))
        #expect(warning.message.contains(#"for example service "ocr" endpoint "/v1/ocr""#))
    }
}
