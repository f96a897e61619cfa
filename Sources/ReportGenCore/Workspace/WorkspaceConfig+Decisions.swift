import Foundation
import Matrix
import Yams

/// Reading `criteria.ahp`, `decisions` and `scenarios`.
extension WorkspaceConfig {
    /// `criteria.ahp`: a pairwise comparison matrix of the default criteria (entries numbers or fractions such as
    /// `1/5`), in `order` (default: carbon, intensity, business_value, volume, language_priority). Its principal
    /// eigenvector replaces `criteria.weights`; a matrix with CR > 0.10 (Saaty's RI) is refused unless `force: true`.
    package static func parseAHP(_ node: Node?, reader: YAMLReader) -> (
        order: [String], result: AHPResult, forced: Bool
    )? {
        guard let node else { return nil }
        let entries = reader.mapping(node, "criteria.ahp", allowed: ["order", "pairwise", "force"])
        var order = reader.strings(reader.value(entries, "order"), "criteria.ahp.order")
        if order.isEmpty { order = ["carbon", "intensity", "business_value", "volume", "language_priority"] }
        for (index, id) in order.enumerated() where CriteriaConfig.defaultWeights[id] == nil {
            reader.fail(
                reader.value(entries, "order"), "criteria.ahp.order[\(index)]",
                "expected one of \(CriteriaConfig.defaultWeights.keys.sorted().joined(separator: ", ")), found \(id)")
        }
        let forced = reader.bool(reader.value(entries, "force"), "criteria.ahp.force") ?? false
        let rowsNode = reader.value(entries, "pairwise")
        var matrix: [[Double]] = []
        for (i, row) in reader.sequence(rowsNode, "criteria.ahp.pairwise").enumerated() {
            var values: [Double] = []
            for (j, cell) in reader.sequence(row, "criteria.ahp.pairwise[\(i)]").enumerated() {
                let text = reader.string(cell, "criteria.ahp.pairwise[\(i)][\(j)]") ?? ""
                guard let value = PairwiseMatrixFile.parseJudgement(text), value > 0 else {
                    reader.fail(
                        cell, "criteria.ahp.pairwise[\(i)][\(j)]",
                        "expected a positive number or a fraction such as 1/5, found \(text)")
                    return nil
                }
                values.append(value)
            }
            matrix.append(values)
        }
        guard matrix.count == order.count else {
            reader.fail(
                rowsNode ?? node, "criteria.ahp.pairwise",
                "expected \(order.count) rows (one per criterion of order), found \(matrix.count)")
            return nil
        }
        do {
            let result = try analyticHierarchy(matrix)
            if !result.isConsistent && !forced {
                reader.fail(
                    rowsNode, "criteria.ahp.pairwise",
                    "inconsistent judgements: CR = \(String(format: "%.3f", result.consistencyRatio)) > 0.10 (\(result.randomIndexTable) RI); review them, or set force: true to use these weights anyway"
                )
                return nil
            }
            return (order, result, forced)
        } catch {
            reader.fail(rowsNode, "criteria.ahp.pairwise", "\(error)")
            return nil
        }
    }

    /// `budget`: `annual_kgco2e`, `period` (`calendar_year` or `rolling_12_months`), `statistic` (`p50` or `chance`),
    /// `confidence` (for `chance`, 0.5…0.99) and `basis` (`location` or `market`).
    package static func parseBudget(_ node: Node?, reader: YAMLReader) -> BudgetConfig {
        let entries = reader.mapping(
            node, "budget", allowed: ["annual_kgco2e", "period", "statistic", "confidence", "basis"])
        var budget = BudgetConfig()
        budget.annualKgCO2e = reader.number(
            reader.value(entries, "annual_kgco2e"), "budget.annual_kgco2e", range: 0...1e12, expected: "kgCO2e ≥ 0")
        func choice<T: RawRepresentable & CaseIterable>(_ key: String, _ type: T.Type) -> T?
        where T.RawValue == String {
            let value = reader.value(entries, key)
            guard let text = reader.string(value, "budget.\(key)") else { return nil }
            guard let parsed = T(rawValue: text) else {
                reader.fail(
                    value, "budget.\(key)",
                    "expected one of \(T.allCases.map(\.rawValue).joined(separator: ", ")), found \(text)")
                return nil
            }
            return parsed
        }
        budget.period = choice("period", BudgetConfig.Period.self) ?? budget.period
        budget.statistic = choice("statistic", BudgetConfig.Statistic.self) ?? budget.statistic
        budget.basis = choice("basis", BudgetConfig.Basis.self) ?? budget.basis
        budget.confidence =
            reader.number(
                reader.value(entries, "confidence"), "budget.confidence", range: 0.5...0.99,
                expected: "a probability from 0.5 to 0.99") ?? budget.confidence
        return budget
    }

    /// `decisions`: `robustness`, `robustness_draws`, `scale_to_zero_margin`, `cap_levels` (shares 0…1, 1 and 0
    /// always added), `cap_files_per_month` (caps in files a month), `levers` (`scale_to_zero`, `min_replicas`,
    /// `scheduled_hours`, `co_location`, `smaller_model`, `quantisation`, `region_move`), `target_region`,
    /// `min_replicas`, `service_hours`, `services` (per service id: `levers`, `service_hours`, `min_replicas`),
    /// `colocation_front` and `max_configurations_per_service`.
    /// - Parameter serviceIDs: the declared services, which `decisions.services` must name (`nil`: not checked).
    package static func parseDecisions(_ node: Node?, reader: YAMLReader, serviceIDs: Set<String>? = nil)
        -> DecisionRules
    {
        let entries = reader.mapping(
            node, "decisions",
            allowed: [
                "robustness", "robustness_draws", "scale_to_zero_margin", "cap_levels", "levers", "target_region",
                "max_configurations_per_service", "cap_files_per_month", "min_replicas", "service_hours", "services",
                "colocation_front",
            ])
        var rules = DecisionRules()
        rules.robustness =
            reader.number(
                reader.value(entries, "robustness"), "decisions.robustness", range: 0...1,
                expected: "a number from 0 to 1") ?? rules.robustness
        rules.scaleToZeroMargin =
            reader.number(
                reader.value(entries, "scale_to_zero_margin"), "decisions.scale_to_zero_margin", range: 0...10,
                expected: "a share from 0 to 10") ?? rules.scaleToZeroMargin
        rules.robustnessDraws =
            reader.integer(
                reader.value(entries, "robustness_draws"), "decisions.robustness_draws", range: 100...1_000_000,
                expected: "a number of draws from 100 to 1000000") ?? rules.robustnessDraws
        rules.maxConfigurationsPerService =
            reader.integer(
                reader.value(entries, "max_configurations_per_service"), "decisions.max_configurations_per_service",
                range: 1...10_000_000, expected: "a number of configurations from 1 to 10000000")
            ?? rules.maxConfigurationsPerService
        if let levels = reader.value(entries, "cap_levels") {
            var shares: Set<Double> = [0, 1]
            for (index, item) in reader.sequence(levels, "decisions.cap_levels").enumerated() {
                if let share = reader.number(
                    item, "decisions.cap_levels[\(index)]", range: 0...1, expected: "a share from 0 to 1")
                {
                    shares.insert(share)
                }
            }
            rules.capLevels = shares.sorted(by: >)
        }
        if let levers = reader.value(entries, "levers") {
            rules.levers = parseLevers(levers, path: "decisions.levers", reader: reader)
        }
        rules.targetRegion =
            reader.string(reader.value(entries, "target_region"), "decisions.target_region") ?? rules.targetRegion
        if let caps = reader.value(entries, "cap_files_per_month") {
            var numbers = Set<Double>()
            for (index, item) in reader.sequence(caps, "decisions.cap_files_per_month").enumerated() {
                if let cap = reader.number(
                    item, "decisions.cap_files_per_month[\(index)]", range: 1...1e9, expected: "files a month ≥ 1")
                {
                    numbers.insert(cap.rounded())
                }
            }
            rules.capFilesPerMonth = numbers.sorted(by: >)
        }
        rules.minReplicas =
            reader.integer(
                reader.value(entries, "min_replicas"), "decisions.min_replicas", range: 0...1000,
                expected: "a number of VMs from 0 to 1000") ?? rules.minReplicas
        rules.colocationFront =
            reader.integer(
                reader.value(entries, "colocation_front"), "decisions.colocation_front", range: 2...100,
                expected: "a number of configurations from 2 to 100") ?? rules.colocationFront
        if let hours = reader.value(entries, "service_hours") {
            rules.serviceHours = parseServiceHours(hours, path: "decisions.service_hours", reader: reader)
        }
        for (id, node) in reader.mapping(reader.value(entries, "services"), "decisions.services") {
            let path = "decisions.services.\(id)"
            if let serviceIDs, !serviceIDs.contains(id) {
                reader.fail(
                    node, path,
                    "expected a service id declared under services (\(serviceIDs.sorted().joined(separator: ", "))), found \(id)"
                )
            }
            let service = reader.mapping(node, path, allowed: ["levers", "service_hours", "min_replicas"])
            var lever = ServiceLeverRules()
            if let levers = reader.value(service, "levers") {
                lever.levers = parseLevers(levers, path: "\(path).levers", reader: reader)
            }
            if let hours = reader.value(service, "service_hours") {
                lever.serviceHours = parseServiceHours(hours, path: "\(path).service_hours", reader: reader)
            }
            lever.minReplicas = reader.integer(
                reader.value(service, "min_replicas"), "\(path).min_replicas", range: 0...1000,
                expected: "a number of VMs from 0 to 1000")
            rules.perService[id] = lever
        }
        return rules
    }

    /// A list of levers (every ``ServiceOption/Lever`` but `drop`, which is always available).
    static func parseLevers(_ node: Node, path: String, reader: YAMLReader) -> [ServiceOption.Lever] {
        let allowed = ServiceOption.Lever.allCases.filter { $0 != .drop }
        var result: [ServiceOption.Lever] = []
        for (index, item) in reader.sequence(node, path).enumerated() {
            guard let text = reader.string(item, "\(path)[\(index)]") else { continue }
            guard let lever = ServiceOption.Lever(rawValue: text), lever != .drop else {
                reader.fail(
                    item, "\(path)[\(index)]",
                    "expected one of \(allowed.map(\.rawValue).joined(separator: ", ")), found \(text)")
                continue
            }
            if !result.contains(lever) { result.append(lever) }
        }
        return result
    }

    /// `service_hours: {days: [mon, tue, wed, thu, fri], from: 8, to: 20}`: local hours in `time_zone`, `to`
    /// exclusive (24 for midnight).
    static func parseServiceHours(_ node: Node, path: String, reader: YAMLReader) -> ServiceHours? {
        let entries = reader.mapping(node, path, allowed: ["days", "from", "to"])
        let names = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
        var days = Set<Int>()
        let daysNode = reader.value(entries, "days")
        for (index, text) in reader.strings(daysNode, "\(path).days").enumerated() {
            guard let day = names.firstIndex(of: text.lowercased()) else {
                reader.fail(
                    daysNode, "\(path).days[\(index)]",
                    "expected one of \(names.joined(separator: ", ")), found \(text)")
                continue
            }
            days.insert(day + 1)
        }
        if daysNode == nil { days = [1, 2, 3, 4, 5] }
        let from = reader.integer(
            reader.value(entries, "from"), "\(path).from", range: 0...23, expected: "an hour from 0 to 23")
        let to = reader.integer(
            reader.value(entries, "to"), "\(path).to", range: 1...24, expected: "an hour from 1 to 24")
        guard let from, let to else {
            reader.fail(node, path, "expected from and to, local hours such as from: 8, to: 20")
            return nil
        }
        guard to > from, !days.isEmpty else {
            reader.fail(node, path, "expected at least one day and to after from, found \(from) to \(to)")
            return nil
        }
        return ServiceHours(days: days, fromHour: from, toHour: to)
    }

    package static func parseScenario(_ node: Node, path: String, reader: YAMLReader) -> WhatIfScenario? {
        let entries = reader.mapping(node, path, allowed: ["name", "drop", "cap", "move", "model"])
        guard let nameNode = reader.value(entries, "name") else {
            reader.fail(node, "\(path).name", "missing; expected a name")
            return nil
        }
        let (name, names) = parseLocalisedName(nameNode, path: "\(path).name", reader: reader, fallback: "")
        guard !name.isEmpty else { return nil }
        var scenario = WhatIfScenario(name: name)
        scenario.localisedNames = names
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
}
