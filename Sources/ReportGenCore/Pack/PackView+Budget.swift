import Foundation
import Matrix
import Templates

/// The budget over its period: the cumulative chart and its table, and the first page's sentence on which action
/// brings the footprint within budget.
extension PackView {
    /// `budgetChart` and `budgetRows`: actuals to date, then actuals plus each forecast month, today's path (band and
    /// median) and the recommended plan's median, against the annual budget, the month it runs out marked (on the
    /// declared statistic, as the first page names it).
    func budgetPath() -> [String: Any] {
        let decisions = content.decisions
        let window = decisions.window
        let evaluator = decisions.evaluator
        let today = window.cumulative(monthly: evaluator.monthly(.baseline), columns: evaluator.columns)
        let plan = window.cumulative(
            monthly: evaluator.monthly(decisions.recommended.plan), columns: evaluator.columns)
        let exhausted = decisions.baseline.verdict.exhaustedMonth
        var chart = FanChart(
            title: t("budget_chart_title"), unit: t("budget_chart_unit"),
            categories: window.months.map { format.shortMonth(year: $0.year, month: $0.month) },
            p5: today.map(\.p5), p50: today.map(\.p50), p95: today.map(\.p95),
            budget: window.config.annualKgCO2e, budgetLabel: t("budget_chart_line"),
            crossingIndex: exhausted.flatMap { window.months.firstIndex(of: $0) },
            crossingLabel: exhausted.map {
                t("budget_chart_runs_out") + " " + format.shortMonth(year: $0.year, month: $0.month)
            } ?? "",
            format: format)
        chart.secondLine = plan.map(\.p50)
        chart.secondLineLabel = t("plan_recommended")
        let rows = window.months.indices.map { index -> [String: String] in
            let month = window.months[index]
            let isActual = window.actualMonths.contains(month)
            return [
                "month": format.shortMonth(year: month.year, month: month.month),
                "kind": t(isActual ? "budget_kind_actual" : "budget_kind_forecast"),
                "today": isActual ? kg(today[index].p50) : figureText(today[index]),
                "plan": kg(plan[index].p50),
            ]
        }
        return ["budgetChart": chart.svg(), "budgetRows": rows]
    }

    /// Which action brings the footprint within budget, and by how much (P5–P95 from the same draws): the single
    /// change of the plan that suffices on the declared statistic while forgoing the least value, else the plan as a
    /// whole; `nil` without a budget or when no plan fits.
    func withinBudgetSentence() -> String? {
        let decisions = content.decisions
        guard let budget = decisions.window.config.annualKgCO2e, decisions.arbitration.fits else { return nil }
        let evaluator = decisions.evaluator
        let baseline = decisions.baseline
        if baseline.verdict.isWithinBudget == true {
            return t("decision_already_within").replacingOccurrences(
                of: "{kg}", with: figureText(decisions.packageEffect))
        }
        let plan = decisions.recommended.plan
        var singles: [(name: String, plan: DecisionPlan)] = []
        for r in decisions.serviceRecommendations {
            var single = DecisionPlan.baseline
            single.options[r.service] = plan.option(r.service)
            singles.append((shortName(r.service) + ": " + optionText(r.option), single))
        }
        for r in decisions.recommendations where r.kind >= .restrict && !plan.option(r.cell.service).isDropped {
            var single = DecisionPlan.baseline
            single.caps[r.cell] = plan.cap(r.cell)
            singles.append((cellName(r.cell) + ": " + recommendationText(r), single))
        }
        var best: (name: String, avoided: PlanFigure, forgone: Double)?
        for single in singles {
            let assessment = PlanAssessment(
                name: single.name, plan: single.plan, evaluator: evaluator, window: decisions.window)
            guard assessment.verdict.statisticKg <= budget else { continue }
            let avoided = PlanFigure(draws: zip(baseline.windowDraws, assessment.windowDraws).map { $0 - $1 }[...])
            let forgone = baseline.value - assessment.value
            if best.map({ (forgone, -avoided.p50) < ($0.forgone, -$0.avoided.p50) }) ?? true {
                best = (single.name, avoided, forgone)
            }
        }
        guard let best else {
            return t("decision_package_brings_within").replacingOccurrences(
                of: "{kg}", with: figureText(decisions.packageEffect))
        }
        return t("decision_brings_within").replacingOccurrences(of: "{action}", with: best.name)
            .replacingOccurrences(of: "{kg}", with: figureText(best.avoided))
    }
}
