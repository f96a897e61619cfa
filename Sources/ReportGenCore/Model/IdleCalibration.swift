/// Idle energy measured on a service's GPUs in one month (hours without work, and the idle seconds of hours with
/// some): the input of the idle calibration. Units: kWh of GPU board energy, before the host's share and PUE.
package struct MeasuredIdle: Sendable, Hashable {
    package var service: String
    package var period: YearMonth
    package var gpuIdleKWh: Double
    /// The share of the month's hours its GPUs were measured, 0…1.
    package var coverage: Double
    /// The files the energy comes from.
    package var sources: [String]

    package init(service: String, period: YearMonth, gpuIdleKWh: Double, coverage: Double, sources: [String]) {
        self.service = service
        self.period = period
        self.gpuIdleKWh = gpuIdleKWh
        self.coverage = min(1, max(0, coverage))
        self.sources = sources
    }
}

/// How the host's idle power beyond the GPU (CPU, RAM) is added to a measured GPU idle power.
package enum HostIdleMethod: String, Sendable, Hashable, Codable, CaseIterable {
    /// The VM's idle power less its GPU's idle power, both from the factor table (`vm.….idle_w − gpu.….idle_w`).
    case vmIdleLessGPUIdle = "vm_idle_less_gpu_idle"
    /// No GPU idle factor for the VM: the GPU idle power × (server overhead − 1), the work's multiplier.
    case overheadMultiplier = "overhead_multiplier"
}

/// How measured idle energy replaced a service's modelled idle power (the VM's reserved capacity no request uses):
/// idle stays the service's, never a cell's.
///
/// The measured GPU idle power per VM is the idle energy over the idle VM-hours the model counts in the measured
/// hours, `gpuIdleKWh × 1000 ÷ (coverage × idleHours)`; the host's idle power is added by ``hostMethod``. The model
/// then uses, per idle VM-hour, `coverage × (GPU + host idle power)` as measured (fixed across draws) plus
/// `(1 − coverage) ×` the VM's idle factor (drawn): the hours the telemetry missed are filled by the model.
package struct IdleCalibration: Sendable, Hashable, Codable {
    package var service: String
    package var period: YearMonth?
    /// The VM idle power factor the measurement replaces, and its central value, W.
    package var idleKey: String
    package var builtInWatts: Double
    /// GPU idle energy measured in the month, kWh.
    package var gpuIdleKWh: Double
    /// The model's idle VM-hours of the month: reserved − busy.
    package var idleHours: Double
    /// The measured GPU idle power per VM, W.
    package var gpuIdleWatts: Double
    /// The host's idle power beyond the GPU per VM, W, how it is found and the factors it reads.
    package var hostIdleWatts: Double
    package var hostMethod: HostIdleMethod
    package var hostKeys: [String]
    /// The share of the month's hours measured, 0…1.
    package var coverage: Double
    package var sources: [String]

    /// The measured part of the idle power per VM the model uses (GPU and host, before PUE), W.
    package var measuredServerWatts: Double { coverage * (gpuIdleWatts + hostIdleWatts) }
    /// The share of the idle power the model fills in from ``idleKey`` (drawn), 0…1.
    package var modelledShare: Double { 1 - coverage }
    /// The measured part of the month's server idle energy, before PUE, kWh: the GPU's and the host's added.
    package var measuredServerKWh: Double { measuredServerWatts * idleHours / 1000 }
    /// The host's idle energy in the measured hours, kWh.
    package var hostIdleKWh: Double { coverage * hostIdleWatts * idleHours / 1000 }

    /// The GPU idle power factor of a VM type (`gpu.t4.idle_w`), when its name names a known GPU.
    package static func gpuIdleKey(vm: String) -> String? {
        if vm.contains("a100") { return "gpu.a100.idle_w" }
        if vm.contains("a10") { return "gpu.a10.idle_w" }
        if vm.contains("t4") { return "gpu.t4.idle_w" }
        return nil
    }

    /// Calibrates a service's idle power from its measured idle energy.
    /// - Parameters:
    ///   - idleHours: the model's idle VM-hours of the month (reserved − busy), central evaluation.
    ///   - overhead: the server overhead the work uses (CodeCarbon's measured ratio or the factor).
    /// - Returns: `nil` when the model counts no idle hours or nothing was measured.
    package static func make(
        _ measured: MeasuredIdle, spec: ServiceModelSpec, idleHours: Double, overhead: Double,
        factors: ReferenceFactors
    ) -> IdleCalibration? {
        guard idleHours > 0, measured.coverage > 0, measured.gpuIdleKWh >= 0 else { return nil }
        let gpuWatts = measured.gpuIdleKWh * 1000 / (measured.coverage * idleHours)
        let vmIdle = factors.factors[spec.idleKey]?.value ?? 0
        var host = (watts: gpuWatts * max(0, overhead - 1), method: HostIdleMethod.overheadMultiplier, keys: [String]())
        if let overheadKey = spec.overheadKey { host.keys = [overheadKey] }
        if let key = gpuIdleKey(vm: spec.service.hardware.vm), let gpuIdle = factors.factors[key]?.value,
            vmIdle >= gpuIdle
        {
            host = (vmIdle - gpuIdle, .vmIdleLessGPUIdle, [spec.idleKey, key])
        }
        return IdleCalibration(
            service: spec.service.id, period: measured.period, idleKey: spec.idleKey, builtInWatts: vmIdle,
            gpuIdleKWh: measured.gpuIdleKWh, idleHours: idleHours, gpuIdleWatts: gpuWatts, hostIdleWatts: host.watts,
            hostMethod: host.method, hostKeys: host.keys, coverage: measured.coverage, sources: measured.sources)
    }
}
