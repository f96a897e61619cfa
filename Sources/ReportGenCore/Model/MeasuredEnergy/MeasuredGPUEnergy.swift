import Foundation

/// Measured GPU energy of the reporting month, allocated to service × language with each service's idle line: what
/// the ledger stage hands to the pack (and, once the carbon model has a measured path per cell, to the model).
///
/// Units: kWh of GPU board energy as measured (DCGM counter or power integral), before server overhead and PUE.
package struct MeasuredGPUEnergy: Sendable {
    /// One service's measured GPUs over the month.
    package struct ServiceSummary: Sendable, Hashable {
        package var service: String
        /// Work and idle energy, kWh.
        package var workKWh: Double
        package var idleKWh: Double
        /// The mean coverage of its GPUs over the month's hours, 0 to 1.
        package var coverage: Double
        package var gpuCount: Int
        package var gapCount: Int
        package var resetCount: Int
        /// How idle was told apart from work on its GPUs (`idle power from hours without work`, …), sorted.
        package var idleMethods: [String]
        /// The files its series came from, sorted.
        package var sources: [String]
        /// How its GPUs' energy was measured: `dcgm_counter`, `power_integral` (DCGM power gauge), `nvidia-smi`
        /// (power integral of an nvidia-smi log) or `mixed` when its GPUs differ.
        package var method: String

        /// Idle over all its measured energy, 0 to 1; 0 when nothing was measured.
        package var idleShare: Double { workKWh + idleKWh > 0 ? idleKWh / (workKWh + idleKWh) : 0 }
    }

    package let period: YearMonth
    let allocation: MeasuredEnergyAllocation
    let hours: Range<UTCHour>
    /// The files read as nvidia-smi logs; every other measurement file is DCGM via Prometheus.
    let nvidiaSMIFiles: Set<String>
    /// The files of each GPU's series.
    let sourcesByGPU: [GPUIdentity: [String]]
    /// Per service that has a measured GPU, in service order.
    package let services: [ServiceSummary]
    /// What the allocation noticed (idle method per GPU, unmapped GPUs, work without a measured GPU).
    package let diagnostics: [Diagnostic]
    /// Per service and language, the work over every hour of the month (measured or not), in the basis' unit: the
    /// denominator of a cell's measured share.
    let workTotals: [String: [String: Double]]

    /// The energy measured for a cell's work, kWh; `nil` when none of the service's GPUs was measured.
    package func energyKWh(service: String, language: String) -> Double? {
        guard services.contains(where: { $0.service == service }) else { return nil }
        return allocation.energyKWh(service: service, language: language)
    }

    /// A service's idle line, kWh; `nil` when none of its GPUs was measured.
    package func idleKWh(service: String) -> Double? {
        services.first { $0.service == service }?.idleKWh
    }

    /// The energy of GPUs no rule maps, kWh.
    package var unallocatedKWh: Double { allocation.unallocatedKWh }

    /// Every line's energy, kWh.
    package var totalKWh: Double { allocation.totalKWh }

    /// The basis work was counted in: `busy-gpu-seconds` or `requests`.
    package var basis: String { allocation.basis.rawValue }

    /// Per hour of the month (UTC, in order): work, idle and unallocated energy over every GPU, kWh.
    package var hourly: [(startSeconds: Double, workKWh: Double, idleKWh: Double, unallocatedKWh: Double)] {
        hours.map { hour in
            (
                hour.startSeconds, allocation.hourlyWorkKWh[hour] ?? 0, allocation.hourlyIdleKWh[hour] ?? 0,
                allocation.hourlyUnallocatedKWh[hour] ?? 0
            )
        }
    }

    /// Runs the calculator and the allocator for one month.
    /// - Parameters:
    ///   - series: every measurement file's series.
    ///   - usage: the per-request usage logs' hours.
    ///   - config: services (their `match` hosts, gpu_uuids, pods), shared resources, time zone, `measurements:`.
    ///   - serviceOfUsage: the ReportGen service of a usage-log service and endpoint.
    ///   - period: the reporting month, in the workspace's time zone.
    ///   - nvidiaSMIFiles: the files read as nvidia-smi logs.
    ///   - hasMonthlyRollup: whether usage for the month comes from a monthly rollup (which has no hours).
    /// - Returns: `nil` when no measurement file was read.
    static func compute(
        series: MeasuredSeriesSet, usage: HourlyUsage, config: WorkspaceConfig,
        serviceOfUsage: (String, String) -> String?, period: YearMonth, nvidiaSMIFiles: Set<String>,
        hasMonthlyRollup: Bool
    ) -> MeasuredGPUEnergy? {
        let (merged, mergeNotes) = series.merged()
        guard !merged.isEmpty else { return nil }
        let (energy, energyNotes) = GPUEnergyCalculator.compute(merged, options: config.measurements.options)
        let hours = UTCHour.hours(of: period, in: config.timeZone)
        let work = HourlyWorkTable(usage: usage, hours: hours, service: serviceOfUsage)
        let rules = MeasuredEnergyRule.rules(services: config.services, shared: config.sharedResources)
        let allocation = MeasuredEnergyAllocator.allocate(energy: energy, rules: rules, work: work, hours: hours)
        var diagnostics = mergeNotes + energyNotes + allocation.diagnostics
        let source = MeasuredEnergyAllocator.diagnosticSource
        if work.services.isEmpty {
            diagnostics.append(
                .note(
                    source,
                    "\(period): no per-request usage log has requests in the month\(hasMonthlyRollup ? " (a monthly rollup has no hours)" : ""); its measured GPU energy cannot be split by work and is all idle: measured allocation covers only months with a per-request log"
                ))
        } else if work.basis == .requestCount {
            diagnostics.append(
                .note(
                    source,
                    "\(period): the usage log has no gpu_seconds; measured GPU energy is split by request counts (an hour with requests is all work)"
                ))
        }
        let sourcesByGPU = Dictionary(energy.map { ($0.identity, $0.sources) }) { $0 + $1 }
        var summaries: [ServiceSummary] = []
        for service in config.services.map(\.id) {
            let gpus = allocation.gpus.filter { $0.services.contains(service) }
            guard !gpus.isEmpty else { continue }
            let workKWh = allocation.lines.filter { $0.kind == .work && $0.service == service }.reduce(0) {
                $0 + $1.energyKWh
            }
            let sources = gpus.flatMap { sourcesByGPU[$0.identity] ?? [] }
            let methods = Set(
                gpus.map { gpu -> String in
                    let files = sourcesByGPU[gpu.identity] ?? []
                    if !files.isEmpty && files.allSatisfy({ nvidiaSMIFiles.contains($0) }) { return "nvidia-smi" }
                    return gpu.method == .counter ? "dcgm_counter" : "power_integral"
                })
            summaries.append(
                ServiceSummary(
                    service: service, workKWh: workKWh, idleKWh: allocation.idleKWh(service: service),
                    coverage: gpus.reduce(0) { $0 + $1.coverage } / Double(gpus.count), gpuCount: gpus.count,
                    gapCount: gpus.reduce(0) { $0 + $1.gapCount }, resetCount: gpus.reduce(0) { $0 + $1.resetCount },
                    idleMethods: Array(Set(gpus.compactMap { $0.idleMethod?.rawValue })).sorted(),
                    sources: Array(Set(sources)).sorted(), method: methods.count == 1 ? methods.first ?? "" : "mixed"))
        }
        var workTotals: [String: [String: Double]] = [:]
        let workServices = work.services
        for hour in hours {
            for service in workServices {
                for (language, amount) in work.work(hour: hour, service: service) {
                    workTotals[service, default: [:]][language, default: 0] += amount
                }
            }
        }
        return MeasuredGPUEnergy(
            period: period, allocation: allocation, hours: hours, nvidiaSMIFiles: nvidiaSMIFiles,
            sourcesByGPU: sourcesByGPU, services: summaries,
            diagnostics: diagnostics, workTotals: workTotals)
    }

    /// The measurement as `emissions.csv` rows: `method` `measured`, one per service, language (`idle` for the idle
    /// line) and month, then the unallocated line. `kwh` is the GPU energy as measured, before server overhead and
    /// PUE; kgCO2e is that energy × the service's regional grid factor, named in the provenance with the files and
    /// series. These rows are listed beside the other sources' records, not added to the month's totals.
    package func emissionRecords(services: [ServiceConfig], factors: ReferenceFactors) -> [EmissionRecord] {
        allocation.lines.map { line in
            let gpus = allocation.gpus.filter {
                line.kind == .unallocated ? $0.services.isEmpty : $0.services.contains(line.service)
            }
            let files = Array(Set(gpus.flatMap { sourcesByGPU[$0.identity] ?? [] })).sorted()
            let isNvidiaSMI = !files.isEmpty && files.allSatisfy { nvidiaSMIFiles.contains($0) }
            let region = services.first { $0.id == line.service }?.region
            let key = region.map { "grid.\($0).gco2e_per_kwh" }
            let factor = key.flatMap { factors.factors[$0] }
            var series = gpus.map { "\($0.method.rawValue) \($0.identity)" }.joined(separator: "; ")
            if let key, let factor {
                series += "; kgCO2e = kWh × \(key) \(factor.value) \(factor.unit), before server overhead and PUE"
            }
            var record = EmissionRecord(
                period: period, service: line.service, language: line.language ?? "",
                source: isNvidiaSMI ? .nvidiaSMI : .dcgm, scope: .operational, energyKWh: line.energyKWh,
                kgCO2e: factor.map { line.energyKWh * $0.value / 1000 }, method: .measured, basis: .location,
                provenance: Provenance(file: files.joined(separator: " + "), series: series))
            record.identifiers.display["measuredLine"] = line.kind.rawValue
            if let key, factor != nil { record.identifiers.display["gridFactor"] = key }
            return record
        }
    }
}
