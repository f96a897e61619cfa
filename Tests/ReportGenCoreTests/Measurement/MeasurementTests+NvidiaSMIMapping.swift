import Foundation
import Testing

@testable import ReportGenCore

extension MeasurementTests {
    @Suite struct NvidiaSMIMapping {
        /// An nvidia-smi log names no host: `measurements.nvidia_smi_hosts` gives it one, `services[].match.hosts`
        /// maps it, and its rows in emissions.csv say `nvidia-smi`.
        @Test func givesAnNvidiaSMILogTheHostConfiguredForItsFileAndMapsItByHost() throws {
            let yaml = """
                organisation: Test SAS
                languages: [fr]
                services:
                  - id: transcription
                    model: whisper-large-v3
                    region: francecentral
                    functional_unit: audio_minute
                    business_value: 5
                    match:
                      usage_services: [transcription]
                      hosts: [vm-whisper-*]
                measurements:
                  nvidia_smi_hosts: {"gpu-*.csv": vm-whisper-fr-01}
                """
            let config = try WorkspaceConfig.parse(yaml, file: "reportgen.yaml")
            // 40 W every 10 s from 09:00 to 11:00 Paris time on 1 March 2025 (08:00–10:00 UTC).
            var log = "timestamp, name, uuid, power.draw [W]\n"
            for step in 0...720 {
                let seconds = step * 10
                log += String(
                    format:
                        "2025/03/01 %02d:%02d:%02d.000, Tesla T4, GPU-5b8e1c2a-0000-0000-0000-000000000001, 40.00 W\n",
                    9 + seconds / 3600, seconds / 60 % 60, seconds % 60)
            }
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("rg-smi-\(UUID()).csv")
            try Data(log.utf8).write(to: url)
            let file = InputFile(name: "inputs/gpu-whisper.csv", url: url)
            let outcome = Ingestion.run(
                [file], context: ImportContext(timeZone: config.timeZone, nvidiaSMIHost: config.measurements.hostLookup)
            ) { _ in ("", 0) }
            #expect(!outcome.hasErrors)
            var usage = HourlyUsage()
            usage.addRequest(
                startSeconds: utc("2025-03-01T08:30:00Z"), busySeconds: 600, service: "transcription", endpoint: "",
                language: "fr")
            let measured = try #require(
                MeasuredGPUEnergy.compute(
                    series: outcome.measuredSeries, usage: usage, config: config,
                    serviceOfUsage: { service, _ in service == "transcription" ? "transcription" : nil },
                    period: YearMonth(year: 2025, month: 3), nvidiaSMIFiles: outcome.nvidiaSMIFiles,
                    hasMonthlyRollup: false))
            // 08:00Z: 40 W × 3,600 s = 144,000 J with 600 s busy; 09:00Z: 144,000 J without work, so idle power is
            // 40 W. 08:00Z idle 40 × 3,000 = 120,000 J, work 24,000 J = 1/150 kWh. Idle 264,000 J = 0.07333… kWh.
            expectClose(try #require(measured.energyKWh(service: "transcription", language: "fr")), 24_000 / 3.6e6)
            expectClose(try #require(measured.idleKWh(service: "transcription")), 264_000 / 3.6e6)
            // Two hours of 743 measured.
            expectClose(try #require(measured.services.first).coverage, 2.0 / 743)
            let records = measured.emissionRecords(services: config.services, factors: try ReferenceFactors.builtIn())
            #expect(records.map(\.language) == ["fr", "idle"])
            #expect(records.allSatisfy { $0.source == .nvidiaSMI && $0.method == .measured })
            #expect(
                records[0].provenance.description.hasPrefix(
                    "inputs/gpu-whisper.csv [power-integral host=vm-whisper-fr-01"))
            expectClose(try #require(records[1].kgCO2e), 264_000 / 3.6e6 * 52.87 / 1000)
        }
    }
}
