import Foundation
import Testing

@testable import ReportGenCore

extension MeasurementTests {
    @Suite struct NvidiaSMI {
        @Test func detectsAQueryGPULogByItsHeader() throws {
            #expect(NvidiaSMICSVImporter.detects(try measurementFixture("nvidia-smi-restarted.csv")))
            #expect(NvidiaSMICSVImporter.detects(try measurementFixture("nvidia-smi-nounits-newer-driver.csv")))
            #expect(!NvidiaSMICSVImporter.detects(Data("timestamp,project_name,duration,emissions\n".utf8)))
            // The header is the first line that is not empty; a power column on a later line does not count.
            let afterBlankLines = "\r\n\ntimestamp, power.draw [W]\r2025/03/01 09:00:00.000, 212 W"
            #expect(NvidiaSMICSVImporter.detects(Data(afterBlankLines.utf8)))
            #expect(!NvidiaSMICSVImporter.detects(Data("timestamp, index\npower.draw [W]\n".utf8)))
            #expect(!NvidiaSMICSVImporter.detects(Data("\n\r\n".utf8)))
        }

        @Test func readsUnitsInValuesAndSetsAsideNotAvailableReadings() throws {
            let result = try NvidiaSMICSVImporter.read(
                try measurementFixture("nvidia-smi-restarted.csv"), file: "inputs/smi.csv", timeZone: parisZone,
                host: "vm-whisper-01")
            let series = try #require(result.series.first)
            #expect(result.series.count == 1)
            #expect(series.identity.uuid == "GPU-aaaaaaaa-0000-0000-0000-000000000001")
            #expect(series.identity.host == "vm-whisper-01")
            #expect(series.identity.modelName == "Tesla T4")
            #expect(series.identity.gpuIndex == "0")
            // Paris is UTC+1 on 1 March: 09:00:00 local = 08:00:00Z.
            let t = utc("2025-03-01T08:00:00Z")
            #expect(series.samples.map(\.timeSeconds) == [t, t + 10, t + 30, t + 310])
            #expect(series.samples.map(\.value) == [30, 40, 50, 20])
            let missing = try #require(result.diagnostics.first { $0.message.contains("no power reading") })
            #expect(missing.line == 4)
            #expect(missing.message.hasPrefix("2 rows have no power reading (\"[N/A]\""))
        }

        @Test func namesTheFileAndLineOfABrokenLine() throws {
            let result = try NvidiaSMICSVImporter.read(
                try measurementFixture("nvidia-smi-restarted.csv"), file: "inputs/smi.csv", timeZone: parisZone)
            let broken = try #require(result.diagnostics.first { $0.message.contains("fields, expected") })
            #expect(broken.file == "inputs/smi.csv")
            #expect(broken.line == 6)
            #expect(broken.message.hasPrefix("4 fields, expected 7 as in the header of line 1"))
            #expect(broken.description.hasPrefix("inputs/smi.csv:6: warning:"))
            let restart = try #require(result.diagnostics.first { $0.message.contains("header repeated") })
            #expect(restart.line == 7 && restart.severity == .note)
        }

        @Test func integratesPowerAcrossANotAvailableReadingButNotAcrossTheRestart() throws {
            let result = try NvidiaSMICSVImporter.read(
                try measurementFixture("nvidia-smi-restarted.csv"), file: "inputs/smi.csv", timeZone: parisZone)
            let (energy, diagnostics) = GPUEnergyCalculator.compute(result.series)
            let gpu = try #require(energy.first)
            #expect(gpu.method == .powerIntegral)
            // Intervals 10, 20 and 280 s: median 20 s, gap threshold 60 s, so the 280 s across the restart is a gap.
            // Trapezoids: (30 + 40) / 2 × 10 = 350 J; (40 + 50) / 2 × 20 = 900 J; 1,250 J = 1,250 / 3.6e6 kWh.
            #expect(gpu.medianIntervalSeconds == 20)
            expectClose(gpu.energyKWhByHour[hour("2025-03-01T08:00:00Z")] ?? 0, 1250 / 3.6e6, tolerance: 1e-15)
            #expect(gpu.gaps.map(\.durationSeconds) == [280])
            #expect(diagnostics.contains { $0.message.contains("no sample for 280 s") })
        }

        @Test func readsMilliwattsAndTheNewerPowerColumnsWithoutUnitsInValues() throws {
            let result = try NvidiaSMICSVImporter.read(
                try measurementFixture("nvidia-smi-nounits-newer-driver.csv"), file: "inputs/n.csv", timeZone: parisZone
            )
            // power.draw.average first (70,000 mW), then power.draw.instant where the average is [N/A] (69,000 mW).
            #expect(result.series.first?.samples.map(\.value) == [70, 69])
            #expect(result.diagnostics.isEmpty)
        }

        @Test func readsTheRepeatedAutumnHourInOrder() throws {
            // Paris leaves summer time on 26 October 2025 at 03:00 CEST (01:00Z): 02:30 local happens twice.
            let text = """
                timestamp, power.draw [W]
                2025/10/26 02:30:00.000, 10 W
                2025/10/26 02:59:00.000, 10 W
                2025/10/26 02:00:00.000, 10 W
                2025/10/26 02:30:00.000, 10 W
                """
            let result = try NvidiaSMICSVImporter.read(Data(text.utf8), file: "inputs/dst.csv", timeZone: parisZone)
            #expect(
                result.series.first?.samples.map(\.timeSeconds) == [
                    utc("2025-10-26T00:30:00Z"), utc("2025-10-26T00:59:00Z"), utc("2025-10-26T01:00:00Z"),
                    utc("2025-10-26T01:30:00Z"),
                ])
            #expect(result.diagnostics.first?.message.hasPrefix("4 local times fall in the hour repeated") == true)
        }

        @Test func refusesAPowerUnitItDoesNotConvert() {
            let text = "timestamp, power.draw [kW]\n2025/03/01 09:00:00.000, 0.07 kW\n"
            #expect(
                throws: MeasurementError.unsupportedUnit(
                    file: "inputs/u.csv", line: 1, column: 2, field: "power.draw", found: "kW", expected: "W or mW")
            ) { try NvidiaSMICSVImporter.read(Data(text.utf8), file: "inputs/u.csv", timeZone: parisZone) }
        }

        @Test func refusesALogWithoutPower() {
            let text = "timestamp, utilization.gpu [%]\n2025/03/01 09:00:00.000, 3 %\n"
            #expect(
                throws: MeasurementError.missingColumn(
                    file: "inputs/p.csv", line: 1, column: "power.draw", header: "timestamp, utilization.gpu [%]")
            ) { try NvidiaSMICSVImporter.read(Data(text.utf8), file: "inputs/p.csv", timeZone: parisZone) }
        }
    }
}
