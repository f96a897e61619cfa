import Foundation
import Matrix
import Templates

/// The decision sections: the first page (decision requested), the cell matrix (a second opinion), the
/// recommendations from the plan, the service options, the arbitration and plans, the conventions, the abatement
/// curve and the value-against-carbon scatter plot.
extension PackView {
    /// `Transcription · FR`: the service's name without its parenthesised model, and the language.
    package func cellName(_ cell: CellKey) -> String { shortName(cell.service) + " · " + cell.language.uppercased() }

    /// A service's name without its parenthesised model: `Transcription`.
    package func shortName(_ service: String) -> String {
        let name = serviceName(service)
        return name.range(of: " (").map { String(name[..<$0.lowerBound]) } ?? name
    }

    /// `12,3 kg (P5–P95 10,1–15,2)`.
    func figureText(_ figure: PlanFigure) -> String {
        kg(figure.p50) + " (P5–P95 " + format.significant(figure.p5) + "–" + format.significant(figure.p95) + ")"
    }

    /// `as today`, or the option's levers in words with their detail.
    func optionText(_ option: ServiceOption) -> String {
        guard !option.isAsIs else { return t("option_as_is") }
        return option.levers.map { t("lever_" + $0.rawValue) }.joined(separator: " + ")
            + (option.isDropped ? "" : " (" + leverDetail(option.detail) + ")")
    }

    func recommendationText(_ r: Recommendation) -> String {
        var text = t("rec_" + r.kind.rawValue)
        if let cap = r.capFilesPerMonth {
            text += " ≤ " + format.decimal(cap, fractionDigits: 0) + "/" + t("per_month_short")
        }
        return text
    }

    /// A lever's detail (`730 h → 1.5 × busy h`, `westeurope → francecentral`, `int8 (faster-whisper)`) in the
    /// report language. The engine writes each part (parts are joined by `; `) in a fixed form; here each part is
    /// read back: the reserved hours become the `lever_detail_hours` message, a change between two identifiers
    /// (model or region names) keeps its names, and the other words come from the translation file
    /// (`lever_word_<word>`). In a right-to-left report each run of identifiers is a left-to-right isolate
    /// (U+2066 … U+2069, `<bdi dir="ltr">` once in HTML), so that `westeurope → francecentral` reads in its own
    /// direction inside Arabic prose, and parts are joined by the Arabic semicolon.
    package func leverDetail(_ detail: String) -> String {
        let parts = detail.components(separatedBy: "; ").map { part -> String in
            if let hours = Self.reservedHours(in: part) {
                return fill(
                    t("lever_detail_hours"),
                    [
                        "from": format.localisingNumbers(in: hours.from),
                        "factor": format.localisingNumbers(in: hours.factor),
                    ],
                    localising: false)
            }
            var text = part
            // A co-location names its host by id (`GPU of translation`): shown by its name in the report language.
            for service in content.config.services where text.containsUTF8("GPU of \(service.id)") {
                text = text.replacingOccurrences(of: "GPU of \(service.id)", with: "GPU of " + shortName(service.id))
            }
            let words = [
                ("of busy time inside", "lever_word_inside"), ("busy h", "lever_word_busy_hours"),
                ("batch", "lever_word_batch"), ("GPU of", "lever_word_host_gpu"), ("VMs", "lever_word_vms"),
            ]
            for (english, key) in words {
                if let word = strings[key], text.containsUTF8(english) {
                    text = text.replacingOccurrences(of: english, with: word)
                }
            }
            // Day names of a schedule (`Mon–Fri 8–20 h`), as whole words. A pattern is only run on a text that
            // holds its word: searching the bytes costs far less than a match.
            for (day, regex) in Self.dayPatterns where text.containsUTF8(day) {
                guard let word = strings["lever_word_" + day.lowercased()] else { continue }
                text = regex.stringByReplacingMatches(
                    in: text, range: NSRange(text.startIndex..., in: text), withTemplate: word)
            }
            // An hour after a number (`8–20 h`) in the language's symbol.
            if let hour = strings["unit_hour_symbol"], hour != "h", text.containsUTF8(" h"),
                let regex = Self.hourPattern
            {
                text = regex.stringByReplacingMatches(
                    in: text, range: NSRange(text.startIndex..., in: text), withTemplate: "$1 " + hour)
            }
            text = format.localisingNumbers(in: text)
            let isLatin = text.unicodeScalars.allSatisfy { $0.isASCII || $0 == "→" || $0 == "×" }
            return language.isRightToLeft && isLatin ? Self.leftToRightIsolate(text) : text
        }
        return parts.joined(separator: t("detail_separator"))
    }

    // Compiled once, not once a lever or a text: compiling a pattern cost more than matching it.
    /// A schedule's day names as whole words, with the patterns that find them.
    private static let dayPatterns = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].compactMap { day in
        (try? NSRegularExpression(pattern: "\\b\(day)\\b")).map { (day, $0) }
    }
    /// An hour after a number (`8–20 h`).
    private static let hourPattern = try? NSRegularExpression(pattern: "(\\d) h\\b")
    /// A model's name: letters, digits, points and hyphens, with a hyphen and a digit, not inside a word.
    private static let modelNamePattern = try? NSRegularExpression(
        pattern: #"(?<![\p{L}\d])[A-Za-z][A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)*-[A-Za-z0-9.]*\d[A-Za-z0-9.\-]*"#)

    /// `730 h → 1.5 × busy h`: the hours a VM is reserved today and the multiple of busy hours it would be.
    static func reservedHours(in part: String) -> (from: String, factor: String)? {
        let words = part.split(separator: " ").map(String.init)
        guard words.count == 7, words[1] == "h", words[2] == "→", words[4] == "×", words[5] == "busy", words[6] == "h",
            Double(words[0]) != nil, Double(words[3]) != nil
        else { return nil }
        return (words[0], words[3])
    }

    /// The text as a left-to-right isolate (UAX #9: U+2066 LEFT-TO-RIGHT ISOLATE … U+2069 POP DIRECTIONAL ISOLATE).
    static func leftToRightIsolate(_ text: String) -> String { "\u{2066}" + text + "\u{2069}" }

    /// The text HTML-escaped, with each model name (`nllb-200-3.3b`, `whisper-large-v3`) in `<code>`: a model's
    /// name keeps its English spelling and its points, and is marked as an identifier rather than prose.
    package func markingModelNames(_ text: String) -> String {
        var escaped = text.htmlEscaped
        // Only a right-to-left report's texts hold isolates (U+2066 … U+2069): the others skip the replacements.
        if escaped.containsUTF8("\u{2066}") || escaped.containsUTF8("\u{2069}") {
            escaped = escaped.replacingOccurrences(of: "\u{2066}", with: "<bdi dir=\"ltr\">")
                .replacingOccurrences(of: "\u{2069}", with: "</bdi>")
        }
        // Every model name holds a hyphen: a text without one has none to mark.
        guard escaped.utf8.contains(UInt8(ascii: "-")), let regex = Self.modelNamePattern else { return escaped }
        let range = NSRange(escaped.startIndex..., in: escaped)
        return regex.stringByReplacingMatches(in: escaped, range: range, withTemplate: "<code>$0</code>")
    }

    /// A what-if scenario's name in the report language, as `reportgen.yaml` gives it.
    package func scenarioName(_ name: String) -> String {
        content.config.scenarios.first { $0.name == name }?.localisedNames[language.rawValue] ?? name
    }

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
                    [
                        "value": matrix.criteria[j].id == "volume"
                            ? format.decimal(value, fractionDigits: 0) : format.significant(value)
                    ]
                },
                "score": format.decimal(wsm.scores[index], fractionDigits: 3), "rank": String(wsm.ranks[index]),
                "heat": "h\(heat)",
                "recommendation": recommendationText(recommendation), "recClass": recommendation.kind.rawValue,
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
        view["matrixWarnings"] = decisions.warnings.map { ["text": reasonText($0)] }
        var cards: [[String: Any]] = decisions.serviceRecommendations.map { r in
            [
                "name": shortName(r.service), "recommendation": t("rec_" + r.kind.rawValue),
                "recClass": r.kind.rawValue, "reasons": r.reasons.map { ["text": markingModelNames(reasonText($0))] },
                "avoided": figureText(r.avoided), "valueForgone": format.decimal(r.valueForgone, fractionDigits: 0),
                "robustness": format.percent(r.holdsShare, fractionDigits: 0),
                "robustClass": r.isRobust ? "robust" : "fragile", "scope": t("scope_service"),
            ]
        }
        cards += decisions.recommendations.sorted {
            ($0.kind.frugality, $1.mcdaRank) > ($1.kind.frugality, $0.mcdaRank)
        }
        .map { r -> [String: Any] in
            [
                "name": cellName(r.cell), "recommendation": recommendationText(r), "recClass": r.kind.rawValue,
                "reasons": r.reasons.map { ["text": markingModelNames(reasonText($0))] },
                "avoided": figureText(r.avoided),
                "valueForgone": format.decimal(r.valueForgone, fractionDigits: 0),
                "robustness": format.percent(r.holdsShare, fractionDigits: 0),
                "robustClass": r.isRobust ? "robust" : "fragile", "scope": t("scope_cell"),
                "avoidable": figureText(r.avoidable.avoided),
                "variable": kg(r.avoidable.variable.p50), "capacity": kg(r.avoidable.capacityFreed.p50),
                "allocated": kg(r.avoidable.allocatedShare.p50),
            ]
        }
        view["recommendationCards"] = cards
        view["optionRows"] = content.config.services.flatMap { service -> [[String: String]] in
            let chosen = decisions.recommended.plan.option(service.id)
            return (figures.options[service.id] ?? []).map { evaluated in
                [
                    "service": shortName(service.id), "option": markingModelNames(optionText(evaluated.option)),
                    "kg": figureText(evaluated.withRecommended), "chosen": evaluated.option == chosen ? "✓" : "",
                ]
            }
        }
        view["planRows"] = ([decisions.baseline, decisions.recommended] + decisions.scenarios).map { plan in
            [
                "name": plan.name == "baseline"
                    ? t("plan_baseline") : plan.name == "recommended" ? t("plan_recommended") : scenarioName(plan.name),
                "annual": format.significant(plan.verdict.annual.p50),
                "range": "\(format.significant(plan.verdict.annual.p5))–\(format.significant(plan.verdict.annual.p95))",
                "value": format.decimal(plan.value, fractionDigits: 0),
                "verdict": plan.error.map { t("plan_error") + " " + $0 } ?? verdictText(plan.verdict),
                "crossing": plan.verdict.exhaustedMonth.map { monthLabel($0) } ?? t("plan_not_crossed"),
            ]
        }
        view["arbitrationRows"] = decisions.recommendations.map { r -> [String: String] in
            [
                "cell": cellName(r.cell),
                "option": markingModelNames(optionText(decisions.recommended.plan.option(r.cell.service))),
                "share": decisions.recommended.plan.option(r.cell.service).isDropped
                    ? format.percent(0, fractionDigits: 0)
                    : format.percent(r.capShare ?? (r.kind >= .postpone ? 0 : 1), fractionDigits: 0),
            ]
        }
        view["arbitrationMethod"] = t("arbitration_method")
            .replacingOccurrences(of: "{configurations}", with: String(decisions.arbitration.configurationsEvaluated))
            .replacingOccurrences(of: "{draws}", with: String(decisions.evaluator.draws))
            .replacingOccurrences(of: "{statistic}", with: content.config.budget.statisticName)
            .replacingOccurrences(of: "{price}", with: format.significant(decisions.arbitration.carbonPrice))
            .replacingOccurrences(
                of: "{plan_value}", with: format.decimal(decisions.arbitration.planValue, fractionDigits: 0)
            )
            .replacingOccurrences(
                of: "{exact_value}",
                with: decisions.arbitration.exactValue.map { format.decimal($0, fractionDigits: 0) } ?? "–")

        let cells = decisions.cellMatrix.cells
        let services = content.config.services.map(\.id)
        let points = cells.enumerated().map { index, cell in
            ScatterChart.Point(
                label: cell.language.uppercased(), x: decisions.recommendations[index].avoidable.avoided.p50,
                y: decisions.evaluator.fullValue(cell), group: services.firstIndex(of: cell.service) ?? 0)
        }
        view["scatterChart"] = ScatterChart(
            title: t("scatter_title"), xUnit: t("scatter_x"), yUnit: t("scatter_y"), points: points,
            groupNames: content.config.services.map { shortName($0.id) }, frontLabel: t("scatter_front"), format: format
        ).svg()
        let front = Set(ScatterChart.paretoFront(points))
        view["scatterRows"] = cells.indices.map { index -> [String: String] in
            [
                "cell": cellName(cells[index]), "carbon": format.significant(points[index].x),
                "value": format.significant(points[index].y),
                "front": front.contains(index) ? "✓" : "",
            ]
        }
        let macc = abatementCurve()
        view["maccChart"] = MACCChart(
            title: t("macc_title"), xUnit: t("macc_x"), yUnit: t("macc_y"),
            // A bar's tooltip names the action without its detail (model names): the table below gives it in full.
            actions: macc.map { action in
                var bar = action
                if action.label.utf8.contains(UInt8(ascii: ")")) {
                    bar.label = action.label.replacingOccurrences(
                        of: #" \([^()]*\)$"#, with: "", options: .regularExpression)
                }
                return bar
            }, format: format, cutNote: t("macc_cut")
        ).svg()
        view["maccRows"] = macc.map { action -> [String: String] in
            [
                "action": markingModelNames(action.label), "kg": format.significant(action.avoidedKg),
                "cost": format.significant(action.valuePerKg), "chosen": action.isChosen ? "✓" : "",
            ]
        }
        let page = decisionPage()
        view["decisionPage"] = page
        // The budget is stated once: the summary and forecast lines name the month the cumulative budget runs out on
        // the declared statistic, as the first page does, instead of a month × 12.
        if let exhausted = page["exhausted"] as? String {
            view["crossingText"] = exhausted
            view["crossingP95Text"] = ""
        }
        view["decisionSentences"] = decisionSentences().map { $0.mapValues(markingModelNames) }
        return view
    }

    func verdictText(_ verdict: BudgetVerdict) -> String {
        guard let within = verdict.isWithinBudget else { return t("verdict_no_budget") }
        return t(within ? "verdict_within" : "verdict_over")
    }

    /// The first page: the plan in a few lines, the budget to date and at year end, the action that matters most.
    func decisionPage() -> [String: Any] {
        let decisions = content.decisions
        let window = decisions.window
        var page: [String: Any] = [:]
        page["statistic"] = content.config.budget.statisticName
        page["basis"] = t("basis_" + content.config.budget.basis.rawValue)
        page["periodName"] = t("budget_period_" + content.config.budget.period.rawValue)
        page["windowLabel"] =
            monthLabel(window.months.first ?? content.period) + " – " + monthLabel(window.months.last ?? content.period)
        page["baseline"] = figureText(decisions.baseline.verdict.annual)
        page["plan"] = figureText(decisions.recommended.verdict.annual)
        page["effect"] = figureText(decisions.packageEffect)
        page["valueForgone"] = format.decimal(decisions.baseline.value - decisions.recommended.value, fractionDigits: 0)
        page["yearToDate"] = kg(window.yearToDateKg)
        if let budget = window.config.annualKgCO2e {
            page["hasBudget"] = true
            page["budget"] = kg(budget)
            let proRata = window.proRataToDateKg ?? 0
            page["toDate"] = t(window.yearToDateKg > proRata ? "budget_over_pro_rata" : "budget_within_pro_rata")
                .replacingOccurrences(of: "{ytd}", with: kg(window.yearToDateKg))
                .replacingOccurrences(of: "{pro_rata}", with: kg(proRata))
            page["baselineVerdict"] = verdictText(decisions.baseline.verdict)
            page["planVerdict"] =
                decisions.arbitration.fits ? verdictText(decisions.recommended.verdict) : t("verdict_no_plan_fits")
            page["exhausted"] =
                decisions.baseline.verdict.exhaustedMonth.map {
                    t("budget_exhausted").replacingOccurrences(of: "{month}", with: monthLabel($0))
                } ?? t("budget_not_exhausted")
            let planShare = decisions.recommended.verdict.statisticKg / max(budget, 1e-9)
            let baselineShare = decisions.baseline.verdict.statisticKg / max(budget, 1e-9)
            page["gauge"] = GaugeBar(
                label: t("gauge_label"),
                shares: [
                    (t("gauge_to_date"), window.yearToDateKg / max(budget, 1e-9)), (t("plan_recommended"), planShare),
                    (t("plan_baseline"), baselineShare),
                ]
            ).svg()
        }
        let changes =
            decisions.serviceRecommendations.map {
                (name: shortName($0.service) + ": " + optionText($0.option), avoided: $0.avoided, kind: $0.kind)
            }
            + decisions.recommendations.filter { $0.kind >= .restrict }.map {
                (name: cellName($0.cell) + ": " + recommendationText($0), avoided: $0.avoided, kind: $0.kind)
            }
        page["changes"] = changes.map {
            ["text": markingModelNames($0.name + " — " + t("decision_avoids") + " " + figureText($0.avoided))]
        }
        page["hasChanges"] = !changes.isEmpty
        if let sentence = withinBudgetSentence() { page["withinBudgetAction"] = markingModelNames(sentence) }
        if let top = changes.max(by: { $0.avoided.p50 < $1.avoided.p50 }) {
            page["topAction"] = markingModelNames(
                t("decision_top_action").replacingOccurrences(of: "{action}", with: top.name)
                    .replacingOccurrences(of: "{kg}", with: figureText(top.avoided)))
        }
        // The decisions taken are recorded beside the reviewed pack (signoff.html), never rendered into it.
        return page
    }

    /// The summary's decisions in plain words, from the plan.
    func decisionSentences() -> [[String: String]] {
        let decisions = content.decisions
        var sentences: [[String: String]] = []
        for r in decisions.serviceRecommendations {
            sentences.append([
                "text": t("decision_" + r.kind.rawValue) + ": " + shortName(r.service) + " — " + optionText(r.option)
            ])
        }
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
                    }
                    .joined(separator: ", ")
            ])
        }
        sentences.append(["text": t("decision_effect") + " " + figureText(decisions.packageEffect) + "."])
        let fragile = decisions.recommendations.filter { !$0.isRobust }.count
        if fragile > 0 {
            sentences.append(["text": plural("decision_fragile", count: fragile)])
        }
        return sentences
    }
}
