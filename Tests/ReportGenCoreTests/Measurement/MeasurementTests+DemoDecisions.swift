import Foundation
import Testing

@testable import ReportGenCore

extension MeasurementTests {
    /// Issue 13's "done when" on the demo: the pack shows measured, idle and coverage per service, and its decisions
    /// (the plan evaluator behind the baseline, the plan and each cell's avoidable carbon) use the measured figures.
    @Suite struct DemoDecisions {
        @Test func thePackJSONAndTheHTMLShowMeasuredIdleAndCoveragePerService() throws {
            let content = try SharedDemo.content()
            let measured = try #require(content.measuredGPU)
            let document = try #require(PackDocument(content, toolVersion: "test").measuredGPU)
            #expect(document.period == "2025-03" && document.basis == "busy-gpu-seconds")
            #expect(document.services.map(\.service) == ["transcription", "translation", "generation"])
            for (row, summary) in zip(document.services, measured.services) {
                expectClose(row.measuredKwh, summary.workKWh + summary.idleKWh)
                expectClose(row.idleKwh, summary.idleKWh)
                expectClose(row.idleShare, summary.idleKWh / (summary.workKWh + summary.idleKWh))
                #expect(row.coverage == 1 && row.method == "dcgm_counter")
                #expect(row.scope2 != nil && row.idleCalibration != nil)
            }
            // Per cell: every logged cell is measured; Arabic (assumed volume, no request in March) is calibrated by
            // its service's measured ratio, with no measured share.
            for cell in document.cells {
                if cell.language == "ar" {
                    #expect(cell.energyBasis == "calibrated" && cell.measuredShare == 0 && cell.measuredKwh == nil)
                } else {
                    #expect(cell.energyBasis == "measured" && cell.workCoverage == 1 && cell.gapFillShare == 0)
                    expectClose(cell.measuredShare, 1, tolerance: 1e-12)
                }
            }
            let generation = try #require(document.cells.first { $0.service == "generation" && $0.language == "fr" })
            #expect(
                generation.energySources.first?.hasPrefix("dcgm_counter inputs/dcgm-energy-2025-03-part1.json") == true)
            // Transcription's cells keep the usage log's energy_wh: it covers the same work at the server boundary.
            let transcription = try #require(
                document.cells.first { $0.service == "transcription" && $0.language == "fr" })
            #expect(transcription.energySources == ["usage-log energy_wh"])

            let html = try String(
                contentsOf: try SharedDemo.pack().appendingPathComponent("index.en.html"), encoding: .utf8)
            let start = try #require(html.range(of: "<section id=\"measured-gpu\">"))
            let section = String(html[start.lowerBound...].prefix(while: { _ in true }))
            let body = String(section[..<(try #require(section.range(of: "</section>"))).lowerBound])
            for figure in ["measured_kwh", "idle_share", "coverage"] {
                #expect(body.components(separatedBy: "data-figure=\"\(figure)\"").count - 1 == 3, "\(figure)")
            }
            // Twelve cells with their energy basis (nine measured, three calibrated), three idle lines without one, three
            // idle calibrations naming the factor they replace.
            #expect(body.components(separatedBy: "data-figure=\"energy_basis\">measured<").count - 1 == 9)
            #expect(body.components(separatedBy: "data-figure=\"energy_basis\">calibrated<").count - 1 == 3)
            #expect(body.components(separatedBy: "data-figure=\"energy_basis\"><").count - 1 == 3)
            #expect(body.components(separatedBy: "in place of vm.nc4as_t4_v3.idle_w").count - 1 == 3)
        }

        /// Generation · FR's variable part (what stopping it avoids with the VM kept) from the measured figures by
        /// hand: over each window month, files × (measured server kWh per file − busy hours per file × the measured
        /// idle power), × PUE × grid. Its embodied emissions of busy hours cancel with the embodied share of the idle
        /// hours it hands back.
        @Test func theDecisionsAvoidableCarbonComesFromTheMeasuredWorkAndIdle() throws {
            let content = try SharedDemo.content()
            let carbon = content.carbon
            let measured = try #require(content.measuredGPU)
            let key = CellKey(service: "generation", language: "fr")
            let cell = try #require(carbon.model.cells.first { $0.key == key })
            #expect(cell.energyBasis == .measured)
            let overhead = try #require(carbon.measuredOverheads["generation"])
            let gpuKWh = try #require(measured.energyKWh(service: "generation", language: "fr"))
            let serverPerFile = gpuKWh * overhead / cell.files
            expectClose(try #require(cell.serverKWhPerFile), serverPerFile, tolerance: 1e-15)
            let idle = try #require(carbon.idleCalibrations.first { $0.service == "generation" })
            #expect(idle.coverage == 1 && idle.modelledShare == 0)
            let idleWatts = idle.gpuIdleWatts + idle.hostIdleWatts
            let pue = try #require(carbon.factors.factors["azure.pue.westeurope"]).value
            let grid = try #require(carbon.factors.factors["grid.westeurope.gco2e_per_kwh"]).value
            let busyPerFile = try #require(cell.busyHoursPerFile)
            let evaluator = content.decisions.evaluator
            let service = try #require(evaluator.services.firstIndex { $0.id == "generation" })
            let index = try #require(evaluator.cells[service].firstIndex(of: key))
            let expected = evaluator.files[service][index].reduce(0) {
                $0 + $1 * (serverPerFile - busyPerFile * idleWatts / 1000) * pue * grid / 1000
            }
            let avoidable = try #require(content.decisions.avoidable[key])
            expectClose(avoidable.variable.central, expected, tolerance: 1e-9)
            #expect(expected > 0)
        }

        /// The reconciliation's measured column, like with like: transcription's GPU energy as Scope 2 against
        /// Microsoft's Scope 1+2 (its figure × (1 − Scope 3 share)), overhead, host idle and PUE named.
        @Test func theReconciliationComparesTheMeasuredScope2WithTheProvidersScope12() throws {
            let carbon = try SharedDemo.content().carbon
            let measured = try #require(try SharedDemo.content().measuredGPU)
            let row = try #require(
                carbon.reconciliation.first {
                    $0.service == "transcription" && $0.period == YearMonth(year: 2025, month: 3)
                })
            let gpu = try #require(row.measuredGPU)
            let summary = try #require(measured.services.first { $0.service == "transcription" })
            let idle = try #require(carbon.idleCalibrations.first { $0.service == "transcription" })
            let overhead = try #require(carbon.measuredOverheads["transcription"])
            // Server: work × CodeCarbon's overhead + GPU idle + host idle (20.9 − 8 = 12.9 W × the idle hours).
            let server = summary.workKWh * overhead + summary.idleKWh + 12.9 * idle.idleHours / 1000
            expectClose(gpu.serverKWh, server, tolerance: 1e-9)
            #expect(gpu.serverOverheadSource == "codecarbon" && gpu.hostIdleMethod == .vmIdleLessGPUIdle)
            #expect(gpu.pueKey == "azure.pue.francecentral" && gpu.gridKey == "grid.francecentral.gco2e_per_kwh")
            // × PUE 1.185 × 52.87 gCO2e/kWh.
            expectClose(gpu.kgCO2e, server * 1.185 * 52.87 / 1000, tolerance: 1e-12)
            expectClose(try #require(row.measuredKg), gpu.kgCO2e)
            let comparison = try #require(row.measuredScope12)
            let provider = try #require(row.providerKg)
            let scope3 = try #require(row.providerScope3Share)
            expectClose(comparison.referenceKg, provider * (1 - scope3), tolerance: 1e-12)
            expectClose(comparison.modelKg, gpu.kgCO2e)
            // The measurement lies above Microsoft's market-based Scope 1+2 by less than its whole figure.
            #expect(comparison.status == .explained && comparison.causes == [.marketVersusLocation])
            // Measured and modelled operational agree within 10 % here: the model uses the same measured energy.
            #expect(abs(gpu.kgCO2e / row.components.operationalKg - 1) < 0.1)
            #expect(!row.measurementNotes.contains(.partialMeasurement))

            // reconciliation.csv carries the same comparison in its last columns.
            let csv = try SharedDemo.content().reconciliationCSV(CSVWriter(dialect: .rfc4180))
            var reader = CSVReader(fileName: "reconciliation.csv", bytes: Array(csv.utf8))
            var lines: [[String]] = []
            while let record = try reader.next() { lines.append(record.fields) }
            let header = try #require(lines.first)
            let line = try #require(lines.first { $0.starts(with: ["2025-03", "transcription"]) })
            func field(_ name: String) throws -> String { line[try #require(header.firstIndex(of: name))] }
            expectClose(try #require(Double(try field("measured_gpu_kwh"))), summary.workKWh + summary.idleKWh)
            expectClose(try #require(Double(try field("measured_server_kwh"))), server, tolerance: 1e-9)
            #expect(try field("measured_scope12_status") == "explained")
            #expect(try field("measured_scope12_causes") == "market_vs_location")
        }
    }
}
