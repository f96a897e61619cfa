import Foundation
import Testing

@testable import ReportGenCore

extension MeasurementTests {
    /// The demo pack (built once per process) with its March DCGM files: measured, idle and coverage per service, in
    /// the pack's content, its emissions.csv and its HTML.
    @Suite struct DemoPack {
        @Test func showsMeasuredWorkIdleAndCoveragePerServiceAsTheGeneratorMadeThem() throws {
            let content = try SharedDemo.content()
            let measured = try #require(content.measuredGPU)
            #expect(measured.period == YearMonth(year: 2025, month: 3))
            #expect(measured.basis == "busy-gpu-seconds")
            #expect(measured.services.map(\.service) == ["transcription", "translation", "generation"])
            let (_, busy, transcriptionWh) = try DemoDCGM().usageLog()
            // March 2025 in Europe/Paris: 743 hours. The generator's GPUs idle at 8 W and draw 64 W while busy, so
            // work = 64 W × busy and idle = 8 W × (wall − busy); the AKS node loses 720 J to its driver reload (an
            // hour without work, so idle's).
            let wall = 743 * 3600.0
            for summary in measured.services {
                let seconds = busy[summary.service] ?? 0
                let lost = summary.service == "generation" ? 720.0 : 0
                expectClose(summary.workKWh, 64 * seconds / 3.6e6, tolerance: 1e-6)
                expectClose(summary.idleKWh, (8 * (wall - seconds) - lost) / 3.6e6, tolerance: 1e-6)
                #expect(summary.coverage == 1 && summary.gpuCount == 1 && summary.gapCount == 0)
                #expect(summary.resetCount == (summary.service == "generation" ? 1 : 0))
                #expect(summary.idleMethods == ["idle power from hours without work"])
            }
            // Transcription's work is the log's energy_wh without its 1.3 server overhead, to its 1 mWh rounding.
            let transcription = try #require(measured.services.first)
            expectClose(transcription.workKWh, transcriptionWh / 1.3 / 1000, tolerance: 1e-4)
            // The cells add up to the service's work.
            let cells = ["fr", "en", "es", "ar"].compactMap {
                measured.energyKWh(service: "transcription", language: $0)
            }
            expectClose(cells.reduce(0, +), transcription.workKWh)
            #expect(measured.unallocatedKWh == 0)
        }

        @Test func listsTheMeasurementAsMeasuredRowsOfEmissionsCSVWithIdleApart() throws {
            let content = try SharedDemo.content()
            let measured = try #require(content.measuredGPU)
            let csv = content.emissionsCSV(CSVWriter(dialect: .rfc4180))
            let rows = csv.split(whereSeparator: \.isNewline).map(String.init).filter { $0.contains(",measured,") }
            let idle = try #require(rows.first { $0.hasPrefix("2025-03,transcription,idle,dcgm,operational,") })
            let fields = idle.split(separator: ",", maxSplits: 9).map(String.init)
            let kWh = try #require(Double(fields[5]))
            let kg = try #require(Double(fields[6]))
            expectClose(kWh, try #require(measured.idleKWh(service: "transcription")))
            // francecentral's grid factor, 52.87 gCO2e/kWh (data/reference-factors.csv), on the GPU energy alone.
            expectClose(kg, kWh * 52.87 / 1000)
            #expect(fields[7] == "measured" && fields[8] == "measured")
            #expect(
                idle.contains(
                    "inputs/dcgm-energy-2025-03-part1.json + inputs/dcgm-energy-2025-03-part2.json [counter host=vm-whisper-fr-01"
                ))
            #expect(idle.contains("kgCO2e = kWh × grid.francecentral.gco2e_per_kwh 52.87 gCO2e/kWh"))
            // Per service: its work languages and one idle row; generation is priced with westeurope's grid.
            #expect(rows.filter { $0.contains(",idle,dcgm,") }.count == 3)
            #expect(rows.contains { $0.hasPrefix("2025-03,transcription,fr,dcgm,operational,") })
            #expect(rows.contains { $0.hasPrefix("2025-03,generation,idle,dcgm,") && $0.contains("grid.westeurope") })
        }

        @Test func thePackShowsTheMeasuredSectionWithItsChartAndDailyTable() throws {
            let html = try String(
                contentsOf: try SharedDemo.pack().appendingPathComponent("index.html"), encoding: .utf8)
            let start = try #require(html.range(of: "<section id=\"measured-gpu\">"))
            let section = html[start.lowerBound...].prefix { _ in true }
            let end = try #require(section.range(of: "</section>"))
            let body = String(section[..<end.lowerBound])
            #expect(body.contains("data-figure=\"idle_share\""))
            #expect(body.contains("<svg") && body.contains("<polygon"))
            // One daily row per day of March.
            #expect(body.components(separatedBy: "<tr><td>").count - 1 >= 31)
        }
    }
}
