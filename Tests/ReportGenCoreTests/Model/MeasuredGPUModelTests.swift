import Foundation
import Testing

@testable import ReportGenCore

/// Measured GPU energy in the carbon model (issue 13), on the hand-made French transcription cell of
/// CarbonModelTests: 250 files of 30 minutes (125 audio hours) in March 2025, 360 busy GPU seconds each (25 h), one
/// always-on NC4as_T4_v3 in francecentral (744 h reserved), whisper-large-v3 at 0.015 kWh per audio hour, server
/// overhead 1.3, PUE 1.185, grid 52.87 gCO2e/kWh, VM idle 20.9 W of which the T4's 8 W.
@Suite struct MeasuredGPUModelTests {
    static let march = YearMonth(year: 2025, month: 3)
    static let french = CellKey(service: "transcription", language: "fr")

    struct Setup {
        var config: WorkspaceConfig
        var factors: ReferenceFactors
        var specs: [ServiceModelSpec]
        var cells: [CellBasis]
    }

    func setup() throws -> Setup {
        let config = try WorkspaceConfig.parse(CarbonModelTests.frenchOnly, file: "reportgen.yaml")
        let factors = try ReferenceFactors.builtIn()
        let specs = try config.services.map { try ServiceModelSpec.make(for: $0, factors: factors) }
        var activity = Activity()
        activity.files = 250
        activity.requests = 250
        activity.audioSeconds = 250 * 1800
        activity.gpuSeconds = 250 * 360
        let cells = CellBasis.cells(
            config: config, period: Self.march, activity: ["transcription": ["fr": [Self.march: activity]]])
        return Setup(config: config, factors: factors, specs: specs, cells: cells)
    }

    func calibrate(_ s: Setup, device kWh: Double, coverage: Double = 1, idle: [MeasuredIdle] = [])
        -> EnergyCalibration.Result
    {
        EnergyCalibration.apply(
            cells: s.cells,
            measurements: [
                CellMeasurement(
                    key: Self.french, period: Self.march, source: "dcgm_counter inputs/dcgm.json", energyKWh: kWh,
                    boundary: .device, coverage: coverage, gapFill: .model)
            ], idle: idle, overheads: [:], specs: s.specs, workload: s.config.workload, forecast: s.config.forecast,
            factors: s.factors)
    }

    @Test func gpuTelemetryReplacesTheDeviceEnergyAndTheModelFillsTheHoursItMissed() throws {
        let s = try setup()
        let result = calibrate(s, device: 1.2, coverage: 0.8)
        let cell = try #require(result.cells.first { $0.key == Self.french })
        // Measured: 1.2 kWh × 1.3 overhead = 1.56 kWh at the server. Modelled over the same work: 125 h × 0.015 ×
        // 1.3 = 2.4375 kWh, of which the covered 80 % is 1.95 kWh: ratio 1.56 ÷ 1.95 = 0.8.
        #expect(cell.energyBasis == .calibrated && cell.energyCoverage == 0.8)
        expectClose(cell.measuredServerKWh, 1.56)
        expectClose(cell.modelledEnergyShare, 0.2)
        expectClose(try #require(cell.calibrationRatio), 0.8)
        // The model fills the 20 % the telemetry missed: 0.2 × 2.4375 = 0.4875 kWh; server 2.0475 kWh, × PUE 1.185 =
        // 2.4262875 kWh.
        let model = CarbonModel(
            workload: s.config.workload, forecast: s.config.forecast, specs: s.specs, cells: result.cells)
        let central = model.evaluate(model.baseScenario, factors: model.values(\.value, from: s.factors))
        let estimate = try #require(central["transcription"]?.cells["fr"])
        expectClose(estimate.dynamicKWh, 2.4262875)
        // The busy hours stay the usage log's 25 h, whatever the energy.
        expectClose(estimate.busyHours, 25)
        // At the factors' high values, only the fill moves: 1.56 + 0.2 × 125 h × high factor × high overhead.
        let high = model.evaluate(model.baseScenario, factors: model.values(\.highOrValue, from: s.factors))
        let work = try #require(s.factors.factors["whisper-large-v3.gpu.kwh_per_audio_hour"]).highOrValue
        let overhead = try #require(s.factors.factors["server.overhead_multiplier_on_gpu_energy"]).highOrValue
        let pue = try #require(s.factors.factors["azure.pue.francecentral"]).highOrValue
        expectClose(
            try #require(high["transcription"]?.cells["fr"]).dynamicKWh, (1.56 + 0.2 * 125 * work * overhead) * pue)
    }

    @Test func aWhollyCoveredCellIsMeasuredAndItsSharesSayIt() throws {
        let s = try setup()
        let result = calibrate(s, device: 1.2)
        let cell = try #require(result.cells.first { $0.key == Self.french })
        #expect(cell.energyBasis == .measured && cell.modelledEnergyShare == 0)
        #expect(cell.measurementSources == ["dcgm_counter inputs/dcgm.json"])
        let model = CarbonModel(
            workload: s.config.workload, forecast: s.config.forecast, specs: s.specs, cells: result.cells)
        let central = model.evaluate(model.baseScenario, factors: model.values(\.value, from: s.factors))
        // 1.56 kWh × 1.185 = 1.8486 kWh, the same in every draw.
        expectClose(try #require(central["transcription"]?.cells["fr"]).dynamicKWh, 1.8486)
        let low = model.evaluate(model.baseScenario, factors: model.values(\.lowOrValue, from: s.factors))
        let lowPUE = try #require(s.factors.factors["azure.pue.francecentral"]).lowOrValue
        expectClose(try #require(low["transcription"]?.cells["fr"]).dynamicKWh, 1.56 * lowPUE)
    }

    @Test func measuredIdleEnergyReplacesTheIdlePowerAsTheServicesReservedCapacity() throws {
        let s = try setup()
        let idle = MeasuredIdle(
            service: "transcription", period: Self.march, gpuIdleKWh: 5, coverage: 0.9, sources: ["dcgm"])
        let withIdle = calibrate(s, device: 1.2, idle: [idle])
        let without = calibrate(s, device: 1.2)
        let calibration = try #require(withIdle.idleCalibrations.first)
        // Idle VM-hours: 744 − 25 = 719. GPU idle power over the 90 % measured: 5,000 Wh ÷ (0.9 × 719 h) =
        // 7.72678 W; the host's: VM idle 20.9 W − T4 idle 8 W = 12.9 W (factor table).
        expectClose(calibration.idleHours, 719)
        expectClose(calibration.gpuIdleWatts, 5000 / (0.9 * 719))
        expectClose(calibration.hostIdleWatts, 12.9)
        #expect(calibration.hostMethod == .vmIdleLessGPUIdle)
        #expect(calibration.hostKeys == ["vm.nc4as_t4_v3.idle_w", "gpu.t4.idle_w"])
        // Server idle: 5 kWh measured + 0.9 × 12.9 W × 719 h (host, 8.34759 kWh) + 0.1 × 20.9 W × 719 h (the model's
        // fill, 1.50271 kWh) = 14.8503 kWh; × PUE 1.185 = 17.5976055 kWh → × 52.87 g = 0.930385403 kg.
        let model = CarbonModel(
            workload: s.config.workload, forecast: s.config.forecast, specs: s.specs, cells: withIdle.cells)
        let central = model.evaluate(model.baseScenario, factors: model.values(\.value, from: s.factors))
        let service = try #require(central["transcription"])
        expectClose(service.unallocatedIdleKWh, 17.5976055, tolerance: 1e-7)
        expectClose(service.unallocatedIdleKg, 0.930385403, tolerance: 1e-9)
        // Idle is the service's: the cell's own emissions do not move with it.
        let plain = CarbonModel(
            workload: s.config.workload, forecast: s.config.forecast, specs: s.specs, cells: without.cells)
        let before = plain.evaluate(plain.baseScenario, factors: plain.values(\.value, from: s.factors))
        expectClose(
            try #require(service.cells["fr"]).attributableKg,
            try #require(before["transcription"]?.cells["fr"]).attributableKg)
        // A variant on another VM type keeps its own idle factor: the measurement is of this hardware. (Here the
        // calibration names another VM's factor, so it does not apply: 20.9 W × 719 h × 1.185 = 17.8072 kWh.)
        var elsewhere = withIdle.cells
        for index in elsewhere.indices { elsewhere[index].measuredIdle?.idleKey = "vm.nc24ads_a100_v4.idle_w" }
        let variant = CarbonModel(
            workload: s.config.workload, forecast: s.config.forecast, specs: s.specs, cells: elsewhere)
        let other = variant.evaluate(variant.baseScenario, factors: variant.values(\.value, from: s.factors))
        expectClose(try #require(other["transcription"]).unallocatedIdleKWh, 20.9 * 719 / 1000 * 1.185, tolerance: 1e-9)
    }

    @Test func measuredIdleIsANoteWhenTheModelCountsNoIdleHour() throws {
        // The VM declares 20 reserved hours a month, fewer than the log's 25 busy hours: no idle hour to calibrate.
        var s = try setup()
        s.config.services[0].hardware.declaredHoursPerMonth = 20
        s.specs = try s.config.services.map { try ServiceModelSpec.make(for: $0, factors: s.factors) }
        let idle = MeasuredIdle(
            service: "transcription", period: Self.march, gpuIdleKWh: 5, coverage: 1, sources: ["dcgm"])
        let result = calibrate(s, device: 1.2, idle: [idle])
        #expect(result.idleCalibrations.isEmpty)
        #expect(result.cells.allSatisfy { $0.measuredIdle == nil })
        let note = try #require(result.diagnostics.first { $0.code == "measured_idle_no_idle_hours" })
        #expect(note.severity == .note && note.parameters?["key"] == "vm.nc4as_t4_v3.idle_w")
        #expect(note.message.contains("busy 25.0 h of 20.0 h reserved"))
    }

    /// Issue 13: the plan evaluator and its draws read the calibrated cells. Doubling the cell's measured work
    /// energy from 1.2 to 2.4 kWh adds, over the window April–June (files × 1.1, 1.21, 1.331: Σ 3.641), 1.2 kWh ×
    /// 1.3 × 1.185 × 52.87 g × 3.641 = 0.355854890 kg to the baseline and to the cell's avoidable carbon (its busy
    /// hours, hence the idle it hands back, do not move).
    @Test func doublingACellsMeasuredWorkEnergyRaisesItsAvoidableCarbonAndTheBaselineByTheHandComputedAmount() throws {
        let s = try setup()
        func evaluator(_ kWh: Double) throws -> PlanEvaluator {
            let model = CarbonModel(
                workload: s.config.workload, forecast: s.config.forecast, specs: s.specs,
                cells: calibrate(s, device: kWh).cells)
            return try PlanEvaluator(
                model: model, config: s.config, factors: s.factors, base: Self.march, offsets: [1, 2, 3],
                variants: [:], draws: 40, seed: 11)
        }
        let once = try evaluator(1.2)
        let twice = try evaluator(2.4)
        let expected = 1.2 * 1.3 * 1.185 * 52.87 / 1000 * (1.1 + 1.21 + 1.331)
        let baselineOnce = once.windowTotals(.baseline)
        let baselineTwice = twice.windowTotals(.baseline)
        expectClose(baselineTwice[once.draws] - baselineOnce[once.draws], expected)
        let a = try #require(once.avoidableCarbon(of: Self.french, in: .baseline))
        let b = try #require(twice.avoidableCarbon(of: Self.french, in: .baseline))
        expectClose(b.variable.central - a.variable.central, expected)
        expectClose(b.avoided.central - a.avoided.central, expected)
        // The capacity the stop frees is the VM's, the same whatever the work's energy.
        expectClose(b.capacityFreed.central, a.capacityFreed.central)
        // Every Monte Carlo draw rises (PUE and grid are drawn, the measured energy is not): monotone in the
        // measurement.
        #expect(zip(baselineOnce, baselineTwice).allSatisfy { $1 > $0 })
        #expect(b.variable.p5 > a.variable.p5 && b.variable.p95 > a.variable.p95)
    }
}
