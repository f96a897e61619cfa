/// A service's measured GPU energy of one month as Scope 2 (location-based operational emissions), the column the
/// reconciliation compares like with like with the provider's Scope 1+2: the GPUs' energy as measured, the server
/// overhead the model adds on the work (CPU and RAM), the host's idle power added on idle, the PUE, the grid factor.
/// Each step is named. Units: kWh, kgCO2e.
package struct MeasuredOperational: Sendable, Codable, Hashable {
    /// How the GPUs were measured: `dcgm_counter`, `power_integral`, `nvidia-smi` or `mixed`.
    package var method: String
    /// GPU energy of the work and of idle, as measured.
    package var gpuWorkKWh: Double
    package var gpuIdleKWh: Double
    /// The multiplier on the work's GPU energy for CPU and RAM, and where it comes from (a factor key, or
    /// `codecarbon` for the ratio CodeCarbon measured on the service's VM).
    package var serverOverhead: Double
    package var serverOverheadSource: String
    /// The host's idle energy beyond the GPU in the measured hours, and how it is found.
    package var hostIdleKWh: Double
    package var hostIdleMethod: HostIdleMethod
    /// Server energy before PUE: work × overhead + GPU idle + host idle.
    package var serverKWh: Double
    package var pue: Double
    package var pueKey: String
    package var gridKey: String
    package var gridGCO2ePerKWh: Double
    /// serverKWh × pue × grid ÷ 1,000.
    package var kgCO2e: Double
    /// The share of the month's hours measured, 0…1: the rest is not in this figure.
    package var coverage: Double

    /// The figure of one service from its measured summary and, where the model counts idle hours, its idle
    /// calibration (which gives the host's idle power).
    package static func make(
        _ summary: MeasuredGPUEnergy.ServiceSummary, spec: ServiceModelSpec, idle: IdleCalibration?,
        measuredOverhead: Double?, factors: ReferenceFactors
    ) -> MeasuredOperational {
        let overheadKey = spec.overheadKey
        let overhead = measuredOverhead ?? overheadKey.flatMap { factors.factors[$0]?.value } ?? 1
        let source = measuredOverhead != nil ? "codecarbon" : overheadKey ?? "none"
        let hostIdle = idle?.hostIdleKWh ?? summary.idleKWh * max(0, overhead - 1)
        let server = summary.workKWh * overhead + summary.idleKWh + hostIdle
        let pue = factors.factors[spec.pueKey]?.value ?? 1
        let grid = factors.factors[spec.gridKey]?.value ?? 0
        return MeasuredOperational(
            method: summary.method, gpuWorkKWh: summary.workKWh, gpuIdleKWh: summary.idleKWh,
            serverOverhead: overhead, serverOverheadSource: source, hostIdleKWh: hostIdle,
            hostIdleMethod: idle?.hostMethod ?? .overheadMultiplier, serverKWh: server, pue: pue, pueKey: spec.pueKey,
            gridKey: spec.gridKey, gridGCO2ePerKWh: grid, kgCO2e: server * pue * grid / 1000,
            coverage: summary.coverage)
    }

    /// Compares the measured Scope 2 with the provider's Scope 1+2 (`providerKg × (1 − scope3Share)`), under
    /// ``ComponentComparison/rule``: Microsoft's Scope 1+2 is market-based, so the measurement may lie above it by
    /// at most its whole figure; hours the telemetry missed may put it below, by at most the model's operational
    /// emissions of those hours.
    package func compare(scope12Kg: Double, modelOperationalKg: Double, tolerance: Double) -> ComponentComparison {
        .compare(
            model: kgCO2e, reference: scope12Kg, tolerance: tolerance,
            candidates: [
                .init(cause: .marketVersusLocation, sign: 1, maximumKg: kgCO2e),
                .init(cause: .partialMeasurement, sign: -1, maximumKg: (1 - coverage) * modelOperationalKg),
            ])
    }
}

extension MeasuredOperational {
    /// Several services' figures as one (the reconciliation's row for all services): energies and kgCO2e added;
    /// overhead, PUE and grid factor as the energy-weighted means; keys and methods joined. `nil` for none.
    package static func sum(_ parts: [MeasuredOperational]) -> MeasuredOperational? {
        guard let first = parts.first else { return nil }
        guard parts.count > 1 else { return first }
        func joined(_ values: [String]) -> String {
            var unique: [String] = []
            for value in values where !unique.contains(value) { unique.append(value) }
            return unique.joined(separator: " + ")
        }
        let work = parts.reduce(0) { $0 + $1.gpuWorkKWh }
        let server = parts.reduce(0) { $0 + $1.serverKWh }
        let facility = parts.reduce(0) { $0 + $1.serverKWh * $1.pue }
        let kg = parts.reduce(0) { $0 + $1.kgCO2e }
        let methods = Set(parts.map(\.method))
        let hostMethods = Set(parts.map(\.hostIdleMethod))
        let gpuTotal = parts.reduce(0) { $0 + $1.gpuWorkKWh + $1.gpuIdleKWh }
        return MeasuredOperational(
            method: methods.count == 1 ? first.method : "mixed", gpuWorkKWh: work,
            gpuIdleKWh: parts.reduce(0) { $0 + $1.gpuIdleKWh },
            serverOverhead: work > 0 ? parts.reduce(0) { $0 + $1.gpuWorkKWh * $1.serverOverhead } / work : 1,
            serverOverheadSource: joined(parts.map(\.serverOverheadSource)),
            hostIdleKWh: parts.reduce(0) { $0 + $1.hostIdleKWh },
            hostIdleMethod: hostMethods.count == 1 ? first.hostIdleMethod : .vmIdleLessGPUIdle, serverKWh: server,
            pue: server > 0 ? facility / server : first.pue, pueKey: joined(parts.map(\.pueKey)),
            gridKey: joined(parts.map(\.gridKey)), gridGCO2ePerKWh: facility > 0 ? kg * 1000 / facility : 0,
            kgCO2e: kg,
            coverage: gpuTotal > 0
                ? parts.reduce(0) { $0 + $1.coverage * ($1.gpuWorkKWh + $1.gpuIdleKWh) } / gpuTotal
                : parts.reduce(0) { $0 + $1.coverage } / Double(parts.count))
    }
}

extension ReconciliationRow {
    /// Attaches the GPU telemetry's Scope 2 and compares it with the provider's Scope 1+2 where the provider gives
    /// the scope split. Where the telemetry is the whole measured figure, the partial-measurement note follows its
    /// coverage of hours.
    package mutating func attachMeasuredGPU(_ gpu: MeasuredOperational?, tolerance: Double) {
        guard let gpu else { return }
        measuredGPU = gpu
        if let providerKg, let providerScope3Share {
            measuredScope12 = gpu.compare(
                scope12Kg: providerKg * (1 - providerScope3Share), modelOperationalKg: components.operationalKg,
                tolerance: tolerance)
        }
        if let measuredKg, abs(measuredKg - gpu.kgCO2e) <= 1e-9 * max(1, measuredKg) {
            measurementNotes.removeAll { $0 == .partialMeasurement }
            if gpu.coverage < EnergyCalibration.measuredCoverage { measurementNotes.insert(.partialMeasurement, at: 0) }
        }
    }
}

extension CarbonAssessment {
    /// The measured Scope 2 of every service GPU telemetry measured in `measured`'s month.
    static func measuredOperational(
        _ measured: MeasuredGPUEnergy?, specs: [ServiceModelSpec], calibration: EnergyCalibration.Result,
        factors: ReferenceFactors
    ) -> [String: MeasuredOperational] {
        guard let measured else { return [:] }
        var result: [String: MeasuredOperational] = [:]
        for summary in measured.services {
            guard let spec = specs.first(where: { $0.service.id == summary.service }) else { continue }
            result[summary.service] = .make(
                summary, spec: spec, idle: calibration.idleCalibrations.first { $0.service == summary.service },
                measuredOverhead: spec.overheadKey == nil ? nil : calibration.overheads[summary.service]?.ratio,
                factors: factors)
        }
        return result
    }
}
