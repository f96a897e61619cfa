import Foundation
import Matrix
import Templates
import Testing

@testable import ReportGenCore

/// Issue 11's "done when" on the demo (reduced draws), and the properties of the decision engine with the capacity
/// levers other than scale to zero: minimum replicas, scheduled service hours (Mon–Fri 08:00–20:00 in the demo) and
/// co-location of two services on one GPU.
@Suite struct DecisionOutcomeTests {
    let properties = DecisionPropertyTests()

    /// The first page's sentences, in English, of the demo's assessment decided under `change`.
    func firstPage(_ change: (inout WorkspaceConfig) -> Void) throws -> (DecisionAnalysis, [String: Any]) {
        var content = try SharedDemo.content()
        let decisions = try properties.analysis(change)
        content.decisions = decisions
        let strings = try TemplateSet.builtIn().strings(for: .en)
        let view = PackView(content: content, language: .en, strings: strings, toolVersion: "test")
        return (decisions, view.decisionPage())
    }

    @Test func theFirstPageSaysWhichActionBringsTheFootprintWithinBudgetAndByHowMuch() throws {
        // At 430 kg the demo's 2025 (actuals January–March + forecast) is over budget: P50 475.5 kg at 10,000 draws
        // (with measured energy, issue 13), so an action must avoid at least 45.5 kg. Each service's lever suffices
        // alone and forgoes no file; the one named avoids the most: Generation's region move with scale to zero
        // (147 kg at 10,000 draws, against 98.7 and 103 kg for Transcription's and Translation's).
        let (decisions, page) = try firstPage { $0.budget.annualKgCO2e = 430 }
        #expect(decisions.baseline.verdict.isWithinBudget == false && decisions.arbitration.fits)
        // Every service kept, with its levers: nothing dropped, nothing restricted.
        #expect(decisions.serviceRecommendations.allSatisfy { $0.kind == .activateWithOptimisation })
        #expect(decisions.recommendations.allSatisfy { $0.kind < .restrict })
        let sentence = try #require(page["withinBudgetAction"] as? String)
        #expect(sentence.hasPrefix("Generation: ") && sentence.contains("alone brings the footprint within budget"))
        #expect(sentence.contains("(P5–P95 "))
        // The figure named: baseline − (baseline with Generation's option alone), draw by draw, and that plan fits.
        var single = DecisionPlan.baseline
        single.options["generation"] = decisions.recommended.plan.option("generation")
        let alone = PlanAssessment(name: "", plan: single, evaluator: decisions.evaluator, window: decisions.window)
        #expect(alone.verdict.statisticKg <= 430)
        let avoided = PlanFigure(draws: zip(decisions.baseline.windowDraws, alone.windowDraws).map { $0 - $1 }[...])
        #expect(decisions.baseline.verdict.statisticKg - avoided.p50 <= 430 + 1e-6)
        let strings = try TemplateSet.builtIn().strings(for: .en)
        let view = PackView(content: try SharedDemo.content(), language: .en, strings: strings, toolVersion: "test")
        #expect(sentence.contains(view.figureText(avoided)))
    }

    @Test func atTheDemosBudgetTheFirstPageSaysTheFootprintIsAlreadyWithinIt() throws {
        // 500 kg: the baseline's P50 (475.5 kg at 10,000 draws) is within it; the page gives the package effect instead.
        let (decisions, page) = try firstPage { _ in }
        #expect(decisions.baseline.verdict.isWithinBudget == true)
        let sentence = try #require(page["withinBudgetAction"] as? String)
        #expect(sentence.hasPrefix("As forecast, the footprint is already within budget"))
    }

    /// The demo without scale to zero, so that the other capacity levers decide.
    static func withoutScaleToZero(_ config: inout WorkspaceConfig) {
        config.decisions.levers = [.minReplicas, .scheduledHours, .coLocation, .smallerModel, .regionMove]
    }

    @Test func withoutScaleToZeroTwoServicesShareAGPUWhereTheirModelsFit() throws {
        let decisions = try properties.analysis {
            Self.withoutScaleToZero(&$0)
            $0.budget.annualKgCO2e = 1e9
        }
        // Nothing restricted for carbon at this budget, and a second VM's idle and embodied hours avoided: one pair
        // co-located, whose models fit in the T4's 16 GB (Whisper 10 + NLLB 6.6 = 16.6 does not; Mistral 4.5 fits
        // beside either).
        let pairs = decisions.arbitration.coLocatedPairs
        #expect(pairs.count == 1)
        let pair = try #require(pairs.first)
        let host = try #require(decisions.evaluator.services.first { $0.id == pair.host })
        let guest = decisions.recommended.plan.option(pair.guest)
        let guestModel =
            guest.model ?? decisions.evaluator.services.first { $0.id == pair.guest }?.model ?? ""
        let hostModel = decisions.recommended.plan.option(pair.host).model ?? host.model
        #expect(decisions.options.memoryFits(hostModel, guestModel, vm: host.hardware.vm))
        #expect(decisions.recommended.value == decisions.baseline.value)
        // The guest's service recommendation names the lever and a positive effect, from the same draws.
        let row = try #require(decisions.serviceRecommendations.first { $0.service == pair.guest })
        #expect(row.option.levers.contains(.coLocation) && row.avoided.p50 > 0)
    }

    @Test func scheduledHoursLoseTheWorkOutsideThemAndNameIt() throws {
        let content = try SharedDemo.content()
        let options = content.decisions.options
        // The demo declares Mon–Fri 08:00–20:00 (Europe/Paris); its March usage log has work around the clock.
        let scheduled = try #require(options.options["transcription"]?.first { $0.levers == [.scheduledHours] })
        let inside = try #require(scheduled.keptShares["*"])
        #expect(inside > 0 && inside < 1)
        #expect(
            content.decisions.serviceRecommendations.isEmpty
                || options.notes["transcription"]?.contains {
                    $0.key == "lever_note_schedule_loss"
                } == true)
        // Its value is the files inside the hours: the plan with it forgoes the rest.
        var plan = DecisionPlan.baseline
        plan.options["transcription"] = scheduled
        let evaluator = content.decisions.evaluator
        #expect(evaluator.value(plan) < evaluator.value(.baseline))
    }

    @Test func withTheOtherCapacityLeversRaisingTheBudgetNeverMakesARecommendationStricter() throws {
        // Figure: each cell's and service's frugality, budget after budget, without scale to zero.
        var previous: DecisionAnalysis?
        for budget in [250.0, 350, 450, 1e9] {
            let current = try properties.analysis {
                Self.withoutScaleToZero(&$0)
                $0.budget.annualKgCO2e = budget
            }
            #expect(current.recommended.verdict.statisticKg <= budget || !current.arbitration.fits)
            if current.arbitration.fits { #expect(current.recommended.verdict.isWithinBudget == true) }
            // The package effect is baseline − plan, draw by draw.
            let effect = PlanFigure(
                draws: zip(current.baseline.windowDraws, current.recommended.windowDraws).map { $0 - $1 }[...])
            #expect(effect == current.packageEffect)
            if let previous {
                #expect(properties.stricter(current, than: previous) == [], "budget \(budget)")
            }
            previous = current
        }
    }

    @Test func withTheOtherCapacityLeversMoreCarbonWeightNeverMakesARecommendationLessFrugal() throws {
        let tight = { (config: inout WorkspaceConfig) in
            Self.withoutScaleToZero(&config)
            config.budget.annualKgCO2e = 300
        }
        let base = try properties.analysis(tight)
        let heavier = try properties.analysis {
            tight(&$0)
            $0.criteria.weights["carbon"] = 0.9
        }
        let before = properties.frugality(base)
        for (key, value) in properties.frugality(heavier) { #expect(value >= before[key] ?? 0, "\(key)") }
    }

    @Test func withTheOtherCapacityLeversHalvingEveryEmissionFactorNeverMakesARecommendationStricter() throws {
        // Figure: each recommendation's frugality at a 300 kg budget without scale to zero, before and after every
        // grid intensity and embodied factor of the demo's services is overridden at half its value.
        let edit = { (text: String) in
            text.replacingOccurrences(of: "annual_kgco2e: 500", with: "annual_kgco2e: 300")
                .replacingOccurrences(of: "  levers: [scale_to_zero, ", with: "  levers: [")
        }
        let before = try properties.pipeline(edit)
        #expect(!before.options.options.values.joined().contains { $0.scalesToZero })
        let halved = try properties.pipeline { text in
            edit(text) + """

                factors:
                  grid.francecentral.gco2e_per_kwh: 26.435
                  grid.westeurope.gco2e_per_kwh: 141.585
                  vm.nc4as_t4_v3.embodied_g_per_hour: 8.4

                """
        }
        #expect(halved.baseline.verdict.annual.p50 < before.baseline.verdict.annual.p50)
        #expect(properties.stricter(halved, than: before) == [])
    }

    @Test func aRestrictionsCapIsTheNumberOfFilesThePlanIsEvaluatedWith() throws {
        // With measured energy (issue 13) the demo's levers alone give P50 ≈ 124 kg for 2025 on the reduced draws,
        // the actuals to date 113.4 kg: at 120 kg the plan caps Transcription · FR at 146 files a month (0.75 × its
        // mean forecast, rounded) and Transcription · AR at 100 (decisions.cap_files_per_month). The budgets around
        // it are tried in turn in case the figures move a little. Each `restrict` row's cap_files_per_month is the
        // plan's own cap.
        var restricted: [Recommendation] = []
        var decisions: DecisionAnalysis?
        for budget in [120.0, 119, 121] where restricted.isEmpty {
            let current = try properties.analysis { $0.budget.annualKgCO2e = budget }
            restricted = current.recommendations.filter { $0.kind == .restrict }
            decisions = current
        }
        let plan = try #require(decisions).recommended.plan
        #expect(!restricted.isEmpty)
        for r in restricted {
            let cap = try #require(r.capFilesPerMonth)
            #expect(plan.cap(r.cell) == .filesPerMonth(cap), "\(r.cell)")
            #expect(cap == cap.rounded() && cap >= 1, "\(r.cell)")
        }
    }
}
