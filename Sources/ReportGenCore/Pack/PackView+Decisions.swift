import Foundation
import Matrix
import Templates

/// The decision sections: the cell matrix as a heat map, the recommendations, the levers, the budget arbitration,
/// the what-if scenarios and the value-against-carbon scatter plot.
extension PackView {
    /// `Transcription · FR`: the service's name without its parenthesised model, and the language.
    package func cellName(_ cell: CellKey) -> String { shortName(cell.service) + " · " + cell.language.uppercased() }

    /// A service's name without its parenthesised model: `Transcription`.
    package func shortName(_ service: String) -> String {
        let name = serviceName(service)
        return name.range(of: " (").map { String(name[..<$0.lowerBound]) } ?? name
    }

    /// A lever's detail (`730 h → 1.5 × busy h`, `batch 8 (faster-whisper)`) in the report language: its words from
    /// the translation file (`lever_word_<word>`), its numbers in the language's symbols; model and region names stay.
    package func leverDetail(_ detail: String) -> String {
        var text = detail
        for (english, key) in [("busy h", "lever_word_busy_hours"), ("batch", "lever_word_batch")] {
            if let word = strings[key] { text = text.replacingOccurrences(of: english, with: word) }
        }
        return format.localisingNumbers(in: text)
    }

    /// A what-if scenario's name in the report language, as `reportgen.yaml` gives it.
    package func scenarioName(_ name: String) -> String {
        content.config.scenarios.first { $0.name == name }?.localisedNames[language.rawValue] ?? name
    }

    /// The decision sections' part of the template's view.
    package func decisionsDictionary() -> [String: Any] {
        let decisions = content.decisions
        let matrix = decisions.cellMatrix.matrix
        let wsm = decisions.results[0]
        var view: [String: Any] = [:]
        let low = wsm.scores.min() ?? 0
        let high = wsm.scores.max() ?? 1
        view["cellCriteria"] = matrix.criteria.map { ["label": t("criterion_" + $0.id)] }
        view["cellRows"] = orderedByRank(wsm.ranks).map { index -> [String: Any] in
            let recommendation = decisions.recommendations[index]
            let heat = high > low ? Int(((wsm.scores[index] - low) / (high - low) * 4.999).rounded(.down)) : 2
            return [
                "id": decisions.cellMatrix.cells[index].description,
                "name": cellName(decisions.cellMatrix.cells[index]),
                "cells": matrix.values[index].enumerated().map { j, value -> [String: String] in
                    ["value": criterionValue(value, column: j)]
                },
                "score": format.decimal(wsm.scores[index], fractionDigits: 3), "rank": String(wsm.ranks[index]),
                "heat": "h\(heat)",
                "recommendation": t("rec_" + recommendation.kind.rawValue), "recClass": recommendation.kind.rawValue,
                "robustness": format.percent(recommendation.holdsShare, fractionDigits: 0),
                "robustClass": recommendation.isRobust ? "robust" : "fragile",
                "methodScores": decisions.results.map {
                    ["score": format.decimal($0.scores[index], fractionDigits: 3), "rank": String($0.ranks[index])]
                },
            ]
        }
        // A configured language with no traffic this month has no cell in the engine's matrix (nothing to score):
        // it keeps its rows, at zero activity, marked, so that it never silently disappears.
        let scored = Set(decisions.cellMatrix.cells)
        view["idleCellRows"] = content.config.services.flatMap { service in
            content.config.languages.compactMap { language -> [String: String]? in
                let cell = CellKey(service: service.id, language: language)
                guard !scored.contains(cell) else { return nil }
                return ["id": cell.description, "name": cellName(cell)]
            }
        }
        view["idleColspan"] = String(matrix.criteria.count + 4)
        view["recommendationCards"] = decisions.recommendations.sorted { $0.rank < $1.rank }.map { r -> [String: Any] in
            var card: [String: Any] = [
                "name": cellName(r.cell), "recommendation": t("rec_" + r.kind.rawValue), "recClass": r.kind.rawValue,
                "reasons": r.reasons.map { ["text": reasonText($0)] },
                "avoided": kg(r.avoidedKg) + " " + t("per_year"),
                "avoidedRange": "P5–P95 \(format.significant(r.avoidedP5))–\(format.significant(r.avoidedP95)) kg",
                "valueForgone": format.decimal(r.valueForgone, fractionDigits: 0),
                "robustness": format.percent(r.holdsShare, fractionDigits: 0),
                "robustLabel": t(r.isRobust ? "robust_yes" : "robust_no"),
                "robustClass": r.isRobust ? "robust" : "fragile",
            ]
            card["intervals"] = r.weightIntervals.map { interval -> [String: String] in
                [
                    "criterion": t("criterion_" + interval.criterion),
                    "range":
                        "\(format.decimal(interval.lower, fractionDigits: 2))–\(format.decimal(interval.upper, fractionDigits: 2))",
                    "weight": format.decimal(interval.weight, fractionDigits: 2),
                ]
            }
            return card
        }
        view["leverRows"] = decisions.cellMatrix.cells.flatMap { cell -> [[String: String]] in
            (decisions.levers[cell] ?? []).map { lever in
                [
                    "cell": cellName(cell), "lever": t("lever_" + lever.kind.rawValue),
                    "detail": leverDetail(lever.detail),
                    "detailIsCode": lever.kind == .smallerModel || lever.kind == .region ? "yes" : "",
                    "saved": format.significant(lever.savedKg),
                    "share": format.percent(lever.savingShare, fractionDigits: 0),
                    "note": lever.note.map(reasonText) ?? "",
                ]
            }
        }
        view["hasArbitration"] = decisions.arbitrationShares != nil
        if let shares = decisions.arbitrationShares {
            view["arbitrationRows"] = decisions.cellMatrix.cells.map { cell -> [String: String] in
                ["cell": cellName(cell), "share": format.percent(shares[cell] ?? 0, fractionDigits: 0)]
            }
        }
        view["planRows"] = decisions.plans.map { plan -> [String: String] in
            [
                "name": plan.name == "baseline"
                    ? t("plan_baseline") : plan.name == "arbitration" ? t("plan_arbitration") : scenarioName(plan.name),
                "annual": format.significant(plan.annualKg.central),
                "range": "\(format.significant(plan.annualKg.p5))–\(format.significant(plan.annualKg.p95))",
                "value": format.decimal(plan.annualValue, fractionDigits: 0),
                "crossing": plan.error.map { t("plan_error") + " " + $0 }
                    ?? plan.crossing.map { monthLabel($0) } ?? t("plan_not_crossed"),
            ]
        }
        let cells = decisions.cellMatrix.cells
        let services = content.config.services.map(\.id)
        let points = cells.enumerated().map { index, cell in
            ScatterChart.Point(
                label: cell.language.uppercased(), x: matrix.values[index][0],
                y: matrix.values[index][2] * matrix.values[index][4] / 5 * matrix.values[index][3],
                group: services.firstIndex(of: cell.service) ?? 0)
        }
        view["scatterChart"] = ScatterChart(
            title: t("scatter_title"), xUnit: t("scatter_x"), yUnit: t("scatter_y"), points: points,
            groupNames: content.config.services.map { shortName($0.id) }, frontLabel: t("scatter_front"), format: format
        ).svg()
        view["scatterRows"] = cells.indices.map { index -> [String: String] in
            [
                "cell": cellName(cells[index]), "carbon": format.significant(points[index].x),
                "value": format.significant(points[index].y),
                "front": ScatterChart.paretoFront(points).contains(index) ? "✓" : "",
            ]
        }
        // Main decisions in plain words, for the executive summary.
        var sentences: [[String: String]] = []
        for kind in RecommendationKind.allCases {
            let matching = decisions.recommendations.filter { $0.kind == kind }
            guard !matching.isEmpty else { continue }
            sentences.append([
                "text": t("decision_" + kind.rawValue) + " (\(matching.count)): "
                    + matching.map {
                        cellName($0.cell)
                            + ($0.capFilesPerMonth.map { cap in
                                " ≤ \(format.decimal(cap, fractionDigits: 0))/" + t("per_month_short")
                            } ?? "")
                    }.joined(separator: ", ")
            ])
        }
        let avoided = decisions.recommendations.reduce(0) { $0 + $1.avoidedKg }
        sentences.append(["text": t("decision_effect") + " " + kg(avoided) + " " + t("per_year") + "."])
        let fragile = decisions.recommendations.filter { !$0.isRobust }.count
        if fragile > 0 {
            sentences.append(["text": plural("decision_fragile", count: fragile)])
        }
        view["decisionSentences"] = sentences
        return view
    }
}
