import Matrix
import Templates

/// The marginal abatement cost curve's actions.
extension PackView {
    /// Every action as a bar of the abatement curve: each service lever and each stop or cap of a cell, judged one
    /// at a time against today (its kg avoided and value forgone), the recommended ones marked.
    func abatementCurve() -> [MACCChart.Action] {
        let decisions = content.decisions
        let evaluator = decisions.evaluator
        let baseline = decisions.baseline
        var actions: [MACCChart.Action] = []
        for service in content.config.services {
            let chosen = decisions.recommended.plan.option(service.id)
            for evaluated in figures.options[service.id] ?? [] {
                guard let (avoided, value) = evaluated.againstBaseline, avoided.p50 > 0 else { continue }
                actions.append(
                    MACCChart.Action(
                        label: shortName(service.id) + ": " + optionText(evaluated.option), avoidedKg: avoided.p50,
                        valuePerKg: (baseline.value - value) / avoided.p50, isChosen: evaluated.option == chosen))
            }
        }
        for r in decisions.recommendations {
            let avoided = r.avoidable.avoided
            guard avoided.p50 > 0 else { continue }
            actions.append(
                MACCChart.Action(
                    label: cellName(r.cell) + ": " + t("rec_drop"), avoidedKg: avoided.p50,
                    valuePerKg: evaluator.fullValue(r.cell) / avoided.p50, isChosen: r.kind >= .postpone))
        }
        return actions.sorted { ($0.valuePerKg, $1.avoidedKg, $0.label) < ($1.valuePerKg, $0.avoidedKg, $1.label) }
    }
}
