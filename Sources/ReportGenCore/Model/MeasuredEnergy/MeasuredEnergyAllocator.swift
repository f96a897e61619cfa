/// Splits measured GPU energy between services and languages, hour by hour, by the work each did. Pure: no file,
/// clock or configuration of its own.
///
/// For each GPU and each hour of `hours`:
/// - The GPU's services are those of the rules that match it. None: the hour's energy goes to the unallocated line
///   (never dropped). One: the GPU is the service's. Several: the GPU is shared.
/// - A service's work in the hour is spread evenly over its GPUs measured in that hour (the usage log does not say
///   which GPU served a request; spreading over measured GPUs only keeps a pod restart, which renames a series
///   mid-month, from halving the work). Work in an hour when none of its GPUs was measured is reported in
///   ``MeasuredEnergyAllocation/unmeasuredWork`` and gets no energy.
/// - With busy seconds, the share `min(1, busy / 3600)` of the hour's energy goes to the work, split by busy
///   seconds between services and languages; the rest is idle. With request counts, an hour with any request is
///   wholly work (split by counts) and an hour without is wholly idle.
/// - A dedicated GPU's idle energy is its service's idle line. A shared GPU's idle energy is split between its
///   services by their share of its work over all the hours allocated (the month): each service carries the idle
///   time of the capacity it uses, and an hour without work still lands on a service the decision pack can act on.
///   When none of them worked at all, the split is equal and a note says so.
///
/// Busy time above the wall clock (3,600 s × the service's GPUs, or 3,600 s on one shared GPU) is a warning: the
/// work then takes the whole hour's energy and no idle.
enum MeasuredEnergyAllocator {
    /// What diagnostics about the allocation as a whole name as their file.
    static let diagnosticSource = "measured GPU energy"

    /// Allocates the energy of `hours`.
    /// - Parameters:
    ///   - energy: per-GPU hourly energy (``GPUEnergyCalculator/compute(_:options:)``).
    ///   - rules: the mapping of GPUs to services.
    ///   - work: the work per hour, service and language.
    ///   - hours: the hours to allocate, usually ``UTCHour/hours(of:in:)`` of the pack's month.
    /// - Returns: the lines (summing to the GPUs' energy over `hours`), a summary per GPU and diagnostics.
    /// - Complexity: O(GPUs × hours × services).
    static func allocate(
        energy: [GPUHourlyEnergy], rules: [MeasuredEnergyRule], work: HourlyWorkTable, hours: Range<UTCHour>
    ) -> MeasuredEnergyAllocation {
        var diagnostics: [Diagnostic] = []
        let gpus = energy.sorted { $0.identity < $1.identity }
        let servicesOfGPU = gpus.map { gpu in
            Array(Set(rules.filter { $0.matches(gpu.identity) }.map(\.serviceID))).sorted()
        }
        var gpusOfService: [String: [Int]] = [:]
        for (index, services) in servicesOfGPU.enumerated() {
            for service in services { gpusOfService[service, default: []].append(index) }
        }
        for service in work.services where gpusOfService[service] == nil {
            diagnostics.append(
                .warning(
                    diagnosticSource,
                    "service \(service) has work in the usage log but no measured GPU is mapped to it (services[].match hosts, gpu_uuids, pods); its work gets no measured energy"
                ))
        }
        // Work per GPU, service and language over the hours, spread as the type's documentation says.
        var workOnGPU = [[UTCHour: [String: [String: Double]]]](repeating: [:], count: gpus.count)
        var unmeasuredWork: [String: Double] = [:]
        var overfullServiceHours: [String: (count: Int, first: UTCHour, busy: Double)] = [:]
        for hour in hours {
            for service in work.services {
                let languages = work.work(hour: hour, service: service)
                guard !languages.isEmpty else { continue }
                let total = languages.values.reduce(0, +)
                let mapped = gpusOfService[service] ?? []
                if work.basis == .busySeconds, !mapped.isEmpty, total > 3600 * Double(mapped.count) + 1e-9 {
                    let previous = overfullServiceHours[service]
                    overfullServiceHours[service] = (
                        (previous?.count ?? 0) + 1, previous?.first ?? hour,
                        previous?.busy ?? total
                    )
                }
                let measured = mapped.filter { gpus[$0].isMeasured(hour) }
                guard !measured.isEmpty else {
                    unmeasuredWork[service, default: 0] += total
                    continue
                }
                let share = 1 / Double(measured.count)
                for index in measured {
                    for (language, amount) in languages {
                        workOnGPU[index][hour, default: [:]][service, default: [:]][language, default: 0] +=
                            amount * share
                    }
                }
            }
        }
        for service in overfullServiceHours.keys.sorted() {
            guard let item = overfullServiceHours[service] else { continue }
            let count = gpusOfService[service]?.count ?? 0
            diagnostics.append(
                .warning(
                    diagnosticSource,
                    "service \(service): busy GPU time exceeds the wall clock of its \(count) GPU\(count == 1 ? "" : "s") in \(item.count) hour\(item.count == 1 ? "" : "s") (first \(item.first): \(item.busy) s for \(3600 * count) s); those hours' energy is all work, none idle"
                ))
        }
        var workKWh: [String: [String: (energy: Double, amount: Double)]] = [:]
        var idleKWh: [String: Double] = [:]
        var unallocated = 0.0
        var summaries: [MeasuredEnergyAllocation.GPUSummary] = []
        for (index, gpu) in gpus.enumerated() {
            let services = servicesOfGPU[index]
            let total = gpu.energyKWh(in: hours)
            var gpuIdle = 0.0
            var workOverHours: [String: Double] = [:]
            var overfullHours: [UTCHour] = []
            if services.isEmpty {
                unallocated += total
                if total > 0 {
                    diagnostics.append(
                        .warning(
                            gpu.sources.first ?? "",
                            "GPU \(gpu.identity) matches no service's hosts, gpu_uuids or pods; its \(total) kWh go to the unallocated line"
                        ))
                }
            } else {
                for hour in hours {
                    let hourKWh = gpu.energyKWhByHour[hour] ?? 0
                    let onGPU = workOnGPU[index][hour] ?? [:]
                    let amount = onGPU.values.reduce(0) { $0 + $1.values.reduce(0, +) }
                    let workShare: Double
                    switch work.basis {
                    case .busySeconds:
                        if services.count > 1, amount > 3600 + 1e-9 { overfullHours.append(hour) }
                        workShare = min(1, amount / 3600)
                    case .requestCount:
                        workShare = amount > 0 ? 1 : 0
                    }
                    gpuIdle += hourKWh * (1 - workShare)
                    guard amount > 0 else { continue }
                    for (service, languages) in onGPU {
                        for (language, part) in languages {
                            var cell = workKWh[service, default: [:]][language] ?? (0, 0)
                            cell.energy += hourKWh * workShare * part / amount
                            cell.amount += part
                            workKWh[service, default: [:]][language] = cell
                            workOverHours[service, default: 0] += part
                        }
                    }
                }
                if let first = overfullHours.first {
                    diagnostics.append(
                        .warning(
                            gpu.sources.first ?? "",
                            "shared GPU \(gpu.identity): the busy time of \(services.joined(separator: " and ")) exceeds 3600 s in \(overfullHours.count) hour\(overfullHours.count == 1 ? "" : "s") (first \(first)); those hours' energy is all work, none idle"
                        ))
                }
                let totalWork = workOverHours.values.reduce(0, +)
                if services.count > 1, totalWork <= 0, gpuIdle > 0 {
                    diagnostics.append(
                        .note(
                            gpu.sources.first ?? "",
                            "shared GPU \(gpu.identity): none of \(services.joined(separator: ", ")) worked in the hours allocated; its idle energy is split equally"
                        ))
                }
                for service in services {
                    let share =
                        totalWork > 0 ? (workOverHours[service] ?? 0) / totalWork : 1 / Double(services.count)
                    idleKWh[service, default: 0] += gpuIdle * share
                }
            }
            summaries.append(
                MeasuredEnergyAllocation.GPUSummary(
                    identity: gpu.identity, method: gpu.method, services: services, energyKWh: total,
                    idleKWh: services.isEmpty ? 0 : gpuIdle, coverage: gpu.coverage(in: hours),
                    gapCount: gpu.gaps.count, resetCount: gpu.resets.count))
        }
        var lines: [MeasuredEnergyAllocation.Line] = []
        for service in Set(workKWh.keys).union(idleKWh.keys).sorted() {
            for (language, cell) in (workKWh[service] ?? [:]).sorted(by: { $0.key < $1.key }) {
                lines.append(
                    .init(
                        kind: .work, service: service, language: language, energyKWh: cell.energy,
                        workAmount: cell.amount))
            }
            if let idle = idleKWh[service] {
                lines.append(
                    .init(
                        kind: .idle, service: service, language: MeasuredEnergyAllocation.idleLanguage,
                        energyKWh: idle, workAmount: 0))
            }
        }
        if gpus.indices.contains(where: { servicesOfGPU[$0].isEmpty }) {
            lines.append(
                .init(
                    kind: .unallocated, service: ServiceMapping.unallocated, language: nil, energyKWh: unallocated,
                    workAmount: 0))
        }
        return MeasuredEnergyAllocation(
            basis: work.basis, lines: lines, gpus: summaries, unmeasuredWork: unmeasuredWork, diagnostics: diagnostics)
    }
}
