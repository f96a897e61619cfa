import Foundation
import Matrix
import Testing

@testable import ReportGenCore

/// The carbon model against values worked by hand from ../shared/research/methodology.md §5 and the reference
/// factors (data/reference-factors.csv).
@Suite struct CarbonModelTests {
    static let yaml = """
        organisation: Test
        languages: [fr, ar]
        services:
          - id: transcription
            model: whisper-large-v3
            region: francecentral
            functional_unit: audio_minute
            business_value: 5
            match: {usage_services: [transcription]}
        workload:
          files_per_month: {ar: 40}
          monthly_growth: {fr: 0.10, ar: 0.10}
          average_audio_minutes: 30
        budget:
          annual_kgco2e: 200
        """

    func model(files: Double = 250, yaml: String = CarbonModelTests.yaml) throws -> (CarbonModel, ReferenceFactors) {
        let config = try WorkspaceConfig.parse(yaml, file: "reportgen.yaml")
        let factors = try ReferenceFactors.builtIn()
        let specs = try config.services.map { try ServiceModelSpec.make(for: $0, factors: factors) }
        var activity = Activity()
        activity.files = Int(files)
        activity.requests = Int(files)
        activity.audioSeconds = files * 30 * 60
        let month = YearMonth(year: 2025, month: 3)
        let cells = CellBasis.cells(
            config: config, period: month, activity: ["transcription": ["fr": [month: activity]]])
        return (CarbonModel(workload: config.workload, forecast: config.forecast, specs: specs, cells: cells), factors)
    }

    /// The same workspace with no Arabic volume assumed, so the French cell is the only busy one.
    static let frenchOnly = yaml.replacingOccurrences(of: "  files_per_month: {ar: 40}\n", with: "")

    @Test func transcriptionMonthMatchesTheWorkingByHand() throws {
        let (model, factors) = try model(yaml: Self.frenchOnly)
        let result = model.evaluate(model.baseScenario, factors: model.values(\.value, from: factors))
        let service = try #require(result["transcription"])
        let french = try #require(service.cells["fr"])
        // 250 files × 30 min = 125 audio hours (methodology §5.8).
        // Dynamic: 125 h × 0.015 kWh/h × 1.3 overhead × 1.185 PUE = 2.8884375 kWh ("≈ 2.9 kWh" in §5.8).
        #expect(abs(french.dynamicKWh - 2.8884375) < 1e-9)
        // Busy hours: server energy 1.875 × 1.3 = 2.4375 kWh ÷ 87.7 W VM busy power = 27.79361 h.
        #expect(abs(french.busyHours - 27.79361460) < 1e-6)
        // Operational: 2.8884375 kWh × 52.87 g/kWh = 0.1527117 kg; embodied: 16.8 g/h × 27.7936 h = 0.4669327 kg.
        #expect(abs(french.operationalKg - 0.152711690625) < 1e-9)
        #expect(abs(french.embodiedKg - 0.46693272520) < 1e-9)
        // An always-on VM reserves March's 24 × 31 = 744 h. Idle: 20.9 W × (744 − 27.7936) h × 1.185 = 17.73793 kWh
        // → 0.9378041 kg; embodied idle 16.8 g/h × 716.21 h = 12.03227 kg. Total 13.58972 kg; the VM's embodied
        // alone, 16.8 g/h × 744 h = 12.4992 kg, is §5.8's 24.5 kg for two VMs of 730 h halved, on 744 h.
        #expect(abs(service.unallocatedIdleKWh - 17.73792544) < 1e-6)
        #expect(abs(service.unallocatedIdleKg - 0.93780412) < 1e-6)
        #expect(abs(service.unallocatedEmbodiedKg - 12.03226727) < 1e-6)
        #expect(abs(service.totalKg - 13.58971581) < 1e-6)
        // The only busy cell carries all the overhead, so cells add up to the service.
        #expect(abs(french.totalKg + (service.cells["ar"]?.totalKg ?? 0) - service.totalKg) < 1e-9)
        // SCI per audio minute: 13.58972 kg ÷ (7,500 min + Arabic's 1,200 min assumed) is computed in the pack.
        #expect(french.functionalUnits == 7500)
    }

    @Test func aLanguageWithNoUsageIsModelledFromTheWorkloadAssumption() throws {
        let (model, factors) = try model()
        let arabic = try #require(model.cells.first { $0.key.language == "ar" })
        #expect(arabic.source == .assumption)
        let result = model.evaluate(model.baseScenario, factors: model.values(\.value, from: factors))
        // 40 files × 30 min = 20 h; dynamic 20 × 0.015 × 1.3 × 1.185 = 0.46215 kWh.
        #expect(abs((result["transcription"]?.cells["ar"]?.dynamicKWh ?? 0) - 0.46215) < 1e-9)
    }

    @Test func monteCarloIsSeededAndBracketsTheCentralValue() throws {
        let (model, factors) = try model(yaml: Self.frenchOnly)
        let first = model.evaluateUnderUncertainty([model.baseScenario], factors: factors, draws: 2000, seed: 7)
        let second = model.evaluateUnderUncertainty([model.baseScenario], factors: factors, draws: 2000, seed: 7)
        let total = first.totals[0]
        #expect(total == second.totals[0])
        #expect(total.p5 < total.p50 && total.p50 < total.p95)
        #expect(total.low <= total.p5 && total.p95 <= total.high)
        #expect(abs(total.central - 13.58971581) < 1e-6)
    }

    @Test func triangularDrawsHaveTheTheoreticalMean() {
        // Mean of a triangular (a, c, b) is (a + b + c) / 3: (1 + 2 + 6) / 3 = 3.
        var generator = SeededGenerator(seed: 42)
        let draws = (0..<200_000).map { _ in triangular(low: 1, mode: 2, high: 6, u: generator.unit()) }
        let mean: Double = draws.reduce(0, +) / Double(draws.count)
        #expect(abs(mean - 3) < 0.01)
        #expect(percentile([1, 2, 3, 4, 5], 50) == 3)
        #expect(percentile([1, 2, 3, 4], 25) == 1.75)
    }

    @Test func logTriangularDrawsHaveTheCentralValueAsMedianWhenTheRangeIsSymmetricInLogSpace() {
        // ln 1 = 0, ln 2 = 0.693, ln 4 = 1.386: symmetric in log space, so the median is e^0.693 = 2. A linear
        // triangular (1, 2, 4) has its median at 4 − √(3 × 2 ÷ 2) = 2.268: neither the mode nor the mean (2.333).
        var generator = SeededGenerator(seed: 42)
        let draws = (0..<100_000).map { _ in logTriangular(low: 1, mode: 2, high: 4, u: generator.unit()) }
        #expect(abs(percentile(draws, 50) - 2) < 0.01)
        var linear = SeededGenerator(seed: 42)
        let linearDraws = (0..<100_000).map { _ in triangular(low: 1, mode: 2, high: 4, u: linear.unit()) }
        #expect(abs(percentile(linearDraws, 50) - 2.268) < 0.01)
    }

    @Test func cellsCarryNoBoundsInPackJSONButTotalsDo() throws {
        let json = try Data(contentsOf: try SharedDemo.pack().appendingPathComponent("pack.json"))
        let pack = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        let cells = try #require(pack["cells"] as? [[String: Any]])
        let month = try #require(cells.first?["monthKgco2e"] as? [String: Any])
        // A cell's share of idle capacity moves with the other cells' busy time: all-low/all-high are not its bounds.
        #expect(month["p50"] != nil && month["low"] == nil && month["high"] == nil)
        let total = try #require(pack["modelTotal"] as? [String: Double])
        let low = try #require(total["low"])
        let high = try #require(total["high"])
        let p5 = try #require(total["p5"])
        let p95 = try #require(total["p95"])
        #expect(low <= p5 && p95 <= high)
    }

    @Test func forecastGrowsFilesExponentiallyAndAddsVMsInSteps() throws {
        let (model, _) = try model(files: 4000)
        let plan = Forecast.scenarios(model: model, base: YearMonth(year: 2025, month: 3), months: 12)
        let key = CellKey(service: "transcription", language: "fr")
        // files(12) = 4000 × 1.1^12 = 12,553.71.
        #expect(abs((plan.scenarios[11].files[key] ?? 0) - 12_553.71) < 0.01)
        #expect(plan.months.first?.description == "2025-04")
        // 4,000 files of 30 min: busy 4000 × 0.5 × 0.015 × 1.3 / 0.0877 = 444.70 h ≤ 744 × 0.6 = 446.4 h in March:
        // one VM. Month 3 (June, 720 h × 0.6 = 432 h): 4000 × 1.331 = 5,324 files → 591.9 h: a second VM.
        let factors = try ReferenceFactors.builtIn()
        let central = model.values(\.value, from: factors)
        #expect(
            model.evaluate(CarbonModel.Scenario(files: [key: 4000], scalesCapacity: true), factors: central)[
                "transcription"]?.vmCount == 1)
        #expect(model.evaluate(plan.scenarios[2], factors: central)["transcription"]?.vmCount == 2)
    }

    @Test func anOverriddenFactorKeepsItsRelativeRangeAndIsMarked() throws {
        var factors = try ReferenceFactors.builtIn()
        try factors.apply(overrides: ["grid.francecentral.gco2e_per_kwh": 105.74])
        let grid = try #require(factors.factors["grid.francecentral.gco2e_per_kwh"])
        // 105.74 is twice 52.87, so the published 44.18–98 range becomes 88.36–196.
        #expect(grid.isOverridden && grid.builtInValue == 52.87)
        #expect(abs((grid.low ?? 0) - 88.36) < 1e-9 && abs((grid.high ?? 0) - 196) < 1e-9)
        #expect(throws: ModelError.unknownOverride(key: "grid.mars")) { try factors.apply(overrides: ["grid.mars": 1]) }
    }
}

@Suite struct ReconciliationTests {
    static let figure = UncertainFigure(central: 40, p5: 30, p50: 40, p95: 55, low: 20, high: 70)
    /// 40 kg: operational 6 (of which idle 4), embodied 34; the embodied factor's range is ×0.25–×1.91 (4.2–32.1
    /// against 16.8 g per reserved hour), so embodied 8.5–65 kg.
    static let components: ModelComponents = {
        var components = ModelComponents()
        components.operationalKg = 6
        components.idleOperationalKg = 4
        components.embodiedKg = 34
        components.embodiedLowKg = 8.5
        components.embodiedHighKg = 65
        return components
    }()

    func row(provider: Double?, scope3Share: Double? = nil, ccf: Double? = nil) -> ReconciliationRow {
        ReconciliationRow.assess(
            service: "s", period: YearMonth(year: 2025, month: 3),
            provider: provider.map { ($0, .azureCarbonOptimization) }, scope3Share: scope3Share, ccf: ccf,
            measured: nil, modelled: Self.figure, components: Self.components, idleKg: 30,
            retained: provider.map { ($0, .azureCarbonOptimization) }, tolerance: 0.10)
    }

    @Test func withinToleranceAgrees() {
        // |40 − 43| = 3 ≤ 0.10 × 43 = 4.3.
        let agreeing = row(provider: 43)
        #expect(agreeing.status == .agrees)
        #expect(abs((agreeing.gapRatio ?? 0) - (-3.0 / 43)) < 1e-12)
    }

    @Test func agreeingTotalsDoNotHideOffsettingComponentGaps() throws {
        // Microsoft 40 kg with 96 % Scope 3: Scope 1+2 = 1.6 kg, Scope 3 = 38.4 kg. Totals agree (40 vs 40).
        let split = row(provider: 40, scope3Share: 0.96)
        let operational = try #require(split.operational)
        let embodied = try #require(split.embodied)
        // Operational 6 − 1.6 = +4.4 kg, beyond the 0.16 kg tolerance by 4.24 ≤ 6 (market-based ≥ 0): explained
        // by the market basis only.
        #expect(abs(operational.gapKg - 4.4) < 1e-9)
        #expect(operational.status == .explained && operational.causes == [.marketVersusLocation])
        // Embodied 34 − 38.4 = −4.4 kg, beyond 3.84 kg by 0.56: the negative causes fit (factor range up to +31,
        // Scope 3 wider up to +34); the market basis (positive) is not attached.
        #expect(embodied.status == .explained && !embodied.causes.contains(.marketVersusLocation))
        #expect(split.status == .explained)
    }

    @Test func aProviderFigureTenTimesTheModelIsUnexplained() {
        // 400 kg, 96 % Scope 3: Scope 1+2 16 kg against the model's 6 kg (gap −10: no cause lowers a
        // location-based figure below a market-based one), Scope 3 384 kg against 34 kg (gap −350 kg, beyond the
        // 38.4 kg tolerance by 311.6 > 31 + 34 kg the causes can account for).
        let tenfold = row(provider: 400, scope3Share: 0.96)
        #expect(tenfold.operational?.status == .unexplained && tenfold.embodied?.status == .unexplained)
        #expect(tenfold.status == .unexplained && tenfold.causes.isEmpty)
        // Without the split, the totals: 40 − 400 = −360, beyond 40 by 320 > 31 + 34: unexplained too.
        #expect(row(provider: 400).status == .unexplained)
    }

    @Test func aCCFFigureFarBelowTheModelCanBeUnexplained() {
        // CCF 20 kg: gap +20, beyond 2 kg by 18 ≤ (34 − 8.5) + 4 = 29.5 kg (vCPU basis): explained.
        let near = row(provider: nil, ccf: 20)
        #expect(near.ccfStatus == .explained && near.ccfCauses == [.ccfVCPUBasis])
        // CCF 2 kg (−95 %): gap +38, beyond 0.2 kg by 37.8 > 29.5 kg: unexplained.
        #expect(row(provider: nil, ccf: 2).ccfStatus == .unexplained)
        // No provider figure: nothing to agree with.
        #expect(row(provider: nil, ccf: 20).status == .unexplained)
    }
}
