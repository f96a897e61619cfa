import Foundation
import Testing

@testable import ReportGenCore

extension ConfigTests {
    @Test func readsGPUMatchKeysAsClausesOfTheirOwnThatMatchNoRecord() throws {
        let text =
            Self.valid + """

                      hosts: [vm-whisper-*]
                      gpu_uuids: ["GPU-5b8e*"]
                shared_resources:
                  - name: GPU pool
                    match:
                      - pods: [shared-*]
                    services: [transcription, translation]
                """
        let withSecond = text.replacingOccurrences(
            of: "shared_resources:",
            with: """
                  - id: translation
                    model: nllb-200-3.3b
                    region: francecentral
                    functional_unit: thousand_characters
                    business_value: 4
                    match:
                      usage_services: [translation]
                shared_resources:
                """)
        let config = try WorkspaceConfig.parse(withSecond, file: "reportgen.yaml")
        let clauses = try #require(config.services.first?.match.clauses)
        // The mapping form: each key an alternative, so hosts and gpu_uuids are clauses of their own.
        #expect(clauses.map(\.hosts) == [[], ["vm-whisper-*"], []])
        #expect(clauses.map(\.gpuUUIDs) == [[], [], ["GPU-5b8e*"]])
        #expect(!clauses[1].matches(RecordFacts(usageService: "transcription", endpoint: "")))
        let rules = MeasuredEnergyRule.rules(services: config.services, shared: config.sharedResources)
        #expect(
            rules == [
                MeasuredEnergyRule(serviceID: "transcription", hostGlobs: ["vm-whisper-*"]),
                MeasuredEnergyRule(serviceID: "transcription", gpuUUIDGlobs: ["GPU-5b8e*"]),
                MeasuredEnergyRule(serviceID: "transcription", podGlobs: ["shared-*"], tier: 1),
                MeasuredEnergyRule(serviceID: "translation", podGlobs: ["shared-*"], tier: 1),
            ])
    }

    @Test func refusesGPUKeysBesideRecordKeysAndMalformedGPUGlobsWithTheirLines() {
        let text = Self.valid.replacingOccurrences(
            of: """
                    match:
                      usage_services: [transcription]
                """,
            with: """
                    match:
                      - usage_services: [transcription]
                        hosts: [vm-whisper-*]
                      - gpu_uuids: [5b8e1c2a]
                      - pods: ["whisper pod"]
                """)
        #expect(
            errors(text) == [
                "reportgen.yaml:10: services[0].match[0].usage_services: hosts, gpu_uuids and pods match measured GPUs, not records: expected them in a clause of their own, found usage_services beside them",
                "reportgen.yaml:12: services[0].match[1].gpu_uuids[0]: expected a GPU UUID glob as nvidia-smi and DCGM write them (GPU-5b8e1c2a-…, MIG-…, or starting with *), found 5b8e1c2a",
                "reportgen.yaml:13: services[0].match[2].pods[0]: expected a glob without spaces, found \"whisper pod\"",
            ])
    }

    @Test func readsTheMeasurementsSectionAndNamesTheLineOfABadValue() throws {
        let text =
            Self.valid + """

                measurements:
                  gap_factor: 5
                  max_plausible_watts: 800
                  nvidia_smi_hosts:
                    "nvidia-smi-whisper-*.csv": vm-whisper-fr-01
                    "inputs/gpu/*": vm-nllb-fr-01
                """
        let config = try WorkspaceConfig.parse(text, file: "reportgen.yaml")
        #expect(config.measurements.gapFactor == 5 && config.measurements.maximumPlausibleWatts == 800)
        #expect(config.measurements.nvidiaSMIHost(forFile: "inputs/nvidia-smi-whisper-0301.csv") == "vm-whisper-fr-01")
        #expect(config.measurements.nvidiaSMIHost(forFile: "inputs/gpu/log.csv") == "vm-nllb-fr-01")
        #expect(config.measurements.nvidiaSMIHost(forFile: "inputs/other.csv") == nil)
        #expect(config.measurements.options == MeasurementOptions(gapFactor: 5, maximumPlausibleWatts: 800))
        let bad = text.replacingOccurrences(of: "gap_factor: 5", with: "gap_factor: 1")
        #expect(
            errors(bad) == [
                "reportgen.yaml:12: measurements.gap_factor: expected a multiple of the scrape interval from 1.5 to 1000, found 1"
            ])
    }
}
