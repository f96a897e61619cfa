import Foundation
import Matrix
import Testing

@testable import ReportGenCore

/// Plan evaluation on a small hand-built model: one always-on NC4as_T4_v3 in francecentral transcribing 250 French
/// files of 30 minutes a month (the working of CarbonModelTests and methodology §5.8), Arabic with no volume.
@Suite struct PlanEvaluatorTests {
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
          average_audio_minutes: 30
        language_priorities: {fr: 5, ar: 2}
        budget:
          annual_kgco2e: 200
        """

    /// The evaluator over the base month itself (offset 0: files × 1.1^0), with `draws` Monte Carlo draws.
    func evaluator(draws: Int = 0, offsets: [Int] = [0], yaml: String = PlanEvaluatorTests.yaml) throws -> (
        PlanEvaluator, CarbonModel, ReferenceFactors
    ) {
        let config = try WorkspaceConfig.parse(yaml, file: "reportgen.yaml")
        let factors = try ReferenceFactors.builtIn()
        let specs = try config.services.map { try ServiceModelSpec.make(for: $0, factors: factors) }
        var activity = Activity()
        activity.files = 250
        activity.requests = 250
        activity.audioSeconds = 250 * 30 * 60
        let month = YearMonth(year: 2025, month: 3)
        let cells = CellBasis.cells(
            config: config, period: month, activity: ["transcription": ["fr": [month: activity]]])
        let model = CarbonModel(workload: config.workload, forecast: config.forecast, specs: specs, cells: cells)
        let evaluator = try PlanEvaluator(
            model: model, config: config, factors: factors, base: month, offsets: offsets,
            variants: ["transcription": [("whisper-large-v3-turbo", "francecentral")]], draws: draws, seed: 7)
        return (evaluator, model, factors)
    }

    static let french = CellKey(service: "transcription", language: "fr")

    @Test func theBaselineMonthMatchesTheCarbonModelWorkedByHand() throws {
        let (evaluator, _, _) = try evaluator()
        // CarbonModelTests: the cell's 0.1527117 kg operational + 0.4669327 kg embodied, plus the VM's idle
        // 0.9378041 kg and embodied idle 12.03227 kg over March's 744 h: 13.589716 kg (central column).
        #expect(abs(evaluator.windowTotals(.baseline)[0] - 13.58971581) < 1e-6)
        // Value: 250 files × business value 5 × language priority 5 ÷ 5 = 1,250 points.
        #expect(abs(evaluator.value(.baseline) - 1250) < 1e-9)
    }

    @Test func stoppingTheLastCellWithWorkFreesTheWholeServiceAndSplitsVariableFromCapacity() throws {
        let (evaluator, _, _) = try evaluator()
        let avoidable = try #require(evaluator.avoidableCarbon(of: Self.french, in: .baseline))
        // The French cell is the only one with files: stopping it frees the VM, so it avoids all 13.589716 kg.
        #expect(abs(avoidable.avoided.central - 13.58971581) < 1e-6)
        // Variable part, VM kept: its operational 0.1527117 kg less the idle energy its 27.7936 busy hours hand back,
        // 20.9 W × 27.7936 h × 1.185 × 52.87 g/kWh = 0.0363931 kg: 0.1163186 kg (embodied stays with the VM).
        #expect(abs(avoidable.variable.central - 0.116318597) < 1e-6)
        #expect(abs(avoidable.capacityFreed.central - (13.58971581 - 0.116318597)) < 1e-6)
        // The allocated share by busy time is the whole service here (the only busy cell), shown as information.
        #expect(abs(avoidable.allocatedShare.central - 13.58971581) < 1e-6)
    }

    @Test func scaleToZeroReservesBusyHoursTimesOnePlusTheMargin() throws {
        let (evaluator, _, _) = try evaluator()
        var plan = DecisionPlan()
        plan.options["transcription"] = ServiceOption(levers: [.scaleToZero], detail: "")
        // Reserved 27.7936 × 1.5 h, idle 13.8968 h × (1.3094 g idle energy + 16.8 g embodied) = 0.2516629 kg, plus
        // the cell's own 0.6196444 kg: 0.8713073 kg.
        #expect(abs(evaluator.windowTotals(plan)[0] - 0.871307325) < 1e-6)
    }

    @Test func planFiguresEqualADirectRunOfTheCarbonModelOverEveryMonth() throws {
        // Twelve months of 10 % growth push busy time past the VM step: the closed form must follow the model.
        let grown = Self.yaml.replacingOccurrences(
            of: "  average_audio_minutes: 30\n", with: "  average_audio_minutes: 30\n  monthly_growth: {fr: 0.5}\n")
        let offsets = Array(1...12)
        let (evaluator, model, factors) = try evaluator(offsets: offsets, yaml: grown)
        let central = model.values(\.value, from: factors)
        for share in [1.0, 0.75, 0.25] {
            var plan = DecisionPlan()
            plan.caps[Self.french] = .share(share)
            let monthly = evaluator.monthly(plan)
            for (index, t) in offsets.enumerated() {
                let files = Dictionary(
                    uniqueKeysWithValues: model.cells.map { ($0.key, $0.files * pow1p(0.5, t) * share) })
                // The month evaluated: always-on VMs reserve its calendar hours, in the evaluator as in the model.
                let direct = model.evaluate(
                    CarbonModel.Scenario(
                        files: files, scalesCapacity: true, period: YearMonth(year: 2025, month: 3).adding(months: t)),
                    factors: central)
                let expected = direct["transcription"]?.totalKg ?? -1
                #expect(abs(monthly[index * evaluator.columns] - expected) < 1e-9 * max(1, expected), "t=\(t) \(share)")
            }
        }
    }

    @Test func everyPlanSharesTheSameDrawsSoEffectsSubtractDrawByDraw() throws {
        let (evaluator, _, _) = try evaluator(draws: 200)
        var plan = DecisionPlan()
        plan.options["transcription"] = ServiceOption(
            levers: [.smallerModel], model: "whisper-large-v3-turbo", detail: "")
        let baseline = evaluator.windowTotals(.baseline)
        let smaller = evaluator.windowTotals(plan)
        // The turbo model's energy factor is drawn in the same draws as the large one's: its median is lower.
        #expect(PlanFigure(draws: smaller[...]).p50 < PlanFigure(draws: baseline[...]).p50)
        #expect(baseline.count == 201 && evaluator.draws == 200)
        let again = try self.evaluator(draws: 200).0.windowTotals(DecisionPlan.baseline)
        #expect(again == baseline)
    }
}
