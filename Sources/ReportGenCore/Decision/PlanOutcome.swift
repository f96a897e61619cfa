/// What a plan (the forecast as it stands, the budget-optimal plan, a what-if scenario) gives over the first
/// forecast year, and when its emissions cross the annual budget.
package struct PlanOutcome: Sendable, Codable {
    package var name: String
    package var annualKg: UncertainFigure
    /// Value points delivered over the year: Σ files × business value × language priority ÷ 5.
    package var annualValue: Double
    /// The first forecast month whose median (P50) emissions × 12 reach the budget, as in the forecast section.
    package var crossing: YearMonth?
    /// Why the plan could not be evaluated, if it could not.
    package var error: String?

    /// Evaluates a plan on the forecast months, central path plus `draws` Monte Carlo draws of the annual total.
    /// - Parameters:
    ///   - files: the files of a cell in forecast month t (1-based), given its base files.
    package static func evaluate(
        name: String, model: CarbonModel, criteria: CriteriaConfig, budget: BudgetConfig, factors: ReferenceFactors,
        months: [YearMonth],
        files: (CellBasis, Int) -> Double, servicesOff: Set<String>, draws: Int, seed: UInt64
    ) -> PlanOutcome {
        let scenarios = months.indices.map { index in
            CarbonModel.Scenario(
                files: Dictionary(uniqueKeysWithValues: model.cells.map { ($0.key, files($0, index + 1)) }),
                scalesCapacity: true, servicesOff: servicesOff)
        }
        let results = model.evaluateUnderUncertainty(scenarios, factors: factors, draws: draws, seed: seed)
        let year = Array(results.totals.prefix(12))
        let annual = UncertainFigure(
            central: year.reduce(0) { $0 + $1.central }, p5: year.reduce(0) { $0 + $1.p5 },
            p50: year.reduce(0) { $0 + $1.p50 }, p95: year.reduce(0) { $0 + $1.p95 },
            low: year.reduce(0) { $0 + $1.low },
            high: year.reduce(0) { $0 + $1.high })
        var value = 0.0
        for cell in model.cells {
            let businessValue = Double(model.specs.first { $0.service.id == cell.key.service }?.service.businessValue ?? 3)
            let priority = criteria.languagePriorities[cell.key.language] ?? 3
            for t in 1...min(12, months.count) { value += files(cell, t) * businessValue * priority / 5 }
        }
        let crossing = budget.annualKgCO2e.flatMap { budget in
            zip(months, results.totals).first { $0.1.p50 * 12 >= budget }?.0
        }
        return PlanOutcome(name: name, annualKg: annual, annualValue: value, crossing: crossing)
    }
}

/// Evaluates the configuration's what-if scenarios beside the baseline.
package enum WhatIfEvaluator {
    package static func evaluate(
        _ scenario: WhatIfScenario, config: WorkspaceConfig, assessment: CarbonAssessment, draws: Int
    ) -> PlanOutcome {
        let base = assessment.model
        var config = config
        for index in config.services.indices {
            let id = config.services[index].id
            if let region = scenario.moves[id] { config.services[index].region = region }
            if let model = scenario.models[id] { config.services[index].model = model }
        }
        let specs: [ServiceModelSpec]
        do {
            specs = try config.services.map { try ServiceModelSpec.make(for: $0, factors: assessment.factors) }
        } catch {
            return PlanOutcome(name: scenario.name, annualKg: .zero, annualValue: 0, crossing: nil, error: "\(error)")
        }
        let model = CarbonModel(
            workload: config.workload, forecast: config.forecast, specs: specs, cells: base.cells)
        func matches(_ pattern: String, _ cell: CellKey) -> Bool { globMatches(pattern, cell.description) }
        // A service whose every cell is dropped is de-provisioned.
        let off = Set(
            config.services.map(\.id).filter { id in
                base.cells.filter { $0.key.service == id }.allSatisfy { cell in
                    scenario.drop.contains { matches($0, cell.key) }
                }
            })
        return PlanOutcome.evaluate(
            name: scenario.name, model: model, criteria: config.criteria, budget: config.budget,
            factors: assessment.factors, months: assessment.forecast.months,
            files: { cell, t in
                if scenario.drop.contains(where: { matches($0, cell.key) }) { return 0 }
                var files = cell.files * pow1p(config.workload.growth(for: cell.key.language), t)
                for (pattern, cap) in scenario.caps where matches(pattern, cell.key) { files = min(files, cap) }
                return files
            }, servicesOff: off, draws: draws, seed: config.uncertainty.seed)
    }
}
