import Foundation
import Matrix
import Testing

@testable import ReportGenCore

/// The capacity levers and the caps in files a month on the hand-built model of ``PlanEvaluatorTests``: one
/// always-on NC4as_T4_v3 in francecentral, 250 French files of 30 minutes in March 2025 (744 h), busy 27.7936 h,
/// the cell's own 0.6196444 kg, and 13.58971581 kg in all. An idle reserved hour costs
/// (13.58971581 − 0.6196444) ÷ (744 − 27.7936) = 18.10940 g (idle energy and embodied).
@Suite struct PlanOptionsTests {
    static let idleKgPerHour = (13.58971581 - 0.6196444) / (744 - 27.7936)
    static let french = CellKey(service: "transcription", language: "fr")

    /// A second transcription service beside the first, with `count` VMs for the first.
    static func twoServices(count: Int = 1) -> String {
        PlanEvaluatorTests.yaml.replacingOccurrences(
            of: "    match: {usage_services: [transcription]}\n",
            with: """
                    match: {usage_services: [transcription]}
                    hardware: {count: \(count)}
                  - id: dictation
                    model: whisper-large-v3
                    region: francecentral
                    functional_unit: audio_minute
                    business_value: 5
                    match: {usage_services: [dictation]}

                """)
    }

    /// The evaluator over March 2025 with 250 French files for each service named.
    func evaluator(yaml: String, busyServices: [String] = ["transcription"]) throws -> PlanEvaluator {
        let config = try WorkspaceConfig.parse(yaml, file: "reportgen.yaml")
        let factors = try ReferenceFactors.builtIn()
        let specs = try config.services.map { try ServiceModelSpec.make(for: $0, factors: factors) }
        var activity = Activity()
        activity.files = 250
        activity.requests = 250
        activity.audioSeconds = 250 * 30 * 60
        let month = YearMonth(year: 2025, month: 3)
        var usage: [String: [String: [YearMonth: Activity]]] = [:]
        for service in busyServices { usage[service] = ["fr": [month: activity]] }
        let cells = CellBasis.cells(config: config, period: month, activity: usage)
        let model = CarbonModel(workload: config.workload, forecast: config.forecast, specs: specs, cells: cells)
        return try PlanEvaluator(
            model: model, config: config, factors: factors, base: month, offsets: [0], variants: [:], draws: 0,
            seed: 7)
    }

    @Test func scheduledHoursReserveTheServiceHoursAndLoseTheWorkOutsideThem() throws {
        let evaluator = try evaluator(yaml: PlanEvaluatorTests.yaml)
        var option = ServiceOption(
            levers: [.scheduledHours], schedule: ServiceHours(days: [1, 2, 3, 4, 5], fromHour: 8, toHour: 20))
        option.keptShares = ["fr": 0.8]
        var plan = DecisionPlan()
        plan.options["transcription"] = option
        // March 2025 starts on a Saturday: 21 weekdays × 12 h = 252 h reserved, against 744 h always on.
        #expect(
            ServiceHours(days: [1, 2, 3, 4, 5], fromHour: 8, toHour: 20).hours(in: YearMonth(year: 2025, month: 3))
                == 252)
        // 80 % of the work is inside: 0.8 × 0.6196444 kg own + (252 − 0.8 × 27.7936) h idle × 18.10940 g = 4.656625 kg.
        #expect(abs(evaluator.windowTotals(plan)[0] - 4.656625020) < 1e-5)
        // The value lost is the work outside the hours: 1,250 points × 0.8 = 1,000.
        #expect(abs(evaluator.value(plan) - 1000) < 1e-9)
    }

    @Test func minimumReplicasKeepOneVMOfTwoAlwaysOn() throws {
        let evaluator = try evaluator(yaml: Self.twoServices(count: 2))
        let baseline = evaluator.monthly(service: 0, option: .asIs, shares: [[1], [1]])
        // Two always-on VMs: 0.6196444 kg + (1,488 − 27.7936) h × 18.10940 g = 27.063113 kg.
        #expect(abs(baseline[0] - 27.063112765) < 1e-5)
        let floor = ServiceOption(levers: [.minReplicas], minReplicas: 1)
        // A floor of one VM: max(744 h, 1.5 × 27.7936 h) reserved, the one-VM figure 13.589716 kg.
        let floored = evaluator.monthly(service: 0, option: floor, shares: [[1], [1]])
        #expect(abs(floored[0] - 13.58971581) < 1e-5)
    }

    @Test func coLocationReservesOneVMForBothServices() throws {
        let evaluator = try evaluator(yaml: Self.twoServices(), busyServices: ["transcription", "dictation"])
        // Apart: two VMs, 2 × 13.589716 kg.
        #expect(abs(evaluator.windowTotals(.baseline)[0] - 2 * 13.58971581) < 1e-5)
        var plan = DecisionPlan()
        plan.options["dictation"] = ServiceOption(levers: [.coLocation], region: "francecentral", host: "transcription")
        // Together: both cells' 0.6196444 kg and (744 − 2 × 27.7936) h idle on one VM × 18.10940 g = 13.706035 kg.
        #expect(abs(evaluator.windowTotals(plan)[0] - 13.706034665) < 1e-5)
        #expect(abs(evaluator.value(plan) - evaluator.value(.baseline)) < 1e-9)
    }

    @Test func coLocationNeedsBothModelsInTheGPUsMemory() throws {
        let config = try WorkspaceConfig.parse(Self.twoServices(), file: "reportgen.yaml")
        let options = ServiceOptions(
            services: config.services, rules: config.decisions, factors: try ReferenceFactors.builtIn())
        // The factor table: Whisper large-v3 10 GB (openai/whisper README), NLLB-200 3.3B 6.6 GB (fp16 weights),
        // Mistral 7B 4.5 GB (Ollama 4-bit), a T4 16 GB.
        #expect(options.memoryFits("whisper-large-v3", "mistral-7b", vm: "nc4as_t4_v3"))  // 14.5 ≤ 16
        #expect(!options.memoryFits("whisper-large-v3", "nllb-200-3.3b", vm: "nc4as_t4_v3"))  // 16.6 > 16
        #expect(!options.memoryFits("whisper-large-v3", "whisper-large-v3", vm: "nc4as_t4_v3"))  // 20 > 16
        // Offered both ways, each with the guest's own levers (the turbo model: 6 + 10 = 16 GB fits).
        #expect(options.coLocations["dictation"]?.contains { $0.host == "transcription" } == true)
        #expect(options.coLocations["transcription"]?.contains { $0.host == "dictation" && $0.model != nil } == true)
    }

    @Test func aCapInFilesAMonthIsTheNumberThePlanIsEvaluatedWith() throws {
        let evaluator = try evaluator(yaml: PlanEvaluatorTests.yaml)
        var rules = DecisionRules()
        rules.capFilesPerMonth = [100, 400]
        let caps = PlanArbitration.capChoices(service: 0, cell: 0, evaluator: evaluator, rules: rules)
        // 250 files a month: the shares 0.75, 0.5, 0.25 become 188, 125 and 63 files (rounded), 100 is added, 400 is
        // not (above the busiest month), then 0.
        #expect(
            caps == [
                .share(1), .filesPerMonth(188), .filesPerMonth(125), .filesPerMonth(100), .filesPerMonth(63), .share(0),
            ])
        var plan = DecisionPlan()
        plan.caps[Self.french] = .filesPerMonth(100)
        // 100 of 250 files: 0.4 × 0.6196444 kg own + (744 − 0.4 × 27.7936) h idle × 18.10940 g.
        let expected = 0.4 * 0.6196444 + (744 - 0.4 * 27.7936) * Self.idleKgPerHour
        #expect(abs(evaluator.windowTotals(plan)[0] - expected) < 1e-5)
        #expect(abs(evaluator.value(plan) - 500) < 1e-9)
    }
}

/// The arbitration's percentile by selection gives the sorted one's figure exactly.
@Suite struct SelectPercentileTests {
    @Test(arguments: [5.0, 50, 90, 95, 99])
    func selectionEqualsSortingOnSeededDraws(p: Double) {
        var generator = SeededGenerator(seed: 42)
        for count in [1, 2, 3, 10, 101, 1000] {
            // Ties included: draws rounded to one decimal.
            let values = (0..<count).map { _ in (generator.unit() * 100).rounded() / 10 }
            var copy = values
            #expect(selectPercentile(&copy, p) == percentile(values, p), "n=\(count)")
        }
        // Worked by hand: [1, 2, 3, 4] at P50 sits halfway between 2 and 3.
        var four = [4.0, 1, 3, 2]
        #expect(selectPercentile(&four, 50) == 2.5)
    }
}
