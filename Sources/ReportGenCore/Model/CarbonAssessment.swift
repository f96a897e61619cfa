import Matrix

/// The carbon model's results for a pack: the base month's cells under uncertainty, the reconciliation of every
/// month, and the forecast.
package struct CarbonAssessment: Sendable {
    package let factors: ReferenceFactors
    /// The keys of every factor the model read.
    package let factorKeys: [String]
    package let model: CarbonModel
    /// The base month's central evaluation (every component).
    package let base: [String: ServiceEstimate]
    package let baseCells: [CellKey: UncertainFigure]
    package let baseServices: [String: UncertainFigure]
    package let baseTotal: UncertainFigure
    package let forecast: Forecast
    package let reconciliation: [ReconciliationRow]
    /// Per cell and Monte Carlo draw: kgCO2e over the first forecast year (allocated, and attributable); per service
    /// and draw: its unallocated idle and embodied kgCO2e over the year.
    package let annualCellTotals: [[Double]]
    package let annualCellAttributable: [[Double]]
    package let annualServiceOverhead: [[Double]]

    /// The central annual figures of the first forecast year, summed over its months.
    package func annualCentral(_ cell: CellKey) -> (total: Double, attributable: Double) {
        var total = 0.0
        var attributable = 0.0
        for month in forecastCentral.prefix(12) {
            guard let estimate = month[cell.service]?.cells[cell.language] else { continue }
            total += estimate.totalKg
            attributable += estimate.attributableKg
        }
        return (total, attributable)
    }

    /// The best estimate of a cell's first forecast year: the median (P50) over the Monte Carlo draws of its
    /// allocated and attributable kgCO2e; the central evaluation where there are no draws.
    package func annualBestEstimate(_ cell: CellKey) -> (total: Double, attributable: Double) {
        guard let index = model.cells.firstIndex(where: { $0.key == cell }), annualCellTotals.indices.contains(index),
            !annualCellTotals[index].isEmpty
        else { return annualCentral(cell) }
        return (percentile(annualCellTotals[index], 50), percentile(annualCellAttributable[index], 50))
    }

    /// The best estimate (median over the draws) of a service's unallocated overhead over the first forecast year.
    package func annualOverheadBestEstimate(_ service: String) -> Double {
        guard let index = model.specs.firstIndex(where: { $0.service.id == service }),
            annualServiceOverhead.indices.contains(index), !annualServiceOverhead[index].isEmpty
        else { return annualOverheadCentral(service) }
        return percentile(annualServiceOverhead[index], 50)
    }

    /// The central annual unallocated overhead of a service over the first forecast year.
    package func annualOverheadCentral(_ service: String) -> Double {
        forecastCentral.prefix(12).reduce(0) {
            $0 + ($1[service].map { $0.unallocatedIdleKg + $0.unallocatedEmbodiedKg } ?? 0)
        }
    }

    /// The central evaluation of each forecast month.
    package let forecastCentral: [[String: ServiceEstimate]]

    /// How measurement changed each service's energy factor in the base month.
    package let calibrations: [FactorCalibration]
    /// How measured GPU idle energy replaced each service's idle power in the base month.
    package let idleCalibrations: [IdleCalibration]
    /// Server overhead measured by CodeCarbon per service (energy_consumed ÷ gpu_energy) and its run count.
    package let measuredOverheads: [String: Double]
    /// Warnings about the model's inputs (a physically impossible factor).
    package let diagnostics: [Diagnostic]
    /// `true` when the month has no provider, CCF or measurement data: the pack is a planning pack whose figure is
    /// the model's median.
    package let isPlanning: Bool
    /// The declared SCI boundary of the base month.
    package let boundary: SystemBoundary

    /// The row id used for the whole subscription in the reconciliation table.
    package static let allServices = "all"

    package init(
        config: WorkspaceConfig, period: YearMonth, records: [EmissionRecord], emissions: MonthlyEmissions,
        activity: [String: [String: [YearMonth: Activity]]], measurements extra: [CellMeasurement] = [],
        measuredGPU: MeasuredGPUEnergy? = nil, progress: any ProgressReporter
    ) throws {
        var factors = try ReferenceFactors.builtIn()
        try factors.apply(overrides: config.factorOverrides)
        let specs = try config.services.map { try ServiceModelSpec.make(for: $0, factors: factors) }
        let measurements = CellMeasurement.usageLog(activity) + extra + (measuredGPU?.cellMeasurements ?? [])
        func calibrated(_ month: YearMonth) -> EnergyCalibration.Result {
            EnergyCalibration.apply(
                cells: CellBasis.cells(config: config, period: month, activity: activity), measurements: measurements,
                idle: measuredGPU?.idleMeasurements ?? [],
                overheads: EnergyCalibration.measuredOverheads(records, period: month), specs: specs,
                workload: config.workload, forecast: config.forecast,
                factors: factors)
        }
        isPlanning = !emissions.periods.contains(period) && !measurements.contains { $0.period == period }
        if isPlanning {
            progress.stage(
                "planning",
                "\(period) has no provider, CCF or measurement data: building a planning pack whose figure is the model's median"
            )
        }
        let baseCalibration = calibrated(period)
        calibrations = baseCalibration.calibrations
        idleCalibrations = baseCalibration.idleCalibrations
        measuredOverheads = baseCalibration.overheads.mapValues(\.ratio)
        diagnostics = baseCalibration.diagnostics
        let model = CarbonModel(
            workload: config.workload, forecast: config.forecast, specs: specs, cells: baseCalibration.cells)
        let plan = Forecast.scenarios(model: model, base: period, months: config.forecast.months)
        // Scenarios 1…12 are the first forecast year: the annual carbon of each cell, per draw.
        let results = model.evaluateUnderUncertainty(
            [model.baseScenario] + plan.scenarios, factors: factors, draws: config.uncertainty.draws,
            seed: config.uncertainty.seed,
            annual: Set(1...min(12, plan.scenarios.count)))
        progress.stage(
            "model",
            "\(model.cells.count) cells estimated for \(period) and \(plan.months.count) forecast months, \(config.uncertainty.draws) Monte Carlo draws"
        )
        self.factors = factors
        self.model = model
        forecastCentral = Array(results.centralEstimates.dropFirst())
        annualCellTotals = results.annualCellTotals
        annualCellAttributable = results.annualCellAttributable
        annualServiceOverhead = results.annualServiceOverhead
        base = results.centralEstimates[0]
        boundary = SystemBoundary(
            period: period, records: records, emissions: emissions, services: config.services.map(\.id),
            base: results.centralEstimates[0])
        baseCells = results.cells[0]
        baseServices = results.services[0]
        baseTotal = results.totals[0]
        forecast = Forecast(
            months: plan.months, files: plan.scenarios.map(\.files), cells: Array(results.cells.dropFirst()),
            services: Array(results.services.dropFirst()), totals: Array(results.totals.dropFirst()),
            vmCounts: results.centralEstimates.dropFirst().map { $0.mapValues(\.vmCount) },
            annualBudgetKgCO2e: config.budget.annualKgCO2e)

        var keys = Set(model.factorKeys)
        var rows: [ReconciliationRow] = []
        let months = emissions.periods.filter { $0 <= period }
        for month in months {
            let monthCalibration = month == period ? baseCalibration : calibrated(month)
            let monthModel = CarbonModel(
                workload: config.workload, forecast: config.forecast, specs: specs, cells: monthCalibration.cells)
            keys.formUnion(monthModel.factorKeys)
            let monthResults =
                month == period
                ? results
                : monthModel.evaluateUnderUncertainty(
                    [monthModel.baseScenario], factors: factors, draws: max(100, config.uncertainty.draws / 10),
                    seed: config.uncertainty.seed)
            rows += Self.reconcile(
                month: month, reconciliation: config.reconciliation, specs: specs, records: records,
                emissions: emissions,
                activity: activity, central: monthResults.centralEstimates[0], services: monthResults.services[0],
                total: monthResults.totals[0], factors: factors,
                measuredGPU: Self.measuredOperational(
                    measuredGPU.flatMap { $0.period == month ? $0 : nil }, specs: specs,
                    calibration: monthCalibration, factors: factors))
        }
        reconciliation = rows
        factorKeys = keys.sorted()
    }

    private static func reconcile(
        month: YearMonth, reconciliation: ReconciliationConfig, specs: [ServiceModelSpec], records: [EmissionRecord],
        emissions: MonthlyEmissions, activity: [String: [String: [YearMonth: Activity]]],
        central: [String: ServiceEstimate], services: [String: UncertainFigure], total: UncertainFigure,
        factors: ReferenceFactors, measuredGPU: [String: MeasuredOperational] = [:]
    ) -> [ReconciliationRow] {
        var rows: [ReconciliationRow] = []
        var sums = (provider: 0.0, ccf: 0.0, measured: 0.0, idle: 0.0, retained: 0.0, scope3: 0.0, eid: 0.0)
        var has = (provider: false, ccf: false, measured: false)
        var pueOneRows = 0
        var coverage: [String] = []
        var allComponents = ModelComponents()
        for spec in specs {
            let id = spec.service.id
            let provider =
                emissions.total(id, month, .azureCarbonOptimization).map {
                    ($0.kgCO2e, SourceKind.azureCarbonOptimization)
                }
                ?? emissions.total(id, month, .emissionsImpactDashboard).map {
                    ($0.kgCO2e, SourceKind.emissionsImpactDashboard)
                }
            let eid = records.filter {
                $0.source == .emissionsImpactDashboard && $0.service == id && $0.period == month
            }
            let eidTotal = eid.reduce(0) { $0 + ($1.kgCO2e ?? 0) }
            let scope3 = eid.filter { $0.scope == .scope3 }.reduce(0) { $0 + ($1.kgCO2e ?? 0) }
            let ccf = emissions.total(id, month, .ccfJSON)?.kgCO2e ?? emissions.total(id, month, .ccfCSV)?.kgCO2e
            let runs = records.filter {
                $0.source == .codeCarbon && $0.isCounted && $0.service == id && $0.period == month
            }
            let usage = (activity[id] ?? [:]).valuesInKeyOrder.compactMap { $0[month] }
            let usageKWh = usage.reduce(0) { $0 + $1.energyKWh }
            let withEnergy = usage.reduce(0) { $0 + $1.requestsWithEnergy }
            let requests = usage.reduce(0) { $0 + $1.requests }
            var measured: (kg: Double, coverage: String, pueOneRows: Int)?
            if let gpu = measuredGPU[id] {
                // The telemetry measures the GPUs all month: the runs and energy_wh it would count twice are left out.
                let text =
                    "\(gpu.method), \((gpu.coverage * 1000).rounded() / 10) % of hours, server overhead × \(gpu.serverOverhead) (\(gpu.serverOverheadSource)), host idle (\(gpu.hostIdleMethod.rawValue)), PUE \(gpu.pue) (\(gpu.pueKey)), \(gpu.gridKey)"
                measured = (gpu.kgCO2e, text, 0)
            } else if !runs.isEmpty || usageKWh > 0 {
                let pue = factors.factors[spec.pueKey]?.value ?? 1
                let intensity = (factors.factors[spec.gridKey]?.value ?? 0) / 1000
                let kg = runs.reduce(0) { $0 + ($1.kgCO2e ?? 0) } + usageKWh * pue * intensity
                let ones = runs.filter { $0.identifiers.pue == 1 }.reduce(0) { $0 + $1.runCount }
                let runCount = runs.reduce(0) { $0 + $1.runCount }
                let text =
                    "\(runCount) CodeCarbon run\(runCount == 1 ? "" : "s"); \(withEnergy) of \(requests) requests with energy_wh"
                measured = (kg, text, ones)
                pueOneRows += ones
                coverage.append("\(id): \(text)")
            }
            let estimate = central[id] ?? ServiceEstimate()
            let idle = estimate.unallocatedIdleKg + estimate.unallocatedEmbodiedKg
            let embodiedFactor = factors.factors[spec.embodiedKey]
            let ratio =
                (embodiedFactor?.value ?? 0) > 0
                ? (
                    low: (embodiedFactor?.lowOrValue ?? 0) / (embodiedFactor?.value ?? 1),
                    high: (embodiedFactor?.highOrValue ?? 0) / (embodiedFactor?.value ?? 1)
                ) : (low: 1.0, high: 1.0)
            let components = ModelComponents(estimate, embodiedRatio: ratio)
            allComponents.add(components)
            let retained = emissions.retained(id, month).map { ($0.total.kgCO2e, $0.source) }
            var row = ReconciliationRow.assess(
                service: id, period: month, provider: provider, scope3Share: eidTotal > 0 ? scope3 / eidTotal : nil,
                ccf: ccf, measured: measured, modelled: services[id] ?? .zero, components: components, idleKg: idle,
                retained: retained,
                tolerance: reconciliation.tolerance)
            row.attachMeasuredGPU(measuredGPU[id], tolerance: reconciliation.tolerance)
            rows.append(row)
            if let provider { sums.provider += provider.0; has.provider = true }
            if let ccf { sums.ccf += ccf; has.ccf = true }
            if let measured { sums.measured += measured.kg; has.measured = true }
            sums.idle += idle
            sums.retained += retained?.0 ?? 0
            sums.scope3 += scope3
            sums.eid += eidTotal
        }
        // The subscription as a whole, unallocated records included: this is where CCF and Microsoft compare.
        let unallocated = ServiceMapping.unallocated
        let providerAll = sums.provider + (emissions.total(unallocated, month, .azureCarbonOptimization)?.kgCO2e ?? 0)
        let ccfAll =
            sums.ccf
            + (emissions.total(unallocated, month, .ccfJSON)?.kgCO2e ?? emissions.total(unallocated, month, .ccfCSV)?
                .kgCO2e ?? 0)
        var all = ReconciliationRow.assess(
            service: allServices, period: month,
            provider: has.provider ? (providerAll, .azureCarbonOptimization) : nil,
            scope3Share: sums.eid > 0 ? sums.scope3 / sums.eid : nil, ccf: has.ccf ? ccfAll : nil,
            measured: has.measured ? (sums.measured, coverage.joined(separator: "; "), pueOneRows) : nil,
            modelled: total, components: allComponents, idleKg: sums.idle,
            retained: (sums.retained + emissions.retainedKg(unallocated, month), .azureCarbonOptimization),
            tolerance: reconciliation.tolerance)
        all.attachMeasuredGPU(
            MeasuredOperational.sum(specs.compactMap { measuredGPU[$0.service.id] }),
            tolerance: reconciliation.tolerance)
        rows.append(all)
        return rows
    }
}
