import Templates

/// The chart and table of emissions by language, beside the chart by service.
extension PackView {
    /// The months of the chart by service, each service's retained figure split by language (``LanguageEmissions``);
    /// what no usage covers has its own row. A configured language without traffic this month keeps its row, marked.
    package func languageEmissions() -> [String: Any] {
        let split = LanguageEmissions(
            months: content.months, services: content.serviceIDs, configuredLanguages: content.config.languages,
            activity: content.cellActivity, retained: content.emissions.retainedKg)
        let labels = split.months.map { format.shortMonth(year: $0.year, month: $0.month) }
        var series = split.languages.indices.map { (languageName(split.languages[$0]), split.kg[$0]) }
        let hasUnattributed = split.unattributed.contains { $0 != 0 }
        if hasUnattributed { series.append((t("language_unattributed"), split.unattributed)) }
        let chart = StackedBarChart(
            title: t("emissions_language_title"), unit: t("emissions_unit"), categories: labels, series: series,
            format: format)
        let files = content.carbon.model.cells.reduce(into: [String: Double]()) {
            $0[$1.key.language, default: 0] += $1.files
        }
        var rows: [[String: Any]] = split.languages.indices.map { index in
            [
                "code": split.languages[index], "name": languageName(split.languages[index]),
                "noTraffic": (files[split.languages[index]] ?? 0) == 0,
                "cells": split.kg[index].map { ["value": format.significant($0)] },
            ]
        }
        if hasUnattributed {
            rows.append([
                "code": "", "name": t("language_unattributed"), "noTraffic": false,
                "cells": split.unattributed.map { ["value": format.significant($0)] },
            ])
        }
        return ["languageChart": chart.svg(), "languageMonths": labels.map { ["label": $0] }, "languageRows": rows]
    }
}
