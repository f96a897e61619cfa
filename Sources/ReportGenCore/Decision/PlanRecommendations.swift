import Foundation
import Matrix

/// Stage: what the recommended plan changes against today, cell by cell and service by service, each change with
/// its marginal effect (the plan without that change minus the plan, on the same draws) and the value it forgoes.
struct PlanRecommendations {
    var cells: [Recommendation] = []
    var services: [ServiceRecommendation] = []

    init(
        evaluator: PlanEvaluator, window: BudgetWindow, baseline: PlanAssessment, recommended: PlanAssessment,
        cells keys: [CellKey], running: Set<CellKey>, avoidable: [CellKey: AvoidableCarbon], ranks: [Int],
        robustness: LocalRobustness, threshold: Double, notes: [String: [Reason]]
    ) {
        let plan = recommended.plan
        /// The marginal effect and value forgone of undoing one change.
        func marginal(_ without: DecisionPlan) -> (avoided: PlanFigure, forgone: Double) {
            let other = evaluator.windowTotals(without)
            let difference = zip(other, recommended.windowDraws).map { $0 - $1 }
            return (PlanFigure(draws: difference[...]), evaluator.value(without) - recommended.value)
        }

        for service in evaluator.services {
            let option = plan.option(service.id)
            guard !option.isAsIs else { continue }
            var without = plan
            without.options[service.id] = nil
            if option.isDropped {
                for cell in evaluator.cells[evaluator.services.firstIndex(of: service) ?? 0] {
                    without.caps[cell] = nil
                }
            }
            let effect = marginal(without)
            let anyRunning = keys.contains { $0.service == service.id && running.contains($0) }
            let kind: RecommendationKind =
                option.isDropped ? (anyRunning ? .drop : .postpone) : .activateWithOptimisation
            var reasons = [
                Reason(
                    key: option.isDropped ? "reason_service_off" : "reason_service_lever",
                    values: [
                        "lever": option.detail, "kg": format(effect.avoided.p50), "p5": format(effect.avoided.p5),
                        "p95": format(effect.avoided.p95),
                    ])
            ]
            if !option.isDropped {
                reasons += (notes[service.id] ?? []).filter { note in
                    Self.noteLevers[note.key].map { option.levers.contains($0) } ?? true
                }
            }
            let holds = robustness.services[service.id] ?? 1
            services.append(
                ServiceRecommendation(
                    service: service.id, kind: kind, option: option, avoided: effect.avoided,
                    valueForgone: effect.forgone, reasons: reasons, holdsShare: holds, isRobust: holds >= threshold))
        }

        for (row, cell) in keys.enumerated() {
            let option = plan.option(cell.service)
            var kind = RecommendationKind.activate
            var capShare: Double?
            var capFiles: Double?
            var without = plan
            var reasons: [Reason] = []
            var effect = (avoided: PlanFigure.zero, forgone: 0.0)
            if option.isDropped {
                kind = running.contains(cell) ? .drop : .postpone
                reasons.append(Reason(key: "reason_cell_service_off"))
            } else {
                switch plan.cap(cell) {
                case .share(let share) where share >= 1:
                    kind = option.isAsIs ? .activate : .activateWithOptimisation
                    reasons.append(
                        Reason(
                            key: option.isAsIs ? "reason_fits" : "reason_fits_with_lever",
                            values: ["lever": option.detail]))
                case .share(let share) where share <= 0:
                    kind = running.contains(cell) ? .drop : .postpone
                    without.caps[cell] = nil
                    effect = marginal(without)
                case .share(let share):
                    kind = .restrict
                    capShare = share
                    capFiles = (evaluator.meanFilesPerMonth(cell) * share).rounded()
                    without.caps[cell] = nil
                    effect = marginal(without)
                case .filesPerMonth(let files):
                    kind = .restrict
                    capFiles = files
                    let mean = evaluator.meanFilesPerMonth(cell)
                    capShare = mean > 0 ? min(1, files / mean) : nil
                    without.caps[cell] = nil
                    effect = marginal(without)
                }
                if kind >= .restrict {
                    reasons.append(
                        Reason(
                            key: kind == .restrict ? "reason_capped" : "reason_stopped",
                            values: [
                                "kg": format(effect.avoided.p50), "p5": format(effect.avoided.p5),
                                "p95": format(effect.avoided.p95), "value": format(effect.forgone),
                                "share": capShare.map { String(format: "%.0f", $0 * 100) } ?? "",
                                "cap": capFiles.map { String(format: "%.0f", $0) } ?? "",
                            ]))
                }
            }
            if !running.contains(cell) { reasons.append(Reason(key: "reason_not_running")) }
            let rank = ranks.indices.contains(row) ? ranks[row] : 0
            reasons.append(Reason(key: "reason_mcda_rank", values: ["rank": "\(rank)", "count": "\(keys.count)"]))
            let holds = robustness.cells[cell] ?? 1
            cells.append(
                Recommendation(
                    cell: cell, kind: kind, lever: kind == .activateWithOptimisation ? option.id : nil,
                    leverDetail: kind == .activateWithOptimisation ? option.detail : nil, capShare: capShare,
                    capFilesPerMonth: capFiles, avoided: effect.avoided, valueForgone: effect.forgone,
                    avoidable: avoidable[cell]
                        ?? AvoidableCarbon(avoided: .zero, variable: .zero, capacityFreed: .zero, allocatedShare: .zero),
                    reasons: reasons, mcdaRank: rank, holdsShare: holds, isRobust: holds >= threshold))
        }
    }
}

/// Three significant digits, for reason texts (the pack formats its own figures with the report's locale).
private func format(_ value: Double) -> String {
    guard value.isFinite, value != 0 else { return "0" }
    let digits = max(0, 2 - Int(floor(log10(abs(value)))))
    return String(format: "%.\(min(digits, 6))f", value)
}

extension PlanRecommendations {
    /// The lever a service note is about: a note on a lever the chosen option does not use (the work lost outside
    /// service hours, under a plan that scales to zero instead) would contradict the recommendation, so it is left
    /// out. Notes on levers that were not offered (int8 no faster, Mistral already quantised) always stay.
    static let noteLevers: [String: ServiceOption.Lever] = [
        "lever_note_cold_start": .scaleToZero, "lever_note_quality": .smallerModel,
        "lever_note_schedule_loss": .scheduledHours, "lever_note_schedule_no_log": .scheduledHours,
    ]
}
