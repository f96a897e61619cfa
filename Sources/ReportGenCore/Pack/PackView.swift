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
    /// What every language shows alike, computed once per pack.
    package let figures: PackViewFigures

    /// A view of `content` in `language`; `figures`, when every language of a pack shares them, else computed here.
    package init(
        content: PackContent, language: ReportLanguage, strings: [String: String], toolVersion: String,
        figures: PackViewFigures? = nil
    ) {
        self.content = content
        self.language = language
        self.strings = strings
        self.toolVersion = toolVersion
        self.figures = figures ?? PackViewFigures(content)
    }

    package var format: NumberFormat { NumberFormat(language: language) }

    /// The text of a translation key; the key itself when no file has it (a test checks none is missing).
    package func t(_ key: String) -> String { strings[key] ?? key }

    /// A translation with its `{placeholders}` filled; plain decimal numbers in the values are rewritten in the
    /// report language's symbols (`0.861` → `0,861` in French).
    package func t(_ key: String, _ values: [String: String]) -> String {
        fill(t(key), values)
    }

    /// The plural form of a translation for `count` (CLDR category: `key.one`, `key.few`…, then `key.other`, then
    /// `key`), its `{count}` and other placeholders filled.
    package func plural(
        _ key: String, count: Int, _ values: [String: String] = [:], localising: Bool = true
    ) -> String {
        let category = PluralCategory.of(count, in: language).rawValue
        let text = strings[key + "." + category] ?? strings[key + ".other"] ?? t(key)
        let withCount = fill(text, ["count": format.decimal(Double(count), fractionDigits: 0)], localising: false)
        return fill(withCount, values, localising: localising)
    }

    /// Fills `{placeholders}`; raw values (built in code with a decimal point) are localised, formatted ones not.
    package func fill(_ template: String, _ values: [String: String], localising: Bool = true) -> String {
        var text = template
        for key in values.keys.sorted() {
            let placeholder = "{\(key)}"
            // Most texts have few of the values' placeholders: the bytes are searched before any is filled.
            guard text.containsUTF8(placeholder) else { continue }
            let value = values[key] ?? ""
            text = text.replacingOccurrences(
                of: placeholder, with: localising ? format.localisingNumbers(in: value) : value)
        }
        return text
    }

    /// A criterion value in a matrix: volumes (column 3) and whole scores such as a business value of 5 without
    /// decimals (`5`, not `5,00`), other figures to about three significant figures.
    package func criterionValue(_ value: Double, column: Int) -> String {
        column == 3 || value == value.rounded() && abs(value) < 1000
            ? format.decimal(value, fractionDigits: 0) : format.significant(value)
    }

    /// A language's name in the report language (`anglais`), else its ISO 639-1 code in capitals (`DE`).
    package func languageName(_ code: String) -> String { strings["language_" + code] ?? code.uppercased() }

    /// A service's display name in the report language; `unallocated` in the report language.
    package func serviceName(_ id: String) -> String {
        id == ServiceMapping.unallocated
            ? t("service_unallocated") : content.serviceName(id, language: language.rawValue)
    }

    /// Compiled once: a pattern compiled per call cost a pack more than what it matched.
    private static let coveragePattern = try? NSRegularExpression(
        pattern: #"(?:([A-Za-z0-9_\-]+): )?(\d+) CodeCarbon runs?; (\d+) of (\d+) requests with energy_wh"#)

    /// The reconciliation's measurement coverage (`3 CodeCarbon runs; 259 of 265 requests with energy_wh`, per
    /// service for the whole subscription) in the report language; the text as written when it has another form.
    package func coverageText(_ text: String) -> String {
        guard text.containsUTF8(" CodeCarbon run"), let regex = Self.coveragePattern else { return text }
        let range = NSRange(text.startIndex..., in: text)
        let matches = regex.matches(in: text, range: range)
        guard !matches.isEmpty else { return text }
        func group(_ match: NSTextCheckingResult, _ index: Int) -> String? {
            Range(match.range(at: index), in: text).map { String(text[$0]) }
        }
        let parts = matches.map { match -> String in
            let runs = Int(group(match, 2) ?? "") ?? 0
            let line = plural(
                "coverage", count: runs, ["with": group(match, 3) ?? "", "requests": group(match, 4) ?? ""])
            return group(match, 1).map { serviceName($0) + ": " + line } ?? line
        }
        return parts.joined(separator: "; ")
    }

    /// A reason in the report language, its `{placeholders}` filled.
    package func reasonText(_ reason: Reason) -> String {
        var values = reason.values.mapValues(format.localisingNumbers(in:))
        if let criterion = reason.values["criterion"] { values["criterion"] = t("criterion_" + criterion) }
        if let lever = reason.values["lever"] {
            values["lever"] = strings["lever_" + lever] != nil ? t("lever_" + lever) : leverDetail(lever)
        }
        return fill(t(reason.key), values, localising: false)
    }

    /// A diagnostic's message in the report language, from its code; the English message when it has none.
    /// With `asHTML`, the text is HTML: escaped, the service in its localised name, and the identifiers the data
    /// names (resources, factor keys, series, GPUs, files) in `<code>`, as the report shows them.
    package func diagnosticText(_ diagnostic: Diagnostic, asHTML: Bool = false) -> (text: String, isTranslated: Bool) {
        let coded = DiagnosticCatalog.coded(diagnostic)
        guard let code = coded.code, strings["diag_" + code] != nil || strings["diag_" + code + ".other"] != nil
        else { return (diagnostic.message, false) }
        let raw = coded.parameters ?? [:]
        var values = raw.mapValues(format.localisingNumbers(in:))
        // What a range check expected is itself a code; a phrase without one leaves the message in English.
        if let expected = raw["expected"], Int(expected) == nil,
            (strings["diag_" + code] ?? strings["diag_" + code + ".other"] ?? "").contains("{expected}")
        {
            guard let phrase = DiagnosticCatalog.allExpectedPhrases[expected],
                let text = strings["diag_expected_" + phrase]
            else { return (diagnostic.message, false) }
            values["expected"] = text
        }
        if let reason = raw["reason"], strings["diag_reason_" + reason] != nil {
            values["reason"] = fill(t("diag_reason_" + reason), values.filter { $0.key != "reason" }, localising: false)
        }
        if let key = raw["key"], strings["allocation_" + key] != nil { values["key"] = t("allocation_" + key) }
        if let month = raw["month"].flatMap(YearMonth.init) { values["month"] = monthLabel(month) }
        if let source = raw["source"], strings["source_" + source] != nil { values["source"] = t("source_" + source) }
        if let time = raw["time"] { values["time"] = time }  // an ISO 8601 instant, not a number to localise
        if asHTML {
            if let service = raw["service"] { values["service"] = serviceName(service) }
            values = values.mapValues(\.htmlEscaped)
            // What the data says as it says it (found values, column names, pointers, excerpts) is not prose either.
            let quoted = [
                "found", "first", "header", "field", "pointer", "column", "detail", "names", "accepted", "zone",
                "other",
                "item", "run", "where",
            ]
            for name in ["resource", "key", "maximumKey", "series", "gpu", "sources", "file", "sku", "host"] + quoted {
                guard let value = values[name], !(name == "key" && strings["allocation_" + (raw[name] ?? "")] != nil),
                    !(quoted.contains(name) && Int(raw[name] ?? "") != nil)
                else { continue }
                values[name] = "<code>" + value + "</code>"
            }
        }
        func template(_ key: String) -> String { asHTML ? t(key).htmlEscaped : t(key) }
        if let count = raw["count"].flatMap(Int.init) {
            values.removeValue(forKey: "count")
            return (plural("diag_" + code, count: count, values, localising: false), true)
        }
        return (fill(template("diag_" + code), values, localising: false), true)
    }

    /// The data-quality rows: one per kind of diagnostic (severity, code and reason), most serious first, with its
    /// count and at most three examples, so a workspace with thousands of alike problems stays readable.
    package func diagnosticGroups() -> [[String: Any]] {
        var order: [String] = []
        var groups: [String: [Diagnostic]] = [:]
        // Coded once per pack: a coded diagnostic renders as the one it was coded from.
        for coded in figures.diagnostics {
            let kind = [
                coded.severity.rawValue, coded.code ?? coded.message, coded.parameters?["reason"] ?? "",
            ].joined(separator: "|")
            if groups[kind] == nil { order.append(kind) }
            groups[kind, default: []].append(coded)
        }
        let sorted = order.enumerated().sorted { a, b in
            let (sa, sb) = (groups[a.element]?.first?.severity ?? .note, groups[b.element]?.first?.severity ?? .note)
            return sa != sb ? sa > sb : a.offset < b.offset
        }
        return sorted.map { _, kind -> [String: Any] in
            let members = groups[kind] ?? []
            let severity = members.first?.severity ?? .note
            let examples = members.prefix(Self.diagnosticExamples).map { diagnostic -> [String: Any] in
                let (text, isTranslated) = diagnosticText(diagnostic, asHTML: true)
                return ["location": diagnostic.location, "message": text, "isEnglish": !isTranslated]
            }
            var row: [String: Any] = [
                "severity": severity.rawValue, "severityLabel": t("severity_" + severity.rawValue),
                "count": format.decimal(Double(members.count), fractionDigits: 0), "examples": Array(examples),
            ]
            if members.count > Self.diagnosticExamples {
                row["more"] = plural("quality_more", count: members.count - Self.diagnosticExamples)
            }
            return row
        }
    }

    /// How many examples a group of alike diagnostics shows.
    package static let diagnosticExamples = 3

    /// A mass in kgCO2e with the unit symbol of the report language (`kg`, Arabic `كغ`), after a no-break space.
    package func kg(_ value: Double) -> String { format.significant(value) + "\u{00A0}" + t("unit_kg") }

    package func monthLabel(_ month: YearMonth) -> String { format.month(year: month.year, month: month.month) }

    /// The dictionary the `report` template renders.
    package func dictionary() -> [String: Any] {
        let months = content.months
        let period = content.period
        var view: [String: Any] = [
            "lang": language.rawValue, "dir": language.direction, "t": strings, "toolVersion": toolVersion,
            "organisation": content.config.organisation, "periodLabel": monthLabel(period),
            "statusLabel": t(content.carbon.isPlanning ? "status_planning" : "status_draft"),
            "generatedLabel": generatedLabel(), "retentionRule": t("retention_rule"),
            "serviceCount": String(content.config.services.count),
            "languagesLabel": content.config.languages.map(languageName).joined(separator: ", "),
        ]
        let total = content.totalKg(period)
        view["totalLabel"] = kg(total)
        // The headline names its sources and basis, and says when they cover only part of the services.
        let retained = content.config.services.compactMap { content.emissions.retained($0.id, period)?.source }
        let sources = Set(retained).sorted { $0.rawValue < $1.rawValue }
        if !sources.isEmpty {
            let bases = sources.map { source -> String in
                switch source {
                case .azureCarbonOptimization, .emissionsImpactDashboard: return t("basis_market_scopes")
                case .ccfCSV, .ccfJSON: return t("basis_location_embodied")
                default: return t("basis_measured_runs")
                }
            }
            var text = zip(sources, bases).map { $0.displayName + " (" + $1 + ")" }.joined(separator: ", ")
            if retained.count < content.config.services.count || sources.contains(.codeCarbon) {
                text +=
                    "; " + t("summary_partial") + " " + String(retained.filter { $0 != .codeCarbon }.count) + "/"
                    + String(content.config.services.count) + "; " + t("summary_model") + " "
                    + kg(content.carbon.baseTotal.p50)
            }
            view["headlineSource"] = text
        }
        if content.carbon.isPlanning {
            // No provider or measurement figure: the model's median is the month's figure, and says so.
            view["totalLabel"] = kg(content.carbon.baseTotal.p50)
            view["planningLabel"] = t("summary_planning_figure")
        }
        if let previous = months.last(where: { $0 < period }), content.totalKg(previous) > 0 {
            let before = content.totalKg(previous)
            view["changeLabel"] = format.signedPercent((total - before) / before)
            // Per day as well: February's 28 days against March's 31 explain 10.7 % of any change on their own.
            let perDay = (total / Double(period.dayCount)) / (before / Double(previous.dayCount)) - 1
            view["previousLabel"] =
                monthLabel(previous) + ": " + kg(before) + "; " + t("summary_per_day") + " "
                + format.signedPercent(perDay)
        } else {
            view["changeLabel"] = "–"
            view["previousLabel"] = t("summary_no_previous")
        }
        let wsm = content.scoring.results[0]
        if let best = orderedByRank(wsm.ranks).first {
            view["topService"] = serviceName(content.scoring.matrix.alternatives[best])
        }

        let ids = content.serviceIDs
        let chart = StackedBarChart(
            title: t("emissions_title"), unit: t("emissions_unit"),
            categories: months.map { format.shortMonth(year: $0.year, month: $0.month) },
            series: ids.map { id in (shortName(id), months.map { content.emissions.retainedKg(id, $0) }) },
            format: format)
        view["emissionsChart"] = chart.svg()
        view["months"] = months.map { ["label": format.shortMonth(year: $0.year, month: $0.month)] }
        view["emissionRows"] = ids.map { id -> [String: Any] in
            let sources = Set(
                months.compactMap { content.emissions.retained(id, $0).map { t("source_" + $0.source.rawValue) } })
            return [
                "id": id, "name": serviceName(id),
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
                "id": matrix.alternatives[index], "name": serviceName(matrix.alternatives[index]),
                "cells": matrix.values[index].enumerated().map { j, value -> [String: String] in
                    ["value": criterionValue(value, column: j)]
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
            text = fill(text, values, localising: false)
            view["weightsSource"] =
                text
                + (content.config.criteria.isAHPForced && !ahp.isConsistent ? " " + t("method_weights_forced") : "")
        } else {
            view["weightsSource"] = t("method_weights_direct")
        }
        view["methods"] = content.scoring.results.map {
            ["name": $0.method.id.uppercased(), "variant": strings["variant_" + $0.method.id] ?? $0.method.variantName]
        }
        view["methodRows"] = matrix.alternatives.indices.map { index -> [String: Any] in
            [
                "name": serviceName(matrix.alternatives[index]),
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
        view["diagnosticGroups"] = diagnosticGroups()
        view["hasDiagnostics"] = !content.diagnostics.isEmpty
        view["refusedInputs"] = figures.refusedInputs.map { refusal -> [String: Any] in
            let (text, isTranslated) = diagnosticText(refusal, asHTML: true)
            return ["location": refusal.location, "message": text, "isEnglish": !isTranslated]
        }
        view["hasRefusedInputs"] = !content.refusedInputs.isEmpty
        view.merge(carbonDictionary()) { $1 }
        view.merge(measuredDictionary()) { $1 }
        view.merge(decisionsDictionary()) { $1 }
        view.merge(robustnessDictionary()) { $1 }
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
