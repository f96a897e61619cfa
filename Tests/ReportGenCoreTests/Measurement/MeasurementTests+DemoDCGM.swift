import Foundation
import Testing

@testable import ReportGenCore

/// The demo's generated DCGM files (`data/demo/tools/make_demo_dcgm.py`), in the repository's `data/demo/inputs`.
let demoInputs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("data/demo/inputs")

let demoDCGMFiles = ["dcgm-energy-2025-03-part1.json", "dcgm-energy-2025-03-part2.json"]

extension MeasurementTests {
    /// The demo's generated DCGM files against its usage log.
    @Suite
    struct DemoDCGM {
        /// Busy seconds per service from the usage log, each request from its timestamp for its gpu_seconds.
        func usageLog() throws -> (work: HourlyWorkTable, busySeconds: [String: Double], transcriptionWh: Double) {
            let text = try String(
                contentsOf: demoInputs.appendingPathComponent("usage-log-2025-03.jsonl"), encoding: .utf8)
            var work = HourlyWorkTable(basis: .busySeconds)
            var busy: [String: Double] = [:]
            var wh = 0.0
            for line in text.split(separator: "\n") {
                let record = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                let service = try #require(record["service"] as? String)
                let timestamp = try #require(record["timestamp"] as? String)
                let start = Double(try #require(parseISO8601Seconds(timestamp)))
                let seconds = (record["gpu_seconds"] as? NSNumber)?.doubleValue ?? 0
                work.addBusyInterval(
                    startSeconds: start, busySeconds: seconds, service: service,
                    language: try #require(record["language"] as? String))
                busy[service, default: 0] += seconds
                if service == "transcription" { wh += (record["energy_wh"] as? NSNumber)?.doubleValue ?? 0 }
            }
            return (work, busy, wh)
        }

        @Test func demoCountersAgreeWithTheUsageLogsBusyTime() throws {
            var set = MeasuredSeriesSet()
            for name in demoDCGMFiles {
                let data = try Data(contentsOf: demoInputs.appendingPathComponent(name))
                #expect(PrometheusQueryRangeImporter.detects(data))
                set.add(try PrometheusQueryRangeImporter.read(data, file: "inputs/" + name))
            }
            let (series, _) = set.merged()
            #expect(series.map(\.samples.count) == [11_146, 11_146, 11_146])
            let (energy, diagnostics) = GPUEnergyCalculator.compute(series)
            #expect(!diagnostics.contains { $0.severity == .warning })
            #expect(diagnostics.filter { $0.message.contains("counter reset at 2025-03-16T03:04:00Z") }.count == 1)
            let march = UTCHour.hours(of: YearMonth(year: 2025, month: 3), in: parisZone)
            let (work, busy, transcriptionWh) = try usageLog()
            let wall = Double(march.count) * 3600
            let hostOf = [
                "transcription": "vm-whisper-fr-01", "translation": "vm-nllb-fr-01",
                "generation": "aks-gpupool-31415926-vmss000000",
            ]
            for (service, host) in hostOf {
                let gpu = try #require(energy.first { $0.identity.host == host })
                #expect(gpu.coverage(in: march) == 1)
                // The generator's model: 8 W idle all month + 56 W more while busy; the AKS node loses the 90 s
                // between its 03:00:00 sample and the 03:01:30 driver reload (8 W × 90 s = 720 J).
                let lost = service == "generation" ? 720.0 : 0
                let expected = (8 * wall + 56 * (busy[service] ?? 0) - lost) / 3.6e6
                expectClose(gpu.energyKWh(in: march), expected, tolerance: 1e-9)
            }
            // Transcription's board energy above idle-while-not-busy is 64 W × busy = Σ energy_wh / 1.3 (the log's
            // server overhead), to the log's rounding of energy_wh to 1 mWh per request.
            let transcription = try #require(energy.first { $0.identity.host == "vm-whisper-fr-01" })
            let boardBusyKWh = transcription.energyKWh(in: march) - 8 * (wall - (busy["transcription"] ?? 0)) / 3.6e6
            expectClose(boardBusyKWh, transcriptionWh / 1.3 / 1000, tolerance: 1e-4)

            let rules = [
                MeasuredEnergyRule(serviceID: "transcription", hostGlobs: ["vm-whisper-*"]),
                MeasuredEnergyRule(serviceID: "translation", hostGlobs: ["vm-nllb-*"]),
                MeasuredEnergyRule(serviceID: "generation", podGlobs: ["generation-*"]),
            ]
            let allocation = MeasuredEnergyAllocator.allocate(energy: energy, rules: rules, work: work, hours: march)
            #expect(!allocation.diagnostics.contains { $0.severity != .note })
            // Every GPU idles at the generator's 8 W in its hours without work, so its work gets 64 W × busy: for
            // transcription Σ energy_wh / 1.3 (the log's server overhead), to the log's 1 mWh rounding.
            #expect(allocation.gpus.allSatisfy { $0.idleMethod == .idlePowerFromHoursWithoutWork })
            for gpu in allocation.gpus { expectClose(try #require(gpu.idlePowerWatts), 8, tolerance: 1e-6) }
            let transcriptionWork = allocation.lines.filter { $0.kind == .work && $0.service == "transcription" }
                .reduce(0) { $0 + $1.energyKWh }
            expectClose(transcriptionWork, transcriptionWh / 1.3 / 1000, tolerance: 1e-4)
            for service in ["translation", "generation"] {
                let workKWh = allocation.lines.filter { $0.kind == .work && $0.service == service }
                    .reduce(0) { $0 + $1.energyKWh }
                expectClose(workKWh, 64 * (busy[service] ?? 0) / 3.6e6, tolerance: 1e-6)
            }
            #expect(allocation.unmeasuredWork.isEmpty)
            #expect(allocation.unallocatedKWh == 0)
            expectClose(allocation.totalKWh, energy.reduce(0) { $0 + $1.energyKWh(in: march) })
            #expect(
                Set(allocation.lines.map { "\($0.service)/\($0.language ?? "-")" }).isSuperset(of: [
                    "transcription/fr", "transcription/en", "transcription/es", "transcription/idle", "generation/idle",
                ]))
        }
    }
}
