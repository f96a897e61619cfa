import Foundation
import Testing

@testable import ReportGenCore

/// Measurement first, the calendar and failed requests (issue 12), on the demo and on small hand-made cells.
@Suite struct EnergyCalibrationTests {
    @Test func demoTranscriptionCellsUseTheMeasuredEnergyPerAudioHour() throws {
        let carbon = try SharedDemo.content().carbon
        let pue = try #require(carbon.factors.factors["azure.pue.francecentral"]).value
        for language in ["fr", "en", "es"] {
            let cell = try #require(
                carbon.model.cells.first { $0.key == CellKey(service: "transcription", language: language) })
            #expect(cell.energyBasis == .measured)
            #expect(cell.energyCoverage == 1)
            let estimate = try #require(carbon.base["transcription"]?.cells[language])
            // Server Wh per audio hour = dynamic ÷ PUE ÷ audio hours. The usage log of March 2025 gives, over the
            // successful requests: fr 995.712 Wh ÷ 69.041 h = 14.42, en 481.355 ÷ 33.411 = 14.41,
            // es 311.636 ÷ 21.454 = 14.53 Wh per audio hour: each within 5 % of 14.4.
            let whPerAudioHour = estimate.dynamicKWh / pue * 1000 / (estimate.functionalUnits / 60)
            #expect(abs(whPerAudioHour / 14.4 - 1) < 0.05, "\(language): \(whPerAudioHour)")
        }
        // Arabic has no usage: its factor is calibrated by the service's measured ratio.
        let arabic = try #require(
            carbon.model.cells.first { $0.key == CellKey(service: "transcription", language: "ar") })
        #expect(arabic.energyBasis == .calibrated && arabic.energyCoverage == 0)
        let calibration = try #require(carbon.calibrations.first { $0.service == "transcription" })
        #expect(calibration.factorKey == "whisper-large-v3.gpu.kwh_per_audio_hour" && calibration.builtInValue == 0.015)
        // Measured 1,788.7 Wh against the modelled factor × overhead over the same audio: a ratio well below 1.
        #expect(calibration.ratio < 1 && calibration.calibratedValue < calibration.builtInValue)
    }

    @Test func theServerOverheadComesFromCodeCarbonOnTheSameVM() throws {
        let carbon = try SharedDemo.content().carbon
        // data/demo/inputs/codecarbon-benchmarks-march.csv line 2: energy_consumed 0.025203 ÷ gpu_energy 0.013314
        // = 1.893; the runs of both files give about 1.89 for every service.
        let overhead = try #require(carbon.measuredOverheads["transcription"])
        #expect(abs(overhead - 1.89) < 0.03, "\(overhead)")
    }

    @Test func aFactorAboveTheDevicesMaximumPowerIsAWarningNamingBothNumbers() throws {
        let content = try SharedDemo.content()
        // whisper-large-v3.gpu.kwh_per_audio_hour 15 Wh per audio hour over a logged RTF of about 0.173
        // (fr: 43,083.9 GPU s for 248,547.1 audio s) needs about 86.6 W; the T4's maximum is 70–71 W.
        let warning = try #require(
            content.diagnostics.first { $0.message.contains("whisper-large-v3.gpu.kwh_per_audio_hour") })
        #expect(warning.severity == .warning)
        #expect(warning.message.contains(" W on the T4") && warning.message.contains("71 W (gpu.t4.tdp_w)"))
    }

    @Test func alwaysOnVMsReserveTheCalendarsHours() throws {
        let carbon = try SharedDemo.content().carbon
        let central = carbon.model.values(\.value, from: carbon.factors)
        var february = carbon.model.baseScenario
        february.period = YearMonth(year: 2025, month: 2)
        let march = carbon.model.evaluate(carbon.model.baseScenario, factors: central)
        let feb = carbon.model.evaluate(february, factors: central)
        // One always-on VM per service: 24 h × 31 days = 744 h in March, 24 × 28 = 672 h in February.
        #expect(march["transcription"]?.reservedHours == 744)
        #expect(feb["transcription"]?.reservedHours == 672)
        // The demo's reconciliation of February and March: the idle part follows the same ratio of hours.
        let rows = carbon.reconciliation.filter { $0.service == "generation" }
        let idle = Dictionary(uniqueKeysWithValues: rows.map { ($0.period.description, $0.modelledIdleKg) })
        let marchBusy = (march["generation"]?.cells.values.reduce(0) { $0 + $1.busyHours }) ?? 0
        let hoursRatio = (672 - marchBusy) / (744 - marchBusy)
        // Busy hours differ little between the months (Feb 2,445 GPU s vs Mar 2,667): within 1 % of the ratio.
        #expect(abs((idle["2025-02"] ?? 0) / (idle["2025-03"] ?? 1) / hoursRatio - 1) < 0.01)
    }

    @Test func aDeclaredHoursPerMonthIsKeptWhateverTheCalendar() {
        var hardware = ServiceHardware()
        #expect(hardware.reservedHours(in: YearMonth(year: 2024, month: 2)) == 696)  // 29 days in 2024
        hardware.declaredHoursPerMonth = 200
        #expect(hardware.reservedHours(in: YearMonth(year: 2025, month: 2)) == 200)
    }

    @Test func failedRequestsCountByGPUTimeNotByAudioLength() throws {
        let config = try WorkspaceConfig.parse(CarbonModelTests.frenchOnly, file: "reportgen.yaml")
        let factors = try ReferenceFactors.builtIn()
        let specs = try config.services.map { try ServiceModelSpec.make(for: $0, factors: factors) }
        let month = YearMonth(year: 2025, month: 3)
        var activity = Activity()
        activity.requests = 11
        activity.files = 10
        activity.failedRequests = 1
        // Ten successful files of 30 min, one failed request of 60 min that used 36 GPU seconds.
        activity.audioSeconds = 10 * 1800 + 3600
        activity.failedAudioSeconds = 3600
        activity.gpuSeconds = 10 * 360 + 36
        activity.failedGPUSeconds = 36
        let cells = CellBasis.cells(
            config: config, period: month, activity: ["transcription": ["fr": [month: activity]]])
        let cell = try #require(cells.first { $0.key.language == "fr" })
        #expect(cell.audioHoursPerFile == 0.5)
        let model = CarbonModel(workload: config.workload, forecast: config.forecast, specs: specs, cells: cells)
        let estimate = try #require(
            model.evaluate(model.baseScenario, factors: model.values(\.value, from: factors))["transcription"]?.cells[
                "fr"])
        // Work: 5 audio hours × 0.015 kWh × 1.3 = 0.0975 kWh; failed: 0.01 GPU h × 87.7 W = 0.000877 kWh;
        // × PUE 1.185 = 0.116576745 kWh. The failed hour of audio is not charged (it would add 0.0231 kWh).
        #expect(abs(estimate.dynamicKWh - 0.116576745) < 1e-9)
        #expect(estimate.functionalUnits == 300)
    }
}

/// The boundary and the data-quality grading (issue 12).
@Suite struct BoundaryAndQualityTests {
    @Test func theBoundaryListsTheProvidersSupportingInfrastructureWithItsShare() throws {
        let boundary = try SharedDemo.content().carbon.boundary
        // data/demo/inputs/carbon-optimization-items-2025-03.json: ca-aiapi-gateway 1.9822 + staiapifr01 0.8798 +
        // aks-aiapi-we 0.4346 = 3.2966 kg of 51.2828 kg = 6.43 %.
        #expect(boundary.supporting.map(\.name) == ["aks-aiapi-we", "ca-aiapi-gateway", "staiapifr01"])
        #expect(abs(boundary.supporting.reduce(0) { $0 + $1.kgCO2e } - 3.2966) < 1e-9)
        #expect(abs((boundary.supportingShare ?? 0) - 3.2966 / 51.2828) < 1e-9)
    }

    @Test func activityAndFactorQualityAreGradedSeparately() throws {
        let carbon = try SharedDemo.content().carbon
        func quality(_ service: String, _ language: String) throws -> CellQuality {
            let cell = try #require(
                carbon.model.cells.first { $0.key == CellKey(service: service, language: language) })
            return CellQuality(
                cell: cell, spec: carbon.model.specs.first { $0.service.id == service }, factors: carbon.factors)
        }
        // Transcription/fr: logged and measured, good on every indicator.
        #expect(try quality("transcription", "fr").factor.overall == .good)
        // Translation/fr: logged activity (good); its factor is derived [D] ("derived (1.4 J/token)"), but the March
        // DCGM counter measures its work (issue 13), so its energy is measured and good.
        let translation = try quality("translation", "fr")
        #expect(translation.activity.overall == .good)
        #expect(translation.factorProvenance == .derived && translation.energyBasis == .measured)
        #expect(translation.factor.reliability == .good)
        // Generation/ar: assumed activity, poor on time and completeness.
        #expect(try quality("generation", "ar").activity.temporal == .poor)
    }

    @Test func ccfRecommendationsAreShownAndContradictingHardwareIsAWarning() throws {
        let content = try SharedDemo.content()
        // data/demo/inputs/ccf-recommendations.json: two recommendations, both kept for the pack.
        #expect(content.cloudRecommendations.map(\.type) == ["SkuChange", "Shutdown"])
        // vm-nllb-fr-01 maps to translation, declared nc4as_t4_v3; CCF names "D8s v3".
        let warning = try #require(content.diagnostics.first { $0.message.contains("names the instance type D8s v3") })
        #expect(warning.severity == .warning && warning.message.hasPrefix("translation: hardware.vm nc4as_t4_v3"))
        // CodeCarbon ran on "1 x Tesla T4", which is what nc4as_t4_v3 declares: no warning.
        #expect(!content.diagnostics.contains { $0.message.contains("but CodeCarbon ran on") })
        #expect(HardwareEvidence.instanceType(in: "SkuChange: x. Update instance type D8s v3 to D4s v3") == "D8s v3")
    }
}
