import Foundation

/// How measurement changed one service's energy factor for a month: shown in the factor table beside the
/// built-in value.
package struct FactorCalibration: Sendable, Hashable, Codable {
    package var service: String
    package var period: YearMonth?
    /// The work factor calibrated (`whisper-large-v3.gpu.kwh_per_audio_hour`) and its built-in central value.
    package var factorKey: String
    package var builtInValue: Double
    /// builtInValue × ratio: the device factor the measurement implies, at the overhead the model uses.
    package var calibratedValue: Double
    /// Measured ÷ modelled server energy over the covered work.
    package var ratio: Double
    package var measuredKWh: Double
    package var modelledKWh: Double
    /// The share of the service's modelled work the measurements cover, 0…1.
    package var coverage: Double
    package var sources: [String]
}

/// Measurement first (methodology §9): where measured energy covers a cell's work the model uses it; where it
/// covers part of it, or other cells of the same service, the service's factor is scaled by the measured ratio
/// (measured ÷ modelled over the covered work). The server overhead comes from CodeCarbon's CPU, RAM and GPU energy
/// on the service's VM where it has runs. A factor that needs more than the device's maximum power over the logged
/// busy time is a warning naming both numbers.
package enum EnergyCalibration {
    /// The cells with their energy basis, the calibrations and the warnings.
    package struct Result: Sendable {
        package var cells: [CellBasis]
        package var calibrations: [FactorCalibration]
        /// Measured server overhead per service: Σ CodeCarbon energy ÷ Σ GPU energy, and the runs it comes from.
        package var overheads: [String: (ratio: Double, runs: Int)]
        package var diagnostics: [Diagnostic]
        /// Per service with measured GPU idle energy, how it replaced the modelled idle power.
        package var idleCalibrations: [IdleCalibration] = []
    }

    /// At or above this share of the work measured, a cell is `measured` rather than `calibrated`.
    package static let measuredCoverage = 0.999

    /// Server overhead per service from counted CodeCarbon runs that give `gpu_energy`, `energy_consumed` ÷
    /// `gpu_energy`: the runs of `period` where the service has some, else the runs of every month (same VM).
    package static func measuredOverheads(_ records: [EmissionRecord], period: YearMonth) -> [String: (
        ratio: Double, runs: Int
    )] {
        let runs = records.filter { $0.source == .codeCarbon && $0.isCounted }
        let ofMonth = Set(runs.filter { $0.period == period }.compactMap(\.service))
        var sums: [String: (total: Double, gpu: Double, runs: Int)] = [:]
        for record in runs where !ofMonth.contains(record.service ?? "") || record.period == period {
            guard let service = record.service, let summary = record.identifiers.codeCarbonRuns, summary.gpuRuns > 0
            else { continue }
            var sum = sums[service] ?? (0, 0, 0)
            sum.total += summary.gpuRunsEnergyKWh
            sum.gpu += summary.gpuKWh
            sum.runs += summary.gpuRuns
            sums[service] = sum
        }
        return sums.mapValues { ($0.total / $0.gpu, $0.runs) }
    }

    /// The maximum power key of a VM's GPU (`gpu.t4.tdp_w`), when the VM type names a known GPU.
    package static func deviceMaximumKey(vm: String) -> (key: String, name: String)? {
        if vm.contains("a100") { return ("gpu.a100_pcie_80gb.tdp_w", "A100") }
        if vm.contains("a10") { return ("gpu.a10.tdp_w", "A10") }
        if vm.contains("t4") { return ("gpu.t4.tdp_w", "T4") }
        return nil
    }

    /// Applies the measurements of the cells' month.
    ///
    /// A cell's best-covering measurement wins; at equal coverage, one at the server boundary (the usage log's
    /// `energy_wh`) before GPU telemetry, which needs the server overhead multiplied in. With ``CellMeasurement/GapFill/model`` the cell's server energy is the measured part
    /// (device energy × the server overhead) plus `1 − coverage` of its modelled energy, drawn; with
    /// ``CellMeasurement/GapFill/measuredRate`` the measured energy is extrapolated to the whole cell. Measured idle
    /// energy (``MeasuredIdle``) replaces the service's modelled idle power (``IdleCalibration``).
    package static func apply(
        cells input: [CellBasis], measurements: [CellMeasurement], idle: [MeasuredIdle] = [],
        overheads: [String: (ratio: Double, runs: Int)], specs: [ServiceModelSpec], workload: WorkloadAssumptions,
        forecast: ForecastConfig, factors: ReferenceFactors
    ) -> Result {
        var cells = input
        for index in cells.indices {
            guard let spec = specs.first(where: { $0.service.id == cells[index].key.service }), spec.overheadKey != nil
            else { continue }
            cells[index].measuredServerOverhead = overheads[spec.service.id]?.ratio
        }
        // Modelled server energy per file at central factors, before calibration (one file where none is planned).
        let model = CarbonModel(workload: workload, forecast: forecast, specs: specs, cells: cells)
        var scenario = model.baseScenario
        for cell in cells { scenario.files[cell.key] = max(cell.files, 1) }
        let central = model.evaluate(scenario, factors: model.values(\.value, from: factors))
        func modelledPerFile(_ cell: CellBasis) -> Double {
            guard let spec = specs.first(where: { $0.service.id == cell.key.service }),
                let estimate = central[cell.key.service]?.cells[cell.key.language]
            else { return 0 }
            let pue = factors.factors[spec.pueKey]?.value ?? 1
            return estimate.dynamicKWh / pue / max(cell.files, 1)
        }

        var calibrations: [FactorCalibration] = []
        var diagnostics: [Diagnostic] = []
        for spec in specs {
            let id = spec.service.id
            let indices = cells.indices.filter { cells[$0].key.service == id }
            let overhead = spec.overheadKey.map { overheads[id]?.ratio ?? factors.factors[$0]?.value ?? 1 } ?? 1
            var measuredKWh = 0.0
            var modelledKWh = 0.0
            var totalModelled = 0.0
            var sources: Set<String> = []
            for index in indices {
                let cell = cells[index]
                let perFile = modelledPerFile(cell)
                totalModelled += perFile * cell.files
                // The best-covering source for the cell's month; sources are never summed (they measure the same work).
                let best =
                    measurements
                    .filter { $0.key == cell.key && $0.period == cell.period && $0.energyKWh > 0 && $0.coverage > 0 }
                    .max { a, b in
                        // At equal coverage: the server boundary (no overhead multiplier to assume), then telemetry.
                        func rank(_ m: CellMeasurement) -> Int {
                            (m.boundary == .server ? 2 : 0) + (m.gapFill == .model ? 1 : 0)
                        }
                        return (a.coverage, rank(a), b.source) < (b.coverage, rank(b), a.source)
                    }
                guard let best, cell.files > 0, perFile > 0 else { continue }
                let serverKWh = best.boundary == .server ? best.energyKWh : best.energyKWh * overhead
                let covered = perFile * cell.files * best.coverage
                switch best.gapFill {
                case .measuredRate:
                    cells[index].serverKWhPerFile = serverKWh / best.coverage / cell.files
                case .model:
                    cells[index].serverKWhPerFile = serverKWh / cell.files
                    cells[index].modelledEnergyShare = 1 - best.coverage
                }
                cells[index].measuredServerKWh = serverKWh
                cells[index].energyBasis = best.coverage >= measuredCoverage ? .measured : .calibrated
                cells[index].energyCoverage = best.coverage
                cells[index].calibratedWorkKey = spec.workKeys.first
                cells[index].calibrationRatio = serverKWh / covered
                cells[index].measurementSources = [best.source]
                measuredKWh += serverKWh
                modelledKWh += covered
                sources.insert(best.source)
            }
            guard measuredKWh > 0, modelledKWh > 0, let workKey = spec.workKeys.first else { continue }
            let ratio = measuredKWh / modelledKWh
            for index in indices where cells[index].energyBasis == .modelled {
                cells[index].energyBasis = .calibrated
                cells[index].serverKWhPerFile = modelledPerFile(cells[index]) * ratio
                cells[index].calibratedWorkKey = workKey
                cells[index].calibrationRatio = ratio
                cells[index].measurementSources = sources.sorted()
            }
            let builtIn = factors.factors[workKey]?.value ?? 0
            calibrations.append(
                FactorCalibration(
                    service: id, period: cells[indices.first ?? 0].period, factorKey: workKey,
                    builtInValue: builtIn,
                    calibratedValue: builtIn * ratio, ratio: ratio, measuredKWh: measuredKWh, modelledKWh: modelledKWh,
                    coverage: totalModelled > 0 ? min(1, modelledKWh / totalModelled) : 0, sources: sources.sorted()))
        }
        diagnostics += impossibleFactors(
            cells: input, specs: specs, central: central, overheads: overheads, factors: factors)
        let idleCalibrations = calibrateIdle(
            cells: &cells, idle: idle, overheads: overheads, specs: specs, workload: workload, forecast: forecast,
            factors: factors, diagnostics: &diagnostics)
        return Result(
            cells: cells, calibrations: calibrations, overheads: overheads, diagnostics: diagnostics,
            idleCalibrations: idleCalibrations)
    }

    /// Replaces the modelled idle power of every service with measured idle energy in the cells' month; the
    /// calibration is carried on each of the service's cells (``CellBasis/measuredIdle``).
    private static func calibrateIdle(
        cells: inout [CellBasis], idle: [MeasuredIdle], overheads: [String: (ratio: Double, runs: Int)],
        specs: [ServiceModelSpec], workload: WorkloadAssumptions, forecast: ForecastConfig, factors: ReferenceFactors,
        diagnostics: inout [Diagnostic]
    ) -> [IdleCalibration] {
        let period = cells.first { $0.period != nil }?.period
        let ofMonth = idle.filter { $0.period == period }
        guard !ofMonth.isEmpty else { return [] }
        // The idle VM-hours the model counts in the month, with the cells' energy as calibrated.
        let model = CarbonModel(workload: workload, forecast: forecast, specs: specs, cells: cells)
        let central = model.evaluate(model.baseScenario, factors: model.values(\.value, from: factors))
        var result: [IdleCalibration] = []
        for spec in specs {
            guard let measured = ofMonth.first(where: { $0.service == spec.service.id }),
                let estimate = central[spec.service.id]
            else { continue }
            // The busy hours of the logged work only: assumed volumes did not run on the measured GPUs.
            let logged = Set(
                cells.filter { $0.key.service == spec.service.id && $0.source == .usageLog }.map(\.key.language))
            let busy = estimate.cells.keys.sorted().filter(logged.contains).reduce(0) {
                $0 + (estimate.cells[$1]?.busyHours ?? 0)
            }
            let overhead =
                spec.overheadKey.map { overheads[spec.service.id]?.ratio ?? factors.factors[$0]?.value ?? 1 } ?? 1
            guard
                let calibration = IdleCalibration.make(
                    measured, spec: spec, idleHours: estimate.reservedHours - busy, overhead: overhead,
                    factors: factors)
            else {
                var note = Diagnostic.note(
                    measured.sources.first ?? MeasuredEnergyAllocator.diagnosticSource,
                    "\(spec.service.id): the model counts no idle hour in \(period.map(\.description) ?? "the month") (busy \(busy) h of \(estimate.reservedHours) h reserved); its measured idle energy \(measured.gpuIdleKWh) kWh does not replace \(spec.idleKey)"
                )
                note.code = "measured_idle_no_idle_hours"
                note.parameters = [
                    "service": spec.service.id, "busy": "\(busy)", "reserved": "\(estimate.reservedHours)",
                    "kwh": "\(measured.gpuIdleKWh)", "key": spec.idleKey,
                ]
                diagnostics.append(note)
                continue
            }
            for index in cells.indices where cells[index].key.service == spec.service.id {
                cells[index].measuredIdle = calibration
            }
            result.append(calibration)
        }
        return result
    }

    /// Warns where a work factor needs more than the GPU's maximum power over the usage log's busy time.
    private static func impossibleFactors(
        cells: [CellBasis], specs: [ServiceModelSpec], central: [String: ServiceEstimate],
        overheads: [String: (ratio: Double, runs: Int)], factors: ReferenceFactors
    ) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for spec in specs where spec.service.hardware.device == "gpu" {
            guard let device = deviceMaximumKey(vm: spec.service.hardware.vm),
                let maximum = factors.factors[device.key]?.highOrValue, let workKey = spec.workKeys.first,
                let overheadKey = spec.overheadKey
            else { continue }
            let pue = factors.factors[spec.pueKey]?.value ?? 1
            let overhead = overheads[spec.service.id]?.ratio ?? factors.factors[overheadKey]?.value ?? 1
            var deviceKWh = 0.0
            var busyHours = 0.0
            for cell in cells where cell.key.service == spec.service.id && cell.source == .usageLog {
                guard let busy = cell.busyHoursPerFile, busy > 0,
                    let estimate = central[cell.key.service]?.cells[cell.key.language]
                else { continue }
                let failedKWh =
                    cell.failedBusyHoursPerFile * cell.files * (factors.factors[spec.busyKey]?.value ?? 0) / 1000
                deviceKWh += max(0, estimate.dynamicKWh / pue - failedKWh) / overhead
                busyHours += busy * cell.files
            }
            guard busyHours > 0 else { continue }
            let watts = deviceKWh * 1000 / busyHours
            if watts > maximum {
                let value = factors.factors[workKey]?.value ?? 0
                var warning = Diagnostic.warning(
                    "data/reference-factors.csv",
                    "\(spec.service.id): \(workKey) = \(format(value)) implies \(format(watts, digits: 1)) W on the \(device.name) over the usage log's busy GPU time, above its maximum of \(format(maximum, digits: 0)) W (\(device.key)); the factor is physically impossible for the declared hardware"
                )
                warning.code = "impossible_factor"
                warning.parameters = [
                    "service": spec.service.id, "key": workKey, "value": format(value),
                    "watts": format(watts, digits: 1), "device": device.name, "maximum": format(maximum, digits: 0),
                    "maximumKey": device.key,
                ]
                diagnostics.append(warning)
            }
        }
        return diagnostics
    }

    private static func format(_ value: Double, digits: Int? = nil) -> String {
        if let digits { return String(format: "%.\(digits)f", value) }
        return String(format: "%g", value)
    }
}
