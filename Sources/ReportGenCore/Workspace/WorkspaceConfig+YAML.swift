import Foundation
import Matrix
import Yams

extension WorkspaceConfig {
    package static let topLevelKeys = [
        "organisation", "period", "time_zone", "languages", "report_languages", "services", "shared_resources",
        "workload", "criteria", "language_priorities", "budget", "reconciliation", "factors", "forecast", "uncertainty",
        "alerts", "decisions", "scenarios", "csv_dialect", "measurements",
    ]

    /// Parses `reportgen.yaml`.
    /// - Parameters:
    ///   - text: the file's content.
    ///   - file: its name, for messages.
    /// - Throws: ``ConfigErrors`` listing every problem with its line and key path.
    package static func parse(_ text: String, file: String) throws(ConfigErrors) -> WorkspaceConfig {
        let reader = YAMLReader(file: file)
        let root = reader.compose(text)
        guard reader.errors.isEmpty else { throw ConfigErrors(errors: reader.errors) }
        let top = reader.mapping(root, "", allowed: topLevelKeys)
        if root == nil || top.isEmpty && reader.errors.isEmpty {
            reader.fail(root, "", "the file is empty; expected at least organisation and services")
        }
        func get(_ key: String) -> Node? { reader.value(top, key) }

        let organisation = reader.requiredString(get("organisation"), "organisation", parent: root) ?? ""
        var period: YearMonth?
        if let node = get("period"), let text = reader.string(node, "period") {
            period = YearMonth(text)
            if period == nil || text.count != 7 { reader.fail(node, "period", "expected YYYY-MM, found \(text)") }
        }
        var timeZone = TimeZone(identifier: "Europe/Paris") ?? .current
        if let node = get("time_zone"), let name = reader.string(node, "time_zone") {
            if let zone = TimeZone(identifier: name) {
                timeZone = zone
            } else {
                reader.fail(node, "time_zone", "expected an IANA time zone such as Europe/Paris, found \(name)")
            }
        }
        let languages = reader.strings(get("languages"), "languages")
        for (index, language) in languages.enumerated() where !isLanguageCode(language) {
            reader.fail(
                get("languages"), "languages[\(index)]", "expected an ISO 639-1 code such as fr, found \(language)")
        }
        rejectDuplicates(in: get("languages"), "languages", reader: reader)
        var reportLanguages = reader.strings(get("report_languages"), "report_languages")
        rejectDuplicates(in: get("report_languages"), "report_languages", reader: reader)
        if reportLanguages.isEmpty { reportLanguages = ["fr", "en"] }
        for (index, language) in reportLanguages.enumerated() where !["fr", "en", "es", "ar"].contains(language) {
            reader.fail(
                get("report_languages"), "report_languages[\(index)]", "expected fr, en, es or ar, found \(language)")
        }
        var csvDialect: String?
        if let node = get("csv_dialect"), let text = reader.string(node, "csv_dialect") {
            if ["rfc4180", "excel-fr"].contains(text) {
                csvDialect = text
            } else {
                reader.fail(node, "csv_dialect", "expected rfc4180 or excel-fr, found \(text)")
            }
        }

        var services: [ServiceConfig] = []
        let serviceNodes = reader.sequence(get("services"), "services")
        if get("services") != nil && serviceNodes.isEmpty || get("services") == nil {
            reader.fail(get("services") ?? root, "services", "expected a list of at least one service")
        }
        for (index, node) in serviceNodes.enumerated() {
            if let service = parseService(node, path: "services[\(index)]", reader: reader) { services.append(service) }
        }
        if serviceNodes.count > Self.maximumServices {
            reader.fail(
                get("services"), "services",
                "expected at most \(Self.maximumServices) services, found \(serviceNodes.count): the budget arbitration is exact over every subset of services (2^n plans), so more would not finish; group small services or split the workspace"
            )
        }
        var seen: Set<String> = []
        for (index, service) in services.enumerated() where !seen.insert(service.id).inserted {
            reader.fail(serviceNodes[index], "services[\(index)].id", "expected a unique id, found \(service.id) twice")
        }
        let shared = reader.sequence(get("shared_resources"), "shared_resources").enumerated().compactMap {
            parseShared($1, path: "shared_resources[\($0)]", reader: reader, serviceIDs: declaredIDs(serviceNodes))
        }

        var workload = WorkloadAssumptions()
        let workloadEntries = reader.mapping(
            get("workload"), "workload",
            allowed: [
                "files_per_month", "monthly_growth", "average_audio_minutes", "average_article_characters",
                "prompt_tokens",
            ])
        workload.filesPerMonth = reader.numbers(
            reader.value(workloadEntries, "files_per_month"), "workload.files_per_month", range: 0...1e9,
            expected: "a number of files ≥ 0")
        if let growth = reader.value(workloadEntries, "monthly_growth") {
            if case .scalar = growth {
                if let value = reader.number(
                    growth, "workload.monthly_growth", range: -0.5...2,
                    expected: "a monthly rate from -0.5 to 2 (0.08 = 8 %)")
                {
                    workload.monthlyGrowth = ["*": value]
                }
            } else {
                workload.monthlyGrowth = reader.numbers(
                    growth, "workload.monthly_growth", range: -0.5...2,
                    expected: "a monthly rate from -0.5 to 2 (0.08 = 8 %)")
            }
        }
        workload.averageAudioMinutes =
            reader.number(
                reader.value(workloadEntries, "average_audio_minutes"), "workload.average_audio_minutes",
                range: 0.1...600, expected: "minutes from 0.1 to 600") ?? 30
        workload.averageArticleCharacters =
            reader.number(
                reader.value(workloadEntries, "average_article_characters"), "workload.average_article_characters",
                range: 1...1e6, expected: "a character count ≥ 1") ?? 4000

        workload.promptTokens =
            reader.number(
                reader.value(workloadEntries, "prompt_tokens"), "workload.prompt_tokens", range: 0...1e6,
                expected: "a token count ≥ 0") ?? 300

        let criteriaEntries = reader.mapping(get("criteria"), "criteria", allowed: ["weights", "extra", "ahp"])
        var weights = CriteriaConfig.defaultWeights
        let weightsNode = reader.value(criteriaEntries, "weights")
        for (key, value) in reader.mapping(weightsNode, "criteria.weights") {
            guard CriteriaConfig.defaultWeights[key] != nil else {
                reader.fail(
                    value, "criteria.weights.\(key)",
                    "unknown criterion; expected one of \(CriteriaConfig.defaultWeights.keys.sorted().joined(separator: ", ")), or declare it under criteria.extra"
                )
                continue
            }
            if let weight = reader.number(value, "criteria.weights.\(key)", range: 0...1000, expected: "a weight ≥ 0") {
                weights[key] = weight
            }
        }
        let ahp = parseAHP(reader.value(criteriaEntries, "ahp"), reader: reader)
        if let ahp {
            for (id, weight) in zip(ahp.order, ahp.result.weights) { weights[id] = weight }
        }
        let extra = reader.sequence(reader.value(criteriaEntries, "extra"), "criteria.extra").enumerated().compactMap {
            parseExtraCriterion($1, path: "criteria.extra[\($0)]", reader: reader)
        }
        let priorities = reader.numbers(
            get("language_priorities"), "language_priorities", range: 1...5, expected: "a priority from 1 to 5")

        let budget = parseBudget(get("budget"), reader: reader)
        let reconciliation = reader.mapping(get("reconciliation"), "reconciliation", allowed: ["tolerance"])
        let tolerance =
            reader.number(
                reader.value(reconciliation, "tolerance"), "reconciliation.tolerance", range: 0...1,
                expected: "a ratio from 0 to 1 (0.10 = 10 %)") ?? 0.10
        let factors = reader.numbers(get("factors"), "factors")
        let forecast = reader.mapping(get("forecast"), "forecast", allowed: ["months", "target_utilisation"])
        let months =
            reader.integer(
                reader.value(forecast, "months"), "forecast.months", range: 12...36,
                expected: "a number of months from 12 to 36") ?? 24
        let utilisation =
            reader.number(
                reader.value(forecast, "target_utilisation"), "forecast.target_utilisation", range: 0.05...1,
                expected: "a share from 0.05 to 1") ?? 0.6
        let uncertainty = reader.mapping(get("uncertainty"), "uncertainty", allowed: ["draws", "seed"])
        let draws =
            reader.integer(
                reader.value(uncertainty, "draws"), "uncertainty.draws", range: 100...Self.maximumDraws,
                expected:
                    "a number of draws from 100 to \(Self.maximumDraws) (each draw reruns the carbon model; 10000 gives about 1 % precision)"
            ) ?? 10_000
        let seed =
            reader.integer(
                reader.value(uncertainty, "seed"), "uncertainty.seed", range: 0...Int.max,
                expected: "a non-negative integer") ?? 20_250_301

        let measurements = parseMeasurements(get("measurements"), reader: reader)
        let rules = parseDecisions(get("decisions"), reader: reader, serviceIDs: declaredIDs(serviceNodes))
        let alerts = parseAlerts(get("alerts"), reader: reader)
        if reader.sequence(get("scenarios"), "scenarios").count > Self.maximumScenarios {
            reader.fail(
                get("scenarios"), "scenarios",
                "expected at most \(Self.maximumScenarios) what-if scenarios: each one reruns the model")
        }
        let scenarioList = reader.sequence(get("scenarios"), "scenarios").enumerated().compactMap {
            parseScenario($1, path: "scenarios[\($0)]", reader: reader)
        }
        guard reader.errors.isEmpty else { throw ConfigErrors(errors: reader.errors) }
        var config = WorkspaceConfig(
            organisation: organisation, period: period, timeZone: timeZone, languages: languages,
            reportLanguages: reportLanguages, services: services)
        config.sharedResources = shared
        config.csvDialect = csvDialect
        config.workload = workload
        config.criteria = CriteriaConfig(
            weights: weights, extra: extra, languagePriorities: priorities, ahp: ahp?.result,
            isAHPForced: ahp?.forced ?? false)
        config.budget = budget
        config.reconciliation = ReconciliationConfig(tolerance: tolerance)
        config.factorOverrides = factors
        config.forecast = ForecastConfig(months: months, targetUtilisation: utilisation)
        config.uncertainty = UncertaintyConfig(draws: draws, seed: UInt64(seed))
        config.decisions = rules
        config.alerts = alerts
        config.scenarios = scenarioList
        config.measurements = measurements
        return config
    }

    /// The ids written under `services`, even of entries with other errors, so one mistake is reported once.
    private static func declaredIDs(_ nodes: [Node]) -> Set<String> {
        Set(
            nodes.compactMap { node -> String? in
                guard case .mapping(let mapping) = node else { return nil }
                return mapping.first { $0.key.string == "id" }?.value.string
            })
    }

    private static func isLanguageCode(_ text: String) -> Bool {
        text.count == 2 && text.allSatisfy { $0.isASCII && $0.isLowercase }
    }

    private static func parseExtraCriterion(_ node: Node, path: String, reader: YAMLReader) -> ExtraCriterion? {
        let entries = reader.mapping(node, path, allowed: ["id", "direction", "weight", "values"])
        let id = reader.requiredString(reader.value(entries, "id"), "\(path).id", parent: node)
        let direction = reader.string(reader.value(entries, "direction"), "\(path).direction") ?? "benefit"
        if !["benefit", "cost"].contains(direction) {
            reader.fail(
                reader.value(entries, "direction"), "\(path).direction", "expected benefit or cost, found \(direction)")
        }
        let weight =
            reader.number(reader.value(entries, "weight"), "\(path).weight", range: 0...1000, expected: "a weight ≥ 0")
            ?? 0
        let values = reader.numbers(reader.value(entries, "values"), "\(path).values")
        guard let id else { return nil }
        return ExtraCriterion(id: id, isBenefit: direction == "benefit", weight: weight, values: values)
    }
}

extension WorkspaceConfig {
    /// The most services a workspace may declare: the budget arbitration enumerates subsets of services.
    package static let maximumServices = 16
    /// The most Monte Carlo draws: work grows linearly with them, and past this a build takes minutes.
    package static let maximumDraws = 100_000
    /// The most what-if scenarios.
    package static let maximumScenarios = 50
}

/// Makes every repeated entry of a list of strings (`languages: [fr, fr]`) an error naming its line.
private func rejectDuplicates(in node: Node?, _ path: String, reader: YAMLReader) {
    guard let node, case .sequence(let sequence) = node else { return }
    var seen: [String: Int] = [:]
    for (index, item) in sequence.enumerated() {
        guard case .scalar(let scalar) = item else { continue }
        if let first = seen[scalar.string] {
            reader.fail(
                item, "\(path)[\(index)]",
                "expected each entry once, found \(scalar.string) again (already at \(path)[\(first)])")
        } else {
            seen[scalar.string] = index
        }
    }
}
