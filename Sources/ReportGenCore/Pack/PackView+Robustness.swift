import Foundation
import Matrix
import Templates

/// The robustness section: the local robustness of the recommendations, the SMAA acceptability (under its own
/// name), the methodological scenarios with their budget verdicts and the tornado of the baseline's annual figure.
extension PackView {
    package func robustnessDictionary() -> [String: Any] {
        let decisions = content.decisions
        var view: [String: Any] = [:]
        view["robustnessMethod"] = t(
            "robustness_method",
            [
                "draws": String(decisions.localRobustness.draws),
                "perturbation": format.percent(LocalRobustness.perturbation, fractionDigits: 0),
                "threshold": format.percent(content.config.decisions.robustness, fractionDigits: 0),
            ])
        view["smaaMethod"] = t("smaa_method", ["draws": String(decisions.smaa.draws)])
        let ranks = decisions.results.first?.ranks ?? []
        view["smaaRows"] = orderedByRank(ranks).map { index -> [String: String] in
            [
                "cell": cellName(decisions.cellMatrix.cells[index]), "rank": String(ranks[index]),
                "rankAcceptability": format.percent(decisions.smaa.rankAcceptability[index], fractionDigits: 0),
                "firstAcceptability": format.percent(decisions.smaa.firstRankAcceptability[index], fractionDigits: 0),
                "robustness": format.percent(decisions.recommendations[index].holdsShare, fractionDigits: 0),
            ]
        }
        view["conventionRows"] = decisions.methodScenarios.map { scenario -> [String: String] in
            [
                "group": t("method_group_" + scenario.convention.group.rawValue),
                "name": t("convention_" + scenario.convention.id)
                    + (scenario.convention.isDefault ? " (" + t("convention_default") + ")" : ""),
                "detail": format.localisingNumbers(in: scenario.convention.detail),
                "baseline": kg(scenario.baseline.statisticKg), "baselineVerdict": verdictText(scenario.baseline),
                "plan": kg(scenario.plan.statisticKg), "planVerdict": verdictText(scenario.plan),
            ]
        }
        let decisive = MethodConventions.decisive(decisions.methodScenarios)
        view["conventionSentence"] =
            decisive.isEmpty
            ? t("convention_holds")
            : t(
                "convention_decides",
                ["conventions": decisive.map { t("convention_" + $0) }.joined(separator: "; ")])
        // The first page says it too: a verdict that a convention turns is part of the decision.
        if !decisive.isEmpty { view["conventionWarning"] = view["conventionSentence"] }
        let tornado = decisions.tornado
        func label(_ bar: BaselineTornado.Bar) -> String {
            bar.isConvention ? t("method_group_" + bar.id) : bar.id
        }
        func setting(_ bar: BaselineTornado.Bar, _ value: String) -> String {
            bar.isConvention ? t("convention_" + value) : format.localisingNumbers(in: value)
        }
        let shown = Array(tornado.bars.prefix(12))
        view["tornadoChart"] = TornadoChart(
            title: t("tornado_title"), unit: t("tornado_unit"), central: tornado.centralKg,
            bars: shown.map {
                TornadoChart.Bar(
                    label: label($0), lowValue: $0.lowKg, highValue: $0.highKg, isConvention: $0.isConvention)
            }, format: format
        ).svg()
        view["tornadoCaption"] = t("tornado_caption", ["central": kg(tornado.centralKg)])
        view["tornadoRows"] = tornado.bars.map { bar -> [String: String] in
            [
                "input": bar.isConvention ? label(bar) : "<code>" + bar.id.htmlEscaped + "</code>",
                "lowSetting": setting(bar, bar.lowSetting), "low": format.significant(bar.lowKg),
                "highSetting": setting(bar, bar.highSetting), "high": format.significant(bar.highKg),
                "swing": format.significant(bar.swingKg),
            ]
        }
        return view
    }
}
