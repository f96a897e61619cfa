import Foundation
import Matrix
import Yams

extension WorkspaceConfig {
    static let topLevelKeys = [
        "organisation", "period", "time_zone", "languages", "report_languages", "services", "shared_resources",
        "workload", "criteria", "language_priorities", "budget", "reconciliation", "factors", "forecast", "uncertainty",
        "decisions", "scenarios",
    ]

    /// Parses `reportgen.yaml`.
    /// - Parameters:
    ///   - text: the file's content.
    ///   - file: its name, for messages.
    /// - Throws: ``ConfigErrors`` listing every problem with its line and key path.
    static func parse(_ text: String, file: String) throws(ConfigErrors) -> WorkspaceConfig {
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
        var reportLanguages = reader.strings(get("report_languages"), "report_languages")
        if reportLanguages.isEmpty { reportLanguages = ["fr", "en"] }
        for (index, language) in reportLanguages.enumerated() where !["fr", "en"].contains(language) {
            reader.fail(get("report_languages"), "report_languages[\(index)]", "expected fr or en, found \(language)")
        }

        var services: [ServiceConfig] = []
        let serviceNodes = reader.sequence(get("services"), "services")
        if get("services") != nil && serviceNodes.isEmpty || get("services") == nil {
            reader.fail(get("services") ?? root, "services", "expected a list of at least one service")
        }
        for (index, node) in serviceNodes.enumerated() {
            if let service = parseService(node, path: "services[\(index)]", reader: reader) { services.append(service) }
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
        var weights = defaultWeights
        let weightsNode = reader.value(criteriaEntries, "weights")
        for (key, value) in reader.mapping(weightsNode, "criteria.weights") {
            guard defaultWeights[key] != nil else {
                reader.fail(
                    value, "criteria.weights.\(key)",
                    "unknown criterion; expected one of \(defaultWeights.keys.sorted().joined(separator: ", ")), or declare it under criteria.extra"
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

        let budget = reader.mapping(get("budget"), "budget", allowed: ["annual_kgco2e"])
        let annualBudget = reader.number(
            reader.value(budget, "annual_kgco2e"), "budget.annual_kgco2e", range: 0...1e12, expected: "kgCO2e ≥ 0")
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
                reader.value(uncertainty, "draws"), "uncertainty.draws", range: 100...1_000_000,
                expected: "a number of draws from 100 to 1000000") ?? 10_000
        let seed =
            reader.integer(
                reader.value(uncertainty, "seed"), "uncertainty.seed", range: 0...Int.max,
                expected: "a non-negative integer") ?? 20_250_301

        let rules = parseDecisions(get("decisions"), reader: reader)
        let scenarioList = reader.sequence(get("scenarios"), "scenarios").enumerated().compactMap {
            parseScenario($1, path: "scenarios[\($0)]", reader: reader)
        }
        guard reader.errors.isEmpty else { throw ConfigErrors(errors: reader.errors) }
        var config = WorkspaceConfig(
            organisation: organisation, period: period, timeZone: timeZone, languages: languages,
            reportLanguages: reportLanguages, services: services, sharedResources: shared, workload: workload,
            criteriaWeights: weights, extraCriteria: extra, languagePriorities: priorities,
            annualBudgetKgCO2e: annualBudget, reconciliationTolerance: tolerance, factorOverrides: factors,
            forecastMonths: months, targetUtilisation: utilisation, draws: draws, seed: UInt64(seed))
        config.decisions = rules
        config.ahp = ahp?.result
        config.ahpForced = ahp?.forced ?? false
        config.scenarios = scenarioList
        return config
    }

    /// `criteria.ahp`: a pairwise comparison matrix of the default criteria (entries numbers or fractions such as
    /// `1/5`), in `order` (default: carbon, intensity, business_value, volume, language_priority). Its principal
    /// eigenvector replaces `criteria.weights`; a matrix with CR > 0.10 (Saaty's RI) is refused unless `force: true`.
    private static func parseAHP(_ node: Node?, reader: YAMLReader) -> (order: [String], result: AHPResult, forced: Bool)? {
        guard let node else { return nil }
        let entries = reader.mapping(node, "criteria.ahp", allowed: ["order", "pairwise", "force"])
        var order = reader.strings(reader.value(entries, "order"), "criteria.ahp.order")
        if order.isEmpty { order = ["carbon", "intensity", "business_value", "volume", "language_priority"] }
        for (index, id) in order.enumerated() where defaultWeights[id] == nil {
            reader.fail(reader.value(entries, "order"), "criteria.ahp.order[\(index)]", "expected one of \(defaultWeights.keys.sorted().joined(separator: ", ")), found \(id)")
        }
        let forced = reader.bool(reader.value(entries, "force"), "criteria.ahp.force") ?? false
        let rowsNode = reader.value(entries, "pairwise")
        var matrix: [[Double]] = []
        for (i, row) in reader.sequence(rowsNode, "criteria.ahp.pairwise").enumerated() {
            var values: [Double] = []
            for (j, cell) in reader.sequence(row, "criteria.ahp.pairwise[\(i)]").enumerated() {
                let text = reader.string(cell, "criteria.ahp.pairwise[\(i)][\(j)]") ?? ""
                guard let value = PairwiseMatrixFile.parseJudgement(text), value > 0 else {
                    reader.fail(cell, "criteria.ahp.pairwise[\(i)][\(j)]", "expected a positive number or a fraction such as 1/5, found \(text)")
                    return nil
                }
                values.append(value)
            }
            matrix.append(values)
        }
        guard matrix.count == order.count else {
            reader.fail(rowsNode ?? node, "criteria.ahp.pairwise", "expected \(order.count) rows (one per criterion of order), found \(matrix.count)")
            return nil
        }
        do {
            let result = try analyticHierarchy(matrix)
            if !result.isConsistent && !forced {
                reader.fail(
                    rowsNode, "criteria.ahp.pairwise",
                    "inconsistent judgements: CR = \(String(format: "%.3f", result.consistencyRatio)) > 0.10 (\(result.randomIndexTable) RI); review them, or set force: true to use these weights anyway")
                return nil
            }
            return (order, result, forced)
        } catch {
            reader.fail(rowsNode, "criteria.ahp.pairwise", "\(error)")
            return nil
        }
    }

    private static func parseDecisions(_ node: Node?, reader: YAMLReader) -> DecisionRules {
        let entries = reader.mapping(
            node, "decisions",
            allowed: [
                "activate_score", "drop_score", "optimisation_saving", "robustness", "robustness_draws",
                "scale_to_zero_margin",
            ])
        var rules = DecisionRules()
        func share(_ key: String) -> Double? {
            reader.number(
                reader.value(entries, key), "decisions.\(key)", range: 0...1, expected: "a number from 0 to 1")
        }
        rules.activateScore = share("activate_score") ?? rules.activateScore
        rules.dropScore = share("drop_score") ?? rules.dropScore
        rules.optimisationSaving = share("optimisation_saving") ?? rules.optimisationSaving
        rules.robustness = share("robustness") ?? rules.robustness
        rules.scaleToZeroMargin =
            reader.number(
                reader.value(entries, "scale_to_zero_margin"), "decisions.scale_to_zero_margin", range: 0...10,
                expected: "a share from 0 to 10") ?? rules.scaleToZeroMargin
        rules.robustnessDraws =
            reader.integer(
                reader.value(entries, "robustness_draws"), "decisions.robustness_draws", range: 100...1_000_000,
                expected: "a number of draws from 100 to 1000000") ?? rules.robustnessDraws
        if rules.dropScore > rules.activateScore {
            reader.fail(
                reader.value(entries, "drop_score"), "decisions.drop_score",
                "expected a score at most activate_score (\(rules.activateScore)), found \(rules.dropScore)")
        }
        return rules
    }

    private static func parseScenario(_ node: Node, path: String, reader: YAMLReader) -> WhatIfScenario? {
        let entries = reader.mapping(node, path, allowed: ["name", "drop", "cap", "move", "model"])
        guard let name = reader.requiredString(reader.value(entries, "name"), "\(path).name", parent: node) else {
            return nil
        }
        var scenario = WhatIfScenario(name: name)
        scenario.drop = reader.strings(reader.value(entries, "drop"), "\(path).drop")
        scenario.caps = reader.numbers(
            reader.value(entries, "cap"), "\(path).cap", range: 0...1e9, expected: "files a month ≥ 0")
        for (key, value) in reader.mapping(reader.value(entries, "move"), "\(path).move") {
            if let region = reader.string(value, "\(path).move.\(key)") { scenario.moves[key] = region }
        }
        for (key, value) in reader.mapping(reader.value(entries, "model"), "\(path).model") {
            if let model = reader.string(value, "\(path).model.\(key)") { scenario.models[key] = model }
        }
        if scenario.drop.isEmpty && scenario.caps.isEmpty && scenario.moves.isEmpty && scenario.models.isEmpty {
            reader.fail(node, path, "expected at least one of drop, cap, move, model")
        }
        return scenario
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

    private static func parseService(_ node: Node, path: String, reader: YAMLReader) -> ServiceConfig? {
        let entries = reader.mapping(
            node, path,
            allowed: ["id", "name", "model", "region", "functional_unit", "business_value", "match", "hardware"])
        func get(_ key: String) -> Node? { reader.value(entries, key) }
        let id = reader.requiredString(get("id"), "\(path).id", parent: node)
        if let id, id.isEmpty || id.contains("/") || id.contains(" ") {
            reader.fail(get("id"), "\(path).id", "expected an identifier without spaces or slashes, found \(id)")
        }
        let model = reader.requiredString(get("model"), "\(path).model", parent: node)
        let region = reader.requiredString(get("region"), "\(path).region", parent: node)
        let unitText = reader.requiredString(get("functional_unit"), "\(path).functional_unit", parent: node)
        let unit = unitText.flatMap(FunctionalUnit.init(rawValue:))
        if let unitText, unit == nil {
            reader.fail(
                get("functional_unit"), "\(path).functional_unit",
                "expected one of \(FunctionalUnit.allCases.map(\.rawValue).joined(separator: ", ")), found \(unitText)")
        }
        let value = reader.integer(
            get("business_value"), "\(path).business_value", range: 1...5, expected: "an integer from 1 to 5")
        if get("business_value") == nil {
            reader.fail(node, "\(path).business_value", "missing; expected an integer from 1 to 5")
        }
        let match = parseMatch(get("match"), path: "\(path).match", reader: reader)
        var hardware = ServiceHardware()
        let hardwareEntries = reader.mapping(
            get("hardware"), "\(path).hardware", allowed: ["vm", "count", "device", "hours_per_month"])
        if let vm = reader.string(reader.value(hardwareEntries, "vm"), "\(path).hardware.vm") {
            hardware.vm = vm.lowercased()
        }
        hardware.count =
            reader.integer(
                reader.value(hardwareEntries, "count"), "\(path).hardware.count", range: 0...1000,
                expected: "a number of VMs from 0 to 1000") ?? 1
        if let device = reader.string(reader.value(hardwareEntries, "device"), "\(path).hardware.device") {
            if ["gpu", "cpu"].contains(device) {
                hardware.device = device
            } else {
                reader.fail(
                    reader.value(hardwareEntries, "device"), "\(path).hardware.device",
                    "expected gpu or cpu, found \(device)")
            }
        }
        hardware.hoursPerMonth =
            reader.number(
                reader.value(hardwareEntries, "hours_per_month"), "\(path).hardware.hours_per_month", range: 0...744,
                expected: "hours from 0 to 744") ?? 730
        guard let id, let model, let region, let unit, let value else { return nil }
        let name = get("name").flatMap { reader.string($0, "\(path).name") } ?? id
        return ServiceConfig(
            id: id, name: name, model: model, region: region, functionalUnit: unit, businessValue: value, match: match,
            hardware: hardware, line: node.mark?.line)
    }

    static let matchKeys = [
        "subscriptions", "resource_groups", "resource_ids", "resource_types", "cloud_services", "regions", "tags",
        "codecarbon_projects", "codecarbon_experiments", "usage_services", "endpoints",
    ]

    private static func parseMatch(_ node: Node?, path: String, reader: YAMLReader) -> MatchRules {
        guard let node else { return MatchRules() }
        if case .sequence = node {
            return MatchRules(
                clauses: reader.sequence(node, path).enumerated().map {
                    parseClause($1, path: "\(path)[\($0)]", reader: reader)
                })
        }
        // A mapping: each key is an alternative of its own.
        let whole = parseClause(node, path: path, reader: reader)
        var clauses: [MatchClause] = []
        let lists: [WritableKeyPath<MatchClause, [String]>] = [
            \.subscriptions, \.resourceGroups, \.resourceIds, \.resourceTypes, \.cloudServices, \.regions,
            \.codecarbonProjects, \.codecarbonExperiments, \.usageServices, \.endpoints,
        ]
        for list in lists where !whole[keyPath: list].isEmpty {
            var clause = MatchClause()
            clause[keyPath: list] = whole[keyPath: list]
            clauses.append(clause)
        }
        for (key, value) in whole.tags.sorted(by: { $0.key < $1.key }) {
            var clause = MatchClause()
            clause.tags = [key: value]
            clauses.append(clause)
        }
        return MatchRules(clauses: clauses)
    }

    private static func parseClause(_ node: Node, path: String, reader: YAMLReader) -> MatchClause {
        let entries = reader.mapping(node, path, allowed: matchKeys)
        func list(_ key: String) -> [String] { reader.strings(reader.value(entries, key), "\(path).\(key)") }
        var clause = MatchClause()
        clause.subscriptions = list("subscriptions")
        clause.resourceGroups = list("resource_groups")
        clause.resourceIds = list("resource_ids")
        clause.resourceTypes = list("resource_types")
        clause.cloudServices = list("cloud_services")
        clause.regions = list("regions")
        clause.codecarbonProjects = list("codecarbon_projects")
        clause.codecarbonExperiments = list("codecarbon_experiments")
        clause.usageServices = list("usage_services")
        clause.endpoints = list("endpoints")
        for (key, value) in reader.mapping(reader.value(entries, "tags"), "\(path).tags") {
            if let text = reader.string(value, "\(path).tags.\(key)") { clause.tags[key] = text }
        }
        if clause == MatchClause() {
            reader.fail(node, path, "expected at least one rule (\(matchKeys.joined(separator: ", ")))")
        }
        return clause
    }

    private static func parseShared(_ node: Node, path: String, reader: YAMLReader, serviceIDs: Set<String>)
        -> SharedResource?
    {
        let entries = reader.mapping(node, path, allowed: ["name", "match", "services", "allocation", "shares"])
        let name = reader.string(reader.value(entries, "name"), "\(path).name") ?? "shared resource"
        let services = reader.strings(reader.value(entries, "services"), "\(path).services")
        for (index, service) in services.enumerated() where !serviceIDs.contains(service) {
            reader.fail(
                reader.value(entries, "services"), "\(path).services[\(index)]",
                "expected a service id declared under services, found \(service)")
        }
        if services.count < 2 {
            reader.fail(node, "\(path).services", "expected at least two services to share the resource")
        }
        let keyNode = reader.value(entries, "allocation")
        let keyText = reader.string(keyNode, "\(path).allocation") ?? "busy_gpu_seconds"
        let allocation: AllocationKey
        switch keyText {
        case "busy_gpu_seconds": allocation = .busyGPUSeconds
        case "requests": allocation = .requests
        case "fixed_shares":
            let shares = reader.numbers(
                reader.value(entries, "shares"), "\(path).shares", range: 0...1, expected: "a share from 0 to 1")
            if abs(shares.values.reduce(0, +) - 1) > 1e-6 {
                reader.fail(
                    reader.value(entries, "shares") ?? node, "\(path).shares",
                    "expected shares summing to 1, found \(shares.values.reduce(0, +))")
            }
            allocation = .fixedShares(shares)
        default:
            reader.fail(
                keyNode, "\(path).allocation", "expected busy_gpu_seconds, requests or fixed_shares, found \(keyText)")
            return nil
        }
        return SharedResource(
            name: name, match: parseMatch(reader.value(entries, "match"), path: "\(path).match", reader: reader),
            services: services, allocation: allocation)
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
