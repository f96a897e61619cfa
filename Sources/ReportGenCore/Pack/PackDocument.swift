import Foundation
import Matrix

/// `pack.json`: every figure of the pack, machine-readable. Its schema is `data/schema/pack.schema.json`.
/// Units: kgCO2e, kWh, files; ratios in 0…1. Keys are sorted and numbers written in full, so the file is
/// byte-identical for the same inputs.
package struct PackDocument: Codable, Sendable {
    package struct Tool: Codable, Sendable { var name: String; var version: String; var factorsVersion: String }
    package struct MonthFigure: Codable, Sendable {
        var period: String; var service: String; var kgco2e: Double; var source: String
    }
    package struct Figure: Codable, Sendable {
        var central: Double; var p5: Double; var p50: Double; var p95: Double; var low: Double?; var high: Double?
        /// `hasBounds: false` drops the all-low/all-high evaluations where they are not bounds (cells).
        init(_ f: UncertainFigure, hasBounds: Bool = true) {
            central = f.central; p5 = f.p5; p50 = f.p50; p95 = f.p95
            low = hasBounds ? f.low : nil
            high = hasBounds ? f.high : nil
        }
    }
    package struct Cell: Codable, Sendable {
        var service: String; var language: String; var activitySource: String; var files: Double
        var criteria: [String: Double]; var scores: [String: Double]; var ranks: [String: Int]
        var recommendation: String; var capFilesPerMonth: Double?; var lever: String?
        var avoidedKgco2e: Spread; var valueForgone: Double; var avoidableKgco2e: Spread
        var variableKgco2e: Spread; var capacityFreedKgco2e: Spread; var allocatedShareKgco2e: Spread
        var robustness: Double; var isRobust: Bool; var reasons: [Reason]; var monthKgco2e: Figure?
        /// SMAA-2 over the whole weight simplex: the share of weights giving the cell its WSM rank, and rank 1.
        var smaaRankAcceptability: Double; var smaaFirstRankAcceptability: Double
        /// `measured`, `calibrated` or `modelled`, the share of the work measured, and the graded quality.
        var energyBasis: String?; var energyCoverage: Double?; var quality: CellQuality?
    }
    package struct ServiceRow: Codable, Sendable {
        var id: String; var name: String; var criteria: [String: Double]; var scores: [String: Double];
        var monthKgco2e: Figure?
    }
    package struct ForecastMonth: Codable, Sendable {
        var period: String; var files: Double; var vms: Int; var kgco2e: Figure
    }
    package struct Plan: Codable, Sendable {
        var name: String; var kgco2ePerYear: Spread; var valuePerYear: Double; var budgetCrossing: String?;
        var withinBudget: Bool?; var error: String?
    }
    /// P5, P50 and P95 of the plan evaluation's draws.
    package struct Spread: Codable, Sendable {
        var p5: Double; var p50: Double; var p95: Double
        init(_ f: PlanFigure) { p5 = f.p5; p50 = f.p50; p95 = f.p95 }
    }
    /// A month written `YYYY-MM`, or `null` (never left out), as the `decision` contract says.
    package struct NullableMonth: Codable, Sendable {
        var month: String?
        init(_ month: YearMonth?) { self.month = month?.description }
        package init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            month = container.decodeNil() ? nil : try container.decode(String.self)
        }
        package func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            if let month { try container.encode(month) } else { try container.encodeNil() }
        }
    }
    /// The decision: the budget stated once, the baseline, the recommended plan and the package effect.
    package struct Decision: Codable, Sendable {
        package struct ServicePlan: Codable, Sendable { var option: String; var detail: String }
        package struct Convention: Codable, Sendable {
            var id: String; var embodiedScale: Double; var baselineKgco2ePerYear: Double
            var baselineWithinBudget: Bool?
            var planKgco2ePerYear: Double; var planWithinBudget: Bool?
        }
        var basis: String; var statistic: String; var confidence: Double?; var period: String
        var budgetKgco2ePerYear: Double?; var yearToDateKgco2e: Double; var windowMonths: [String]
        var baselineKgco2ePerYear: Spread; var planKgco2ePerYear: Spread; var avoidedKgco2ePerYear: Spread
        var withinBudget: Bool?; var planFits: Bool; var budgetExhaustedMonth: NullableMonth
        var baselineBudgetExhaustedMonth: NullableMonth; var probabilityWithinBudget: Double?
        var valueForgonePerYear: Double; var draws: Int; var configurationsEvaluated: Int
        /// Per service its option; per cell (`service/language`) the share of its forecast kept.
        var plan: [String: ServicePlan]; var caps: [String: Double]
        var conventions: [Convention]; var warnings: [Reason]
        var robustness: Robustness; var methodScenarios: [MethodScenarioFigure]
        /// The conventions under which the baseline's or the plan's verdict differs from the default's.
        var decisiveConventions: [String]; var tornado: Tornado
    }
    /// The local robustness and SMAA analyses' settings, and each service option's local robustness.
    package struct Robustness: Codable, Sendable {
        var draws: Int; var weightPerturbation: Double; var threshold: Double; var smaaDraws: Int
        var services: [String: Double]
    }
    /// A methodological scenario: the baseline and the plan under one convention, on the declared statistic.
    package struct MethodScenarioFigure: Codable, Sendable {
        var id: String; var group: String; var isDefault: Bool; var detail: String
        var baselineKgco2ePerYear: Double; var baselineWithinBudget: Bool?
        var planKgco2ePerYear: Double; var planWithinBudget: Bool?
    }
    /// What moves the baseline's annual figure most (central evaluation), the largest swing first.
    package struct Tornado: Codable, Sendable {
        package struct Bar: Codable, Sendable {
            var id: String; var kind: String; var lowKgco2ePerYear: Double; var highKgco2ePerYear: Double
            var lowSetting: String; var highSetting: String; var swingKgco2e: Double
        }
        var centralKgco2ePerYear: Double; var bars: [Bar]
    }
    package struct Factor: Codable, Sendable {
        var key: String; var value: Double; var unit: String; var low: Double?; var high: Double?; var source: String;
        var builtInValue: Double?
    }

    /// `uncertainty`: the carbon model's draws and factor distribution, named.
    package struct Uncertainty: Codable, Sendable { var draws: Int; var distribution: String }

    package var schemaVersion = 1
    package var tool: Tool
    package var organisation: String
    package var period: String
    package var generatedAt: String
    package var status: String
    package var methods: [String]
    package var retentionRule: String
    /// The Monte Carlo of the carbon model: its number of draws and the distribution each factor is drawn from.
    package var uncertainty: Uncertainty
    package var weights: [String: Double]
    package var rawWeights: [String: Double]
    package var totals: [String: Double]
    package var retained: [MonthFigure]
    package var modelTotal: Figure
    package var services: [ServiceRow]
    package var cells: [Cell]
    package var reconciliation: [ReconciliationRow]
    package var forecast: [ForecastMonth]
    package var budgetKgco2ePerYear: Double?
    package var plans: [Plan]
    package var decision: Decision
    package var factors: [Factor]
    package var inputs: [InputSummary]
    package var diagnostics: [Diagnostic]
    /// The month's measured GPU energy (issue 13); absent without telemetry.
    package var measuredGPU: MeasuredGPU?
    /// The input files refused whole, one diagnostic each (also among ``diagnostics``).
    package var refusedInputs: [Diagnostic]

    /// The document of `content`; `figures`, when the reports' views computed them already, saves coding the
    /// diagnostics again.
    package init(_ content: PackContent, toolVersion: String, figures: PackViewFigures? = nil) {
        let carbon = content.carbon
        let decisions = content.decisions
        tool = Tool(name: "ReportGen", version: toolVersion, factorsVersion: carbon.factors.version)
        organisation = content.config.organisation
        period = content.period.description
        generatedAt = ISO8601DateFormatter().string(from: content.generatedAt)
        // The reviewed pack never changes: its sign-offs are added beside it, in signoff.json and signoff.html. A month
        // with no provider, CCF or measurement data is a planning pack.
        status = content.carbon.isPlanning ? "planning" : "draft"
        methods = decisions.results.map(\.method.variantName)
        retentionRule = MonthlyEmissions.retentionRuleName
        uncertainty = Uncertainty(draws: content.config.uncertainty.draws, distribution: factorDistributionName)
        let matrix = decisions.cellMatrix.matrix
        weights = Dictionary(uniqueKeysWithValues: zip(matrix.criteria.map(\.id), matrix.weights))
        rawWeights = Dictionary(uniqueKeysWithValues: matrix.criteria.map { ($0.id, $0.rawWeight) })
        totals = Dictionary(uniqueKeysWithValues: content.months.map { ($0.description, content.totalKg($0)) })
        retained = content.months.flatMap { month in
            content.serviceIDs.compactMap { id in
                content.emissions.retained(id, month).map {
                    MonthFigure(
                        period: month.description, service: id, kgco2e: $0.total.kgCO2e, source: $0.source.rawValue)
                }
            }
        }
        modelTotal = Figure(carbon.baseTotal)
        services = content.scoring.matrix.alternatives.enumerated().map { index, id in
            ServiceRow(
                id: id, name: content.serviceName(id),
                criteria: Dictionary(
                    uniqueKeysWithValues: zip(
                        content.scoring.matrix.criteria.map(\.id), content.scoring.matrix.values[index])),
                scores: Dictionary(
                    uniqueKeysWithValues: content.scoring.results.map { ($0.method.id, $0.scores[index]) }),
                monthKgco2e: carbon.baseServices[id].map { Figure($0) })
        }
        cells = decisions.cellMatrix.cells.enumerated().map { index, key in
            let r = decisions.recommendations[index]
            let basis = carbon.model.cells.first { $0.key == key }
            return Cell(
                service: key.service, language: key.language, activitySource: basis?.source.rawValue ?? "",
                files: basis?.files ?? 0,
                criteria: Dictionary(uniqueKeysWithValues: zip(matrix.criteria.map(\.id), matrix.values[index])),
                scores: Dictionary(uniqueKeysWithValues: decisions.results.map { ($0.method.id, $0.scores[index]) }),
                ranks: Dictionary(uniqueKeysWithValues: decisions.results.map { ($0.method.id, $0.ranks[index]) }),
                recommendation: r.kind.rawValue, capFilesPerMonth: r.capFilesPerMonth, lever: r.lever,
                avoidedKgco2e: Spread(r.avoided), valueForgone: r.valueForgone,
                avoidableKgco2e: Spread(r.avoidable.avoided), variableKgco2e: Spread(r.avoidable.variable),
                capacityFreedKgco2e: Spread(r.avoidable.capacityFreed),
                allocatedShareKgco2e: Spread(r.avoidable.allocatedShare), robustness: r.holdsShare,
                isRobust: r.isRobust, reasons: r.reasons,
                monthKgco2e: carbon.baseCells[key].map { Figure($0, hasBounds: false) },
                smaaRankAcceptability: decisions.smaa.rankAcceptability[index],
                smaaFirstRankAcceptability: decisions.smaa.firstRankAcceptability[index],
                energyBasis: basis?.energyBasis.rawValue, energyCoverage: basis?.energyCoverage,
                quality: basis.map { cell in
                    CellQuality(
                        cell: cell, spec: carbon.model.specs.first { $0.service.id == key.service },
                        factors: carbon.factors)
                })
        }
        reconciliation = carbon.reconciliation
        forecast = carbon.forecast.months.indices.map { index in
            ForecastMonth(
                period: carbon.forecast.months[index].description,
                files: carbon.forecast.files[index].sorted { $0.key < $1.key }.reduce(0) { $0 + $1.value },
                vms: carbon.forecast.vmCounts[index].values.reduce(0, +), kgco2e: Figure(carbon.forecast.totals[index]))
        }
        budgetKgco2ePerYear = carbon.forecast.annualBudgetKgCO2e
        plans = ([decisions.baseline, decisions.recommended] + decisions.scenarios).map {
            Plan(
                name: $0.name, kgco2ePerYear: Spread($0.verdict.annual), valuePerYear: $0.value,
                budgetCrossing: $0.verdict.exhaustedMonth?.description, withinBudget: $0.verdict.isWithinBudget,
                error: $0.error)
        }
        let budget = content.config.budget
        let plan = decisions.recommended.plan
        var servicePlans: [String: Decision.ServicePlan] = [:]
        for service in content.config.services {
            let option = plan.option(service.id)
            servicePlans[service.id] = Decision.ServicePlan(option: option.id, detail: option.detail)
        }
        var caps: [String: Double] = [:]
        for cell in carbon.model.cells.map(\.key) {
            if plan.option(cell.service).isDropped {
                caps[cell.description] = 0
            } else if case .share(let share) = plan.cap(cell) {
                caps[cell.description] = share
            } else if case .filesPerMonth(let files) = plan.cap(cell) {
                let mean = decisions.evaluator.meanFilesPerMonth(cell)
                caps[cell.description] = mean > 0 ? min(1, files / mean) : 1
            }
        }
        decision = Decision(
            basis: budget.basis.rawValue, statistic: budget.statistic.rawValue,
            confidence: budget.statistic == .chance ? budget.confidence : nil, period: budget.period.rawValue,
            budgetKgco2ePerYear: budget.annualKgCO2e, yearToDateKgco2e: decisions.window.yearToDateKg,
            windowMonths: decisions.window.months.map(\.description),
            baselineKgco2ePerYear: Spread(decisions.baseline.verdict.annual),
            planKgco2ePerYear: Spread(decisions.recommended.verdict.annual),
            avoidedKgco2ePerYear: Spread(decisions.packageEffect),
            withinBudget: decisions.recommended.verdict.isWithinBudget, planFits: decisions.arbitration.fits,
            budgetExhaustedMonth: NullableMonth(decisions.recommended.verdict.exhaustedMonth),
            baselineBudgetExhaustedMonth: NullableMonth(decisions.baseline.verdict.exhaustedMonth),
            probabilityWithinBudget: decisions.recommended.verdict.probabilityWithinBudget,
            valueForgonePerYear: decisions.baseline.value - decisions.recommended.value,
            draws: decisions.evaluator.draws,
            configurationsEvaluated: decisions.arbitration.configurationsEvaluated, plan: servicePlans, caps: caps,
            conventions: decisions.conventions.map {
                Decision.Convention(
                    id: $0.id, embodiedScale: $0.embodiedScale, baselineKgco2ePerYear: $0.baseline.statisticKg,
                    baselineWithinBudget: $0.baseline.isWithinBudget, planKgco2ePerYear: $0.plan.statisticKg,
                    planWithinBudget: $0.plan.isWithinBudget)
            }, warnings: decisions.warnings,
            robustness: Robustness(
                draws: decisions.localRobustness.draws, weightPerturbation: LocalRobustness.perturbation,
                threshold: content.config.decisions.robustness, smaaDraws: decisions.smaa.draws,
                services: decisions.localRobustness.services),
            methodScenarios: decisions.methodScenarios.map {
                MethodScenarioFigure(
                    id: $0.convention.id, group: $0.convention.group.rawValue, isDefault: $0.convention.isDefault,
                    detail: $0.convention.detail, baselineKgco2ePerYear: $0.baseline.statisticKg,
                    baselineWithinBudget: $0.baseline.isWithinBudget, planKgco2ePerYear: $0.plan.statisticKg,
                    planWithinBudget: $0.plan.isWithinBudget)
            }, decisiveConventions: MethodConventions.decisive(decisions.methodScenarios),
            tornado: Tornado(
                centralKgco2ePerYear: decisions.tornado.centralKg,
                bars: decisions.tornado.bars.map {
                    Tornado.Bar(
                        id: $0.id, kind: $0.isConvention ? "convention" : "factor", lowKgco2ePerYear: $0.lowKg,
                        highKgco2ePerYear: $0.highKg, lowSetting: $0.lowSetting, highSetting: $0.highSetting,
                        swingKgco2e: $0.swingKg)
                }))
        factors = content.factorKeys.compactMap { carbon.factors.factors[$0] }.map {
            Factor(
                key: $0.key, value: $0.value, unit: $0.unit, low: $0.low, high: $0.high, source: $0.source,
                builtInValue: $0.builtInValue)
        }
        inputs = content.inputs
        diagnostics = figures?.diagnostics ?? content.diagnostics.map(DiagnosticCatalog.coded)
        measuredGPU = Self.measuredGPUFigures(content)
        refusedInputs = figures?.refusedInputs ?? content.refusedInputs.map(DiagnosticCatalog.coded)
    }

    /// The JSON bytes: sorted keys, pretty-printed, slashes unescaped.
    package func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}
