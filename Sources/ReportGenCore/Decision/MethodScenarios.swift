import Foundation
import Matrix

/// A methodological choice the figures depend on, re-evaluated as an explicit scenario.
package enum MethodGroup: String, Sendable, Hashable, Codable, CaseIterable {
    /// How a VM's embodied emissions are allocated to the GPU slot the service reserves.
    case embodiedAllocation = "embodied_allocation"
    /// Which grid factor the operational emissions use.
    case gridFactor = "grid_factor"
    /// How server energy is derived from GPU energy.
    case serverOverhead = "server_overhead"
}

/// One convention of a methodological choice, with the change it makes to the factors or cells.
package struct MethodConvention: Sendable, Hashable {
    /// `embodied_gpu_share`, `embodied_vcpu_share`, `embodied_provider_scope3`, `grid_location_table`, `grid_ccf`,
    /// `grid_provider_market`, `overhead_codecarbon`, `overhead_factor_table`.
    package var id: String
    package var group: MethodGroup
    /// Whether this is the convention the pack's figures use.
    package var isDefault: Bool
    /// Multiplier of every embodied factor (1 = the built-in GPU-share allocation).
    package var embodiedScale = 1.0
    /// Factor key → replaced central value (its range scaled by the same ratio), as a `factors:` override does.
    package var overrides: [String: Double] = [:]
    /// Whether CodeCarbon's measured server overhead is set aside for the factor table's.
    package var dropsMeasuredOverhead = false
    /// What the convention changes, in figures (`×0.25`, `grid.westeurope 283.17 → 328.4 g/kWh`).
    package var detail: String
}

/// A methodological scenario: the baseline and the recommended plan re-evaluated under one convention, on the same
/// draws, each with its budget verdict. The actuals to date stay as the budget window reports them; the convention
/// applies to the forecast of the rest of the period.
package struct MethodScenario: Sendable {
    package var convention: MethodConvention
    package var baseline: BudgetVerdict
    package var plan: BudgetVerdict
}

/// The conventions of each methodological choice, from the factor table and the provider's figures.
package enum MethodConventions {
    /// The alternatives each choice offers on this workspace's data, the default first in each group.
    ///
    /// - Embodied allocation: GPU share (built-in); vCPU share as CCF allocates it (4 of the host's 64 vCPUs against
    ///   1 of its 4 GPUs: ×0.25, 16.8 → 4.2 gCO2e per reserved hour for NC4as_T4_v3, methodology §3.4); the
    ///   provider's Scope 3 where Azure reports it (the embodied factors × provider Scope 3 ÷ model embodied over the
    ///   months both give).
    /// - Grid factor: the factor table's location-based figure; CCF's grid factors (`grid.<region>.ccf.*`) where the
    ///   table has them; the provider's market-based figure (the grid factors × provider Scope 1+2 ÷ model
    ///   operational over the months both give).
    /// - Server overhead: CodeCarbon's measured ratio where the service's VM has runs, against the factor table's.
    /// - Parameter planRegions: regions the plan moves services to, whose grid factors the grid conventions also
    ///   replace.
    package static func conventions(
        model: CarbonModel, factors: ReferenceFactors, reconciliation: [ReconciliationRow], planRegions: [String] = []
    ) -> [MethodConvention] {
        var list = [
            MethodConvention(
                id: "embodied_gpu_share", group: .embodiedAllocation, isDefault: true, detail: "×1"),
            MethodConvention(
                id: "embodied_vcpu_share", group: .embodiedAllocation, isDefault: false, embodiedScale: 0.25,
                detail: "×0.25"),
        ]
        let rows = reconciliation.filter { $0.service == CarbonAssessment.allServices }
        let embodied = rows.compactMap(\.embodied).filter { $0.modelKg > 0 }
        let embodiedModel = embodied.reduce(0) { $0 + $1.modelKg }
        if embodiedModel > 0 {
            let scale = embodied.reduce(0) { $0 + $1.referenceKg } / embodiedModel
            list.append(
                MethodConvention(
                    id: "embodied_provider_scope3", group: .embodiedAllocation, isDefault: false,
                    embodiedScale: scale, detail: "×" + rounded(scale)))
        }
        list.append(
            MethodConvention(id: "grid_location_table", group: .gridFactor, isDefault: true, detail: "×1"))
        let gridKeys = Array(Set(model.specs.map(\.gridKey) + planRegions.map { "grid.\($0).gco2e_per_kwh" })).sorted()
        var ccf: [String: Double] = [:]
        var ccfDetails: [String] = []
        for key in gridKeys {
            let alternative = key.replacingOccurrences(of: ".gco2e_per_kwh", with: ".ccf.gco2e_per_kwh")
            guard let value = factors.factors[alternative]?.value, let current = factors.factors[key]?.value else {
                continue
            }
            ccf[key] = value
            ccfDetails.append("\(key) \(rounded(current)) → \(rounded(value))")
        }
        if !ccf.isEmpty {
            list.append(
                MethodConvention(
                    id: "grid_ccf", group: .gridFactor, isDefault: false, overrides: ccf,
                    detail: ccfDetails.joined(separator: "; ")))
        }
        let operational = rows.compactMap(\.operational).filter { $0.modelKg > 0 }
        let operationalModel = operational.reduce(0) { $0 + $1.modelKg }
        if operationalModel > 0 {
            let scale = operational.reduce(0) { $0 + $1.referenceKg } / operationalModel
            var market: [String: Double] = [:]
            for key in gridKeys { if let value = factors.factors[key]?.value { market[key] = value * scale } }
            list.append(
                MethodConvention(
                    id: "grid_provider_market", group: .gridFactor, isDefault: false, overrides: market,
                    detail: "×" + rounded(scale)))
        }
        let measured = model.cells.contains { $0.measuredServerOverhead != nil }
        let table = factors.factors["server.overhead_multiplier_on_gpu_energy"]?.value ?? 1
        if measured {
            let ratios = Set(model.cells.compactMap(\.measuredServerOverhead)).sorted().map(rounded)
            list.append(
                MethodConvention(
                    id: "overhead_codecarbon", group: .serverOverhead, isDefault: true,
                    detail: "×" + ratios.joined(separator: ", ×")))
        }
        list.append(
            MethodConvention(
                id: "overhead_factor_table", group: .serverOverhead, isDefault: !measured,
                dropsMeasuredOverhead: true, detail: "×" + rounded(table)))
        return list
    }

    /// Four significant digits, for the details (the pack formats its own figures with the report's locale).
    static func rounded(_ value: Double) -> String {
        guard value.isFinite, value != 0 else { return "0" }
        let digits = max(0, 3 - Int(floor(log10(abs(value)))))
        var text = String(format: "%.\(min(digits, 6))f", value)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }

    /// The model's cells with CodeCarbon's measured overhead set aside (the factor table's applies).
    static func withoutMeasuredOverhead(_ model: CarbonModel) -> CarbonModel {
        let cells = model.cells.map { cell -> CellBasis in
            var copy = cell
            copy.measuredServerOverhead = nil
            return copy
        }
        return CarbonModel(workload: model.workload, forecast: model.forecast, specs: model.specs, cells: cells)
    }

    /// Each convention's scenario: the default ones take the analysis's own verdicts; every other one builds an
    /// evaluator with only the variants the baseline and the plan run on, on the same draws and seed.
    /// - Throws: ``ModelError`` when a variant's factors are missing.
    package static func scenarios(
        _ conventions: [MethodConvention], config: WorkspaceConfig, period: YearMonth, assessment: CarbonAssessment,
        window: BudgetWindow, plan: DecisionPlan, baseline: BudgetVerdict, recommended: BudgetVerdict
    ) throws -> [MethodScenario] {
        var variants: [String: [(model: String, region: String)]] = [:]
        for service in config.services {
            let option = plan.option(service.id)
            if option.model != nil || option.region != nil {
                variants[service.id] = [(option.model ?? service.model, option.region ?? service.region)]
            }
        }
        return try conventions.map { convention in
            guard !convention.isDefault else {
                return MethodScenario(convention: convention, baseline: baseline, plan: recommended)
            }
            var factors = assessment.factors
            try factors.apply(overrides: convention.overrides)
            let model =
                convention.dropsMeasuredOverhead ? withoutMeasuredOverhead(assessment.model) : assessment.model
            let evaluator = try PlanEvaluator(
                model: model, config: config, factors: factors, base: period, offsets: window.forecastOffsets,
                variants: variants, draws: DecisionAnalysis.planDraws(config.uncertainty),
                seed: config.uncertainty.seed, embodiedScale: convention.embodiedScale)
            return MethodScenario(
                convention: convention,
                baseline: BudgetVerdict(
                    window: window, monthly: evaluator.monthly(.baseline), columns: evaluator.columns),
                plan: BudgetVerdict(window: window, monthly: evaluator.monthly(plan), columns: evaluator.columns))
        }
    }

    /// The conventions under which the verdict of the baseline or of the plan differs from the default's, by id.
    package static func decisive(_ scenarios: [MethodScenario]) -> [String] {
        scenarios.filter { scenario in
            guard
                let reference = scenarios.first(where: {
                    $0.convention.group == scenario.convention.group && $0.convention.isDefault
                })
            else { return false }
            return scenario.baseline.isWithinBudget != reference.baseline.isWithinBudget
                || scenario.plan.isWithinBudget != reference.plan.isWithinBudget
        }
        .map(\.convention.id)
    }
}
