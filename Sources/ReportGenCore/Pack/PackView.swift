import Foundation
import Matrix
import Templates

/// Builds the logic-less template's view from ``PackContent``: every number formatted for the report language,
/// every chart drawn, every text ready to print. Templates only place what is here.
package struct PackView {
    package let content: PackContent
    package let language: ReportLanguage
    package let strings: [String: String]
    package let toolVersion: String

    package var format: NumberFormat { NumberFormat(language: language) }

    package func t(_ key: String) -> String { strings[key] ?? key }

    /// A reason in the report language, its `{placeholders}` filled.
    package func reasonText(_ reason: Reason) -> String {
        var text = t(reason.key)
        for (key, value) in reason.values {
            let shown = key == "criterion" ? t("criterion_" + value) : value
            text = text.replacingOccurrences(of: "{\(key)}", with: shown)
        }
        return text
    }

    package func kg(_ value: Double) -> String { format.significant(value) + "\u{00A0}kg" }

    package func monthLabel(_ month: YearMonth) -> String { format.month(year: month.year, month: month.month) }

    /// The dictionary the `report` template renders.
    package func dictionary() -> [String: Any] {
        let months = content.months
        let period = content.period
        var view: [String: Any] = [
            "lang": language.rawValue, "t": strings, "toolVersion": toolVersion,
            "organisation": content.config.organisation, "periodLabel": monthLabel(period),
            "statusLabel": t("status_draft"),
            "generatedLabel": generatedLabel(), "retentionRule": t("retention_rule"),
            "serviceCount": String(content.config.services.count),
            "languagesLabel": content.config.languages.joined(separator: ", "),
        ]
        let total = content.totalKg(period)
        view["totalLabel"] = kg(total)
        if let previous = months.last(where: { $0 < period }), content.totalKg(previous) > 0 {
            let before = content.totalKg(previous)
            view["changeLabel"] = format.signedPercent((total - before) / before)
            view["previousLabel"] = monthLabel(previous) + ": " + kg(before)
        } else {
            view["changeLabel"] = "–"
            view["previousLabel"] = t("summary_no_previous")
        }
        let wsm = content.scoring.results[0]
        if let best = orderedByRank(wsm.ranks).first {
            view["topService"] = content.serviceName(content.scoring.matrix.alternatives[best])
        }

        let ids = content.serviceIDs
        let chart = StackedBarChart(
            title: t("emissions_title"), unit: t("emissions_unit"),
            categories: months.map { format.shortMonth(year: $0.year, month: $0.month) },
            series: ids.map { id in (content.serviceName(id), months.map { content.emissions.retainedKg(id, $0) }) },
            format: format)
        view["emissionsChart"] = chart.svg()
        view["months"] = months.map { ["label": format.shortMonth(year: $0.year, month: $0.month)] }
        view["emissionRows"] = ids.map { id -> [String: Any] in
            let sources = Set(months.compactMap { content.emissions.retained(id, $0)?.source.displayName })
            return [
                "id": id, "name": content.serviceName(id),
                "cells": months.map { month -> [String: String] in
                    ["period": month.description, "value": format.significant(content.emissions.retainedKg(id, month))]
                },
                "source": sources.sorted().joined(separator: "; "),
            ]
        }
        view["monthTotals"] = months.map { ["value": format.significant(content.totalKg($0))] }

        let matrix = content.scoring.matrix
        view["criteria"] = matrix.criteria.enumerated().map { index, criterion -> [String: String] in
            [
                "label": t("criterion_" + criterion.id),
                "direction": t(criterion.direction == .benefit ? "direction_benefit" : "direction_cost"),
                "rawWeight": format.decimal(criterion.rawWeight, fractionDigits: 2),
                "weight": format.decimal(matrix.weights[index], fractionDigits: 3),
            ]
        }
        let scores = wsm.scores
        let low = scores.min() ?? 0
        let high = scores.max() ?? 1
        view["matrixRows"] = orderedByRank(wsm.ranks).map { index -> [String: Any] in
            let heat = high > low ? Int(((scores[index] - low) / (high - low) * 4.999).rounded(.down)) : 2
            return [
                "id": matrix.alternatives[index], "name": content.serviceName(matrix.alternatives[index]),
                "cells": matrix.values[index].enumerated().map { j, value -> [String: String] in
                    ["value": j == 3 ? format.decimal(value, fractionDigits: 0) : format.significant(value)]
                },
                "score": format.decimal(scores[index], fractionDigits: 3), "rank": String(wsm.ranks[index]),
                "heat": "h\(heat)",
            ]
        }
        if let ahp = content.config.criteria.ahp {
            var text = t("method_weights_ahp")
            let values = [
                "lambda": format.decimal(ahp.lambdaMax, fractionDigits: 4),
                "ci": format.decimal(ahp.consistencyIndex, fractionDigits: 4),
                "cr": format.decimal(ahp.consistencyRatio, fractionDigits: 4), "table": ahp.randomIndexTable,
            ]
            for (key, value) in values { text = text.replacingOccurrences(of: "{\(key)}", with: value) }
            view["weightsSource"] =
                text + (content.config.criteria.isAHPForced && !ahp.isConsistent ? " " + t("method_weights_forced") : "")
        } else {
            view["weightsSource"] = t("method_weights_direct")
        }
        view["methods"] = content.scoring.results.map {
            ["name": $0.method.id.uppercased(), "variant": strings["variant_" + $0.method.id] ?? $0.method.variantName]
        }
        view["methodRows"] = matrix.alternatives.indices.map { index -> [String: Any] in
            [
                "name": content.serviceName(matrix.alternatives[index]),
                "cells": content.scoring.results.map { result -> [String: String] in
                    [
                        "score": format.decimal(result.scores[index], fractionDigits: 3),
                        "rank": String(result.ranks[index]),
                    ]
                },
            ]
        }

        view["inputs"] = content.inputs.map { input -> [String: String] in
            [
                "name": input.name, "format": input.format,
                "rows": format.decimal(Double(input.rows), fractionDigits: 0), "sha256": input.sha256,
            ]
        }
        let diagnostics = content.diagnostics.map { diagnostic -> [String: String] in
            ["severity": diagnostic.severity.rawValue, "location": diagnostic.location, "message": diagnostic.message]
        }
        view["diagnostics"] = diagnostics
        view["hasDiagnostics"] = !diagnostics.isEmpty
        view.merge(carbonDictionary()) { $1 }
        view.merge(measuredDictionary()) { $1 }
        view.merge(decisionsDictionary()) { $1 }
        view.merge(signoffDictionary()) { $1 }
        return view
    }

    private func generatedLabel() -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = content.config.timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: content.generatedAt)
        return format.date(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1)
    }
}
