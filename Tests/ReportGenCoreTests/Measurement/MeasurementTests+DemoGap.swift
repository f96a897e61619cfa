import Foundation
import Testing

@testable import ReportGenCore

extension MeasurementTests {
    /// The demo with three days of the translation GPU's DCGM counter cut out (2025-03-10 to 03-13 UTC): the hours
    /// the telemetry missed are filled by the model, labelled per cell and per service.
    @Suite struct DemoGap {
        static let cut: ClosedRange<Double> = 1_741_564_800...1_741_824_000  // 2025-03-10T00:00Z…03-13T00:00Z

        /// The demo workspace (100 draws) with the cut made in the first query_range file.
        func content() throws -> PackContent {
            let root = try demoWorkspace(draws: 100)
            let url = root.appendingPathComponent("inputs/dcgm-energy-2025-03-part1.json")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
            var data = try #require(json["data"] as? [String: Any])
            var result = try #require(data["result"] as? [[String: Any]])
            for index in result.indices {
                let metric = result[index]["metric"] as? [String: String] ?? [:]
                guard metric["Hostname"] == "vm-nllb-fr-01" else { continue }
                let values = try #require(result[index]["values"] as? [[Any]])
                result[index]["values"] = values.filter {
                    !Self.cut.contains(($0.first as? NSNumber)?.doubleValue ?? 0)
                }
            }
            data["result"] = result
            // Written as Prometheus does, `status` first.
            let body = try JSONSerialization.data(withJSONObject: data, options: [.sortedKeys])
            try (Data("{\"status\":\"success\",\"data\":".utf8) + body + Data("}".utf8)).write(to: url)
            return try ReportPipeline(workspace: try Workspace.load(root)).run(
                options: BuildOptions(now: SharedDemo.buildTime), progress: SilentProgress())
        }

        @Test func theModelFillsTheHoursTheTelemetryMissedAndThePackSaysHowMuch() throws {
            let content = try content()
            let carbon = content.carbon
            let measured = try #require(content.measuredGPU)
            let summary = try #require(measured.services.first { $0.service == "translation" })
            // About 72 of March's 743 hours are missing (the samples either side of the cut bound the gap).
            #expect(abs(summary.coverage - (1 - 72.0 / 743)) < 0.001, "\(summary.coverage)")
            #expect(summary.gapCount == 1)
            #expect(
                content.diagnostics.contains { $0.severity == .warning && $0.message.contains("host=vm-nllb-fr-01") })
            let overhead = try #require(carbon.measuredOverheads["translation"])
            let document = try #require(PackDocument(content, toolVersion: "test").measuredGPU)
            for language in ["fr", "en", "es"] {
                let key = CellKey(service: "translation", language: language)
                let cell = try #require(carbon.model.cells.first { $0.key == key })
                let measurement = try #require(measured.cellMeasurements.first { $0.key == key })
                // The cell's work in measured hours over its work: below 1 where it worked during the cut.
                #expect(cell.energyCoverage == measurement.coverage)
                if measurement.coverage < EnergyCalibration.measuredCoverage {
                    #expect(cell.energyBasis == .calibrated)
                }
                expectClose(cell.modelledEnergyShare, 1 - measurement.coverage, tolerance: 1e-12)
                // The measured part is the GPU energy × CodeCarbon's overhead; the model adds the rest.
                let gpu = try #require(measured.energyKWh(service: "translation", language: language))
                expectClose(cell.measuredServerKWh, gpu * overhead, tolerance: 1e-12)
                let row = try #require(document.cells.first { $0.service == "translation" && $0.language == language })
                expectClose(row.measuredShare + row.gapFillShare, 1, tolerance: 1e-12)
                expectClose(row.workCoverage, measurement.coverage)
            }
            let covered = try #require(
                ["fr", "en", "es"].compactMap { l in
                    measured.cellMeasurements.first { $0.key.language == l && $0.key.service == "translation" }
                }
                .min { $0.coverage < $1.coverage })
            #expect(covered.coverage < 0.99)
            #expect(document.cells.contains { $0.service == "translation" && $0.gapFillShare > 0.01 })

            // Idle: coverage × (GPU + host idle power) measured, (1 − coverage) × the VM's 20.9 W drawn, over the
            // model's idle hours (reserved − busy, Arabic's assumed work included), × PUE.
            let idle = try #require(carbon.idleCalibrations.first { $0.service == "translation" })
            expectClose(idle.coverage, summary.coverage)
            expectClose(idle.modelledShare, 1 - summary.coverage, tolerance: 1e-12)
            let estimate = try #require(carbon.base["translation"])
            let busy = estimate.cells.keys.sorted().reduce(0) { $0 + (estimate.cells[$1]?.busyHours ?? 0) }
            let pue = try #require(carbon.factors.factors["azure.pue.francecentral"]).value
            let expected =
                (idle.coverage * (idle.gpuIdleWatts + idle.hostIdleWatts) + (1 - idle.coverage) * 20.9)
                * (estimate.reservedHours - busy) / 1000 * pue
            expectClose(estimate.unallocatedIdleKWh, expected, tolerance: 1e-9)
            // The measured column says how much of the month it covers, and the note follows.
            let reconciliation = try #require(
                carbon.reconciliation.first { $0.service == "translation" && $0.period == measured.period })
            expectClose(try #require(reconciliation.measuredGPU).coverage, summary.coverage)
            #expect(reconciliation.measurementNotes.contains(.partialMeasurement))
        }
    }
}
