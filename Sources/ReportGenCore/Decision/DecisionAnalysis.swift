import Foundation
import Matrix

/// A plan with its figures over the budget period: kgCO2e (actuals to date + forecast), value and budget verdict.
package struct PlanAssessment: Sendable {
    package var name: String
    package var plan: DecisionPlan
    /// Window kgCO2e per draw column (central last), without the actuals to date.
    package var windowDraws: [Double]
    package var value: Double
    package var verdict: BudgetVerdict
    /// Why the plan could not be evaluated (a what-if naming a model the factors lack).
    package var error: String?

    package init(name: String, plan: DecisionPlan, evaluator: PlanEvaluator, window: BudgetWindow) {
        self.name = name
        self.plan = plan
        let monthly = evaluator.monthly(plan)
        windowDraws = evaluator.sumOverMonths(monthly)
        value = evaluator.value(plan)
        verdict = BudgetVerdict(window: window, monthly: monthly, columns: evaluator.columns)
    }
}

/// The budget verdict of the baseline and of the plan under one methodological convention.
package struct ConventionVerdict: Sendable, Hashable, Codable {
    /// `embodied_gpu_share` (the built-in factors) or `embodied_vcpu_share`.
    package var id: String
    /// Multiplier of the embodied factors against the built-in GPU-share allocation.
    package var embodiedScale: Double
    package var baseline: BudgetVerdict
    package var plan: BudgetVerdict
}

/// The decision part of a pack, computed in stages with one job each: the budget window; the plan evaluator over
/// every service option (same draws for every plan); the avoidable carbon and the cell matrix with its four MCDA
/// methods (a second opinion); the exact arbitration; the local robustness and the SMAA acceptability; the
/// recommendations from the plan; the what-if scenarios; the methodological scenarios and the tornado.
package struct DecisionAnalysis: Sendable {
    package let window: BudgetWindow
    package let evaluator: PlanEvaluator
    package let options: ServiceOptions
    package let baseline: PlanAssessment
    package let recommended: PlanAssessment
    package let arbitration: PlanArbitration
    /// Baseline − plan, draw by draw: the only total the pack shows.
    package let packageEffect: PlanFigure
    package let avoidable: [CellKey: AvoidableCarbon]
    package let cellMatrix: CellDecisionMatrix
    /// WSM (min-max) first, then TOPSIS, VIKOR, PROMETHEE II: rankings of the cells, not thresholds.
    package let results: [MethodResult]
    /// Constant criteria left out, methods that disagree, redundant criteria.
    package let warnings: [Reason]
    /// One per cell of ``cellMatrix``, in its order.
    package let recommendations: [Recommendation]
    package let serviceRecommendations: [ServiceRecommendation]
    /// The configuration's what-if scenarios, on the same draws.
    package let scenarios: [PlanAssessment]
    /// The embodied-allocation scenarios of ``methodScenarios``, as the `decision.conventions` contract gives them.
    package let conventions: [ConventionVerdict]
    /// Every methodological scenario (embodied allocation, grid factor, server overhead) with its budget verdicts.
    package let methodScenarios: [MethodScenario]
    /// What moves the baseline's annual figure most.
    package let tornado: BaselineTornado
    /// Per recommendation, the share of draws (weights ±20 %, factors drawn) in which it holds.
    package let localRobustness: LocalRobustness
    /// SMAA-2 rank acceptability of the cells over the whole weight simplex (not the local robustness).
    package let smaa: SMAAAcceptability
    /// Reference factors read by the levers, for the pack's factor table.
    package let factorKeys: [String]

    /// Draws of the plan evaluation: a tenth of the Monte Carlo's, at least 100.
    package static func planDraws(_ uncertainty: UncertaintyConfig) -> Int { max(100, uncertainty.draws / 10) }

    /// - Parameter profile: the usage log's busy time by weekday and hour, for the scheduled-hours lever.
    package init(
        config: WorkspaceConfig, period: YearMonth, assessment: CarbonAssessment, profile: WeeklyBusyProfile? = nil
    ) throws {
        let window = BudgetWindow(config: config.budget, period: period, reconciliation: assessment.reconciliation)
        let options = ServiceOptions(
            services: config.services, rules: config.decisions, factors: assessment.factors, profile: profile)
        let evaluator = try Self.evaluator(
            config: config, period: period, assessment: assessment, window: window, options: options, embodiedScale: 1)
        self.window = window
        self.options = options
        self.evaluator = evaluator
        baseline = PlanAssessment(name: "baseline", plan: .baseline, evaluator: evaluator, window: window)
        var avoidable: [CellKey: AvoidableCarbon] = [:]
        for cell in assessment.model.cells {
            avoidable[cell.key] = evaluator.avoidableCarbon(of: cell.key, in: .baseline)
        }
        self.avoidable = avoidable
        let (cellMatrix, results, warnings) = try Self.secondOpinion(
            config: config, assessment: assessment, evaluator: evaluator, avoidable: avoidable)
        self.cellMatrix = cellMatrix
        self.results = results
        self.warnings = warnings
        arbitration = try PlanArbitration(
            evaluator: evaluator, options: options, window: window, rules: config.decisions)
        recommended = PlanAssessment(
            name: "recommended", plan: arbitration.plan, evaluator: evaluator, window: window)
        packageEffect = PlanFigure(draws: zip(baseline.windowDraws, recommended.windowDraws).map { $0 - $1 }[...])
        let running = Set(assessment.model.cells.filter { $0.source == .usageLog }.map(\.key))
        var declared: [CellKey: (kind: RecommendationKind, lever: String?)] = [:]
        for cell in cellMatrix.cells {
            let option = arbitration.plan.option(cell.service)
            let kind: RecommendationKind
            switch arbitration.plan.cap(cell) {
            case .share(let share):
                kind = LocalRobustness.kind(option: option, share: share, isRunning: running.contains(cell))
            case .filesPerMonth:
                kind = option.isDropped ? (running.contains(cell) ? .drop : .postpone) : .restrict
            }
            declared[cell] = (kind, kind == .activateWithOptimisation ? option.id : nil)
        }
        let matrix = cellMatrix.matrix
        localRobustness = LocalRobustness(
            arbitration: arbitration, evaluator: evaluator, window: window, plan: arbitration.plan,
            declared: declared, running: running,
            weights: zip(matrix.criteria, matrix.weights).map { ($0.id, $1) },
            businessValues: Dictionary(uniqueKeysWithValues: config.services.map { ($0.id, Double($0.businessValue)) }),
            languagePriorities: config.criteria.languagePriorities, draws: config.decisions.robustnessDraws,
            seed: config.uncertainty.seed)
        smaa = try SMAAAcceptability(
            matrix: matrix, ranks: results.first?.ranks ?? [], draws: config.decisions.robustnessDraws,
            seed: config.uncertainty.seed)
        let planned = PlanRecommendations(
            evaluator: evaluator, window: window, baseline: baseline, recommended: recommended,
            cells: cellMatrix.cells, running: running, avoidable: avoidable, ranks: results.first?.ranks ?? [],
            robustness: localRobustness, threshold: config.decisions.robustness, notes: options.notes)
        recommendations = planned.cells
        serviceRecommendations = planned.services
        scenarios = config.scenarios.map {
            Self.whatIf($0, evaluator: evaluator, window: window, cells: assessment.model.cells.map(\.key))
        }
        let plan = arbitration.plan
        let methodConventions = MethodConventions.conventions(
            model: assessment.model, factors: assessment.factors, reconciliation: assessment.reconciliation,
            planRegions: config.services.compactMap { plan.option($0.id).region })
        methodScenarios = try MethodConventions.scenarios(
            methodConventions, config: config, period: period, assessment: assessment, window: window,
            plan: arbitration.plan, baseline: baseline.verdict, recommended: recommended.verdict)
        self.conventions = methodScenarios.filter { $0.convention.group == .embodiedAllocation }.map {
            ConventionVerdict(
                id: $0.convention.id, embodiedScale: $0.convention.embodiedScale, baseline: $0.baseline, plan: $0.plan)
        }
        tornado = BaselineTornado(
            model: assessment.model, factors: assessment.factors, config: config, period: period, window: window,
            scenarios: methodScenarios)
        let keys = ServiceOptions.quantisationKeys
        var read = [keys.quantised, keys.full]
        for service in config.services {
            read.append(ServiceOptions.memoryKey(model: service.model))
            read.append(ServiceOptions.memoryKey(vm: service.hardware.vm))
            if let smaller = ServiceOptions.smallerModels[service.model.lowercased()] {
                read.append(ServiceOptions.memoryKey(model: smaller))
            }
        }
        factorKeys = Set(read).filter { assessment.factors.factors[$0] != nil }.sorted()
    }

    /// Stage: the evaluator of every plan, over the budget window's forecast months.
    static func evaluator(
        config: WorkspaceConfig, period: YearMonth, assessment: CarbonAssessment, window: BudgetWindow,
        options: ServiceOptions, embodiedScale: Double
    ) throws -> PlanEvaluator {
        var variants = options.variants(of: config.services)
        for scenario in config.scenarios {
            for service in config.services {
                let model = scenario.models[service.id] ?? service.model
                let region = scenario.moves[service.id] ?? service.region
                if model != service.model || region != service.region {
                    variants[service.id, default: []].append((model, region))
                }
            }
        }
        return try PlanEvaluator(
            model: assessment.model, config: config, factors: assessment.factors, base: period,
            offsets: window.forecastOffsets, variants: variants, draws: planDraws(config.uncertainty),
            seed: config.uncertainty.seed, embodiedScale: embodiedScale)
    }

    /// Stage: the cell matrix with avoidable carbon, scored by the four methods, with its warnings.
    static func secondOpinion(
        config: WorkspaceConfig, assessment: CarbonAssessment, evaluator: PlanEvaluator,
        avoidable: [CellKey: AvoidableCarbon]
    ) throws -> (CellDecisionMatrix, [MethodResult], [Reason]) {
        let windowFiles = Dictionary(
            uniqueKeysWithValues: assessment.model.cells.map {
                ($0.key, evaluator.meanFilesPerMonth($0.key) * Double(evaluator.months.count))
            })
        let cellMatrix = try CellDecisionMatrix(
            cells: assessment.model.cells, services: config.services, criteria: config.criteria,
            avoidable: avoidable, windowFiles: windowFiles)
        var results: [MethodResult] = []
        var warnings = cellMatrix.droppedCriteria.map {
            Reason(key: "warning_constant_criterion", values: ["criterion": $0])
        }
        for method in ScoringMethod.defaults {
            do {
                results.append(try method.score(cellMatrix.matrix))
            } catch {
                warnings.append(
                    Reason(key: "warning_method_failed", values: ["method": method.id, "error": "\(error)"]))
            }
        }
        guard results.first != nil else { throw MatrixError.empty }
        warnings += matrixWarnings(
            matrix: cellMatrix.matrix, rankings: results.map { (method: $0.method.id, ranks: $0.ranks) })
        return (cellMatrix, results, warnings)
    }

    /// Stage: a what-if scenario as a plan (drops and caps on cells, moves and models as service options).
    static func whatIf(
        _ scenario: WhatIfScenario, evaluator: PlanEvaluator, window: BudgetWindow, cells: [CellKey]
    ) -> PlanAssessment {
        var plan = DecisionPlan()
        for service in evaluator.services {
            let model = scenario.models[service.id]
            let region = scenario.moves[service.id]
            guard model != nil || region != nil else { continue }
            var option = ServiceOption()
            if let model { option.levers.append(.smallerModel); option.model = model }
            if let region { option.levers.append(.regionMove); option.region = region }
            option.detail = [model.map { "\(service.model) → \($0)" }, region.map { "\(service.region) → \($0)" }]
                .compactMap { $0 }.joined(separator: "; ")
            plan.options[service.id] = option
        }
        for cell in cells {
            if scenario.drop.contains(where: { globMatches($0, cell.description) }) {
                plan.caps[cell] = .share(0)
            } else if let cap = scenario.caps.keys.sorted().first(where: { globMatches($0, cell.description) }) {
                plan.caps[cell] = .filesPerMonth(scenario.caps[cap] ?? 0)
            }
        }
        guard evaluator.canEvaluate(plan) else {
            var failed = PlanAssessment(name: scenario.name, plan: .baseline, evaluator: evaluator, window: window)
            failed.error = "a model or region of this scenario has no reference factors"
            return failed
        }
        return PlanAssessment(name: scenario.name, plan: plan, evaluator: evaluator, window: window)
    }
}
