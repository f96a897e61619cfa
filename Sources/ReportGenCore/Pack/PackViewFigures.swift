/// What every language's report shows alike, computed once per pack instead of once per language: the diagnostics
/// with their message codes, and the plan evaluations behind the options table and the abatement curve.
package struct PackViewFigures: Sendable {
    /// One option of a service evaluated for the report.
    package struct OptionFigures: Sendable {
        /// The option these figures are of.
        package var option: ServiceOption
        /// Over the budget window with the recommended plan changed to this option: actuals to date plus forecast.
        package var withRecommended: PlanFigure
        /// Against today with only this option changed: kg avoided and the plan's value (`nil` for `as today`).
        package var againstBaseline: (avoided: PlanFigure, value: Double)?
    }

    /// ``PackContent/diagnostics`` with their codes and parameters (``DiagnosticCatalog/coded(_:)``), same order.
    package let diagnostics: [Diagnostic]
    /// ``PackContent/refusedInputs`` with their codes and parameters, same order.
    package let refusedInputs: [Diagnostic]
    /// Service id → its options, in ``ServiceOptions/allOptions(of:among:)`` order.
    package let options: [String: [OptionFigures]]

    /// Codes every diagnostic (one regular-expression search each) and evaluates every option on every draw.
    /// - Complexity: O(diagnostics × patterns + options × draws × months).
    package init(_ content: PackContent) {
        diagnostics = content.diagnostics.map(DiagnosticCatalog.coded)
        refusedInputs = content.refusedInputs.map(DiagnosticCatalog.coded)
        let decisions = content.decisions
        let evaluator = decisions.evaluator
        let yearToDate = decisions.window.yearToDateKg
        var options: [String: [OptionFigures]] = [:]
        for service in content.config.services {
            options[service.id] = decisions.options.allOptions(of: service, among: content.config.services).map {
                option in
                var recommended = decisions.recommended.plan
                recommended.options[service.id] = option.isAsIs ? nil : option
                let totals = evaluator.windowTotals(recommended).map { $0 + yearToDate }
                var figures = OptionFigures(
                    option: option, withRecommended: PlanFigure(draws: totals[...]), againstBaseline: nil)
                if !option.isAsIs {
                    var alone = DecisionPlan.baseline
                    alone.options[service.id] = option
                    let avoided = zip(decisions.baseline.windowDraws, evaluator.windowTotals(alone)).map { $0 - $1 }
                    figures.againstBaseline = (PlanFigure(draws: avoided[...]), evaluator.value(alone))
                }
                return figures
            }
        }
        self.options = options
    }
}
