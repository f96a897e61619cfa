import Foundation

/// Splits measured GPU energy between services and languages, hour by hour, by the work each did. Pure: no file,
/// clock or configuration of its own.
///
/// For each GPU and each hour of `hours`:
/// - The GPU's services are those of the rules that match it, of the lowest ``MeasuredEnergyRule/tier`` that does
///   (services' own rules before shared resources', as for records). None: the hour's energy goes to the unallocated line
///   (never dropped). One: the GPU is the service's. Several: the GPU is shared.
/// - A service's work in the hour is spread evenly over its GPUs measured in that hour (the usage log does not say
///   which GPU served a request; spreading over measured GPUs only keeps a pod restart, which renames a series
///   mid-month, from halving the work). Work in an hour when none of its GPUs was measured is reported in
///   ``MeasuredEnergyAllocation/unmeasuredWork`` and gets no energy.
/// - With busy seconds, idle is physical (``MeasuredEnergyAllocation/IdleMethod/idlePowerFromHoursWithoutWork``):
///   the GPU's idle power is the median power of its hours measured throughout with no work on it, and an hour's
///   idle energy is that power × its idle seconds (the measured seconds less the busy share); the rest of the hour's
///   energy goes to the work, split by busy seconds between services and languages. When the idle estimate exceeds
///   the hour's energy, idle takes the whole hour and the work none (a warning counts those hours). A GPU with no
///   such hour falls back to the time split (``MeasuredEnergyAllocation/IdleMethod/timeSplit``): the share
///   `min(1, busy / 3600)` of the hour's energy goes to the work. Each GPU's method is named in a note. With
///   request counts, an hour with any request is wholly work (split by counts) and an hour without is wholly idle.
/// - An hour without work is wholly idle, whatever the method.
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
            let matching = rules.filter { $0.matches(gpu.identity) }
            let tier = matching.map(\.tier).min()
            return Array(Set(matching.filter { $0.tier == tier }.map(\.serviceID))).sorted()
        }
        var gpusOfService: [String: [Int]] = [:]
        for (index, services) in servicesOfGPU.enumerated() {
            for service in services { gpusOfService[service, default: []].append(index) }
        }
        // Computed once: the table's services are a sorted set over every hour.
        let services = work.services
        for service in services where gpusOfService[service] == nil {
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
            for service in services {
                let languages = work.work(hour: hour, service: service)
                guard !languages.isEmpty else { continue }
                let total = languages.sorted { $0.key < $1.key }.reduce(0) { $0 + $1.value }
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
        var hourlyWork: [UTCHour: Double] = [:]
        var hourlyIdle: [UTCHour: Double] = [:]
        var hourlyUnallocated: [UTCHour: Double] = [:]
        var summaries: [MeasuredEnergyAllocation.GPUSummary] = []
        for (index, gpu) in gpus.enumerated() {
            let services = servicesOfGPU[index]
            let total = gpu.energyKWh(in: hours)
            var gpuIdle = 0.0
            var workOverHours: [String: Double] = [:]
            var overfullHours: [UTCHour] = []
            var summaryIdle: (MeasuredEnergyAllocation.IdleMethod?, Double?) = (nil, nil)
            if services.isEmpty {
                unallocated += total
                for hour in hours { hourlyUnallocated[hour, default: 0] += gpu.energyKWhByHour[hour] ?? 0 }
                if total > 0 {
                    diagnostics.append(
                        .warning(
                            gpu.sources.first ?? "",
                            "GPU \(gpu.identity) matches no service's hosts, gpu_uuids or pods; its \(total) kWh go to the unallocated line"
                        ))
                }
            } else {
                // Idle power from the GPU's own hours measured throughout with no work on it.
                let idleHourWatts = hours.compactMap { hour -> Double? in
                    guard (gpu.coveredSecondsByHour[hour] ?? 0) >= 3600 - 1e-6, work.basis == .busySeconds,
                        (workOnGPU[index][hour] ?? [:]).values.allSatisfy({ $0.values.allSatisfy { $0 <= 0 } })
                    else { return nil }
                    return (gpu.energyKWhByHour[hour] ?? 0) * 3.6e6 / 3600
                }.sorted()
                let idleWatts = idleHourWatts.isEmpty ? nil : median(idleHourWatts)
                let idleMethod: MeasuredEnergyAllocation.IdleMethod =
                    work.basis == .requestCount
                    ? .hoursWithoutRequests : idleWatts == nil ? .timeSplit : .idlePowerFromHoursWithoutWork
                var clampedHours: [UTCHour] = []
                for hour in hours {
                    let hourKWh = gpu.energyKWhByHour[hour] ?? 0
                    let onGPU = workOnGPU[index][hour] ?? [:]
                    // Summed in key order: a dictionary's order changes between runs, and outputs must not.
                    let amount = onGPU.sorted { $0.key < $1.key }.reduce(0) { sum, entry in
                        entry.value.sorted { $0.key < $1.key }.reduce(sum) { $0 + $1.value }
                    }
                    guard amount > 0 else {
                        gpuIdle += hourKWh
                        hourlyIdle[hour, default: 0] += hourKWh
                        continue
                    }
                    var hourIdle: Double
                    switch work.basis {
                    case .busySeconds:
                        if services.count > 1, amount > 3600 + 1e-9 { overfullHours.append(hour) }
                        let busyShare = min(1, amount / 3600)
                        if let idleWatts {
                            let idleSeconds = (gpu.coveredSecondsByHour[hour] ?? 0) * (1 - busyShare)
                            hourIdle = idleWatts * idleSeconds / 3.6e6
                            if hourIdle > hourKWh {
                                if hourIdle - hourKWh > 1e-12 * max(1, hourKWh) { clampedHours.append(hour) }
                                hourIdle = hourKWh
                            }
                        } else {
                            hourIdle = hourKWh * (1 - busyShare)
                        }
                    case .requestCount:
                        hourIdle = 0
                    }
                    gpuIdle += hourIdle
                    let hourWork = max(0, hourKWh - hourIdle)
                    hourlyIdle[hour, default: 0] += hourIdle
                    hourlyWork[hour, default: 0] += hourWork
                    for (service, languages) in onGPU {
                        for (language, part) in languages {
                            var cell = workKWh[service, default: [:]][language] ?? (0, 0)
                            cell.energy += hourWork * part / amount
                            cell.amount += part
                            workKWh[service, default: [:]][language] = cell
                            workOverHours[service, default: 0] += part
                        }
                    }
                }
                let source = gpu.sources.first ?? ""
                switch idleMethod {
                case .idlePowerFromHoursWithoutWork:
                    diagnostics.append(
                        .note(
                            source,
                            "GPU \(gpu.identity): idle power \(watts(idleWatts ?? 0)) W, the median of its \(idleHourWatts.count) hour\(idleHourWatts.count == 1 ? "" : "s") measured throughout without work; idle = that power × the idle seconds of each hour, the rest of the hour's energy is work (method \(idleMethod.rawValue))"
                        ))
                case .timeSplit:
                    diagnostics.append(
                        .note(
                            source,
                            "GPU \(gpu.identity): no hour measured throughout without work to estimate its idle power; idle is the share of each hour without busy seconds (method \(idleMethod.rawValue))"
                        ))
                case .hoursWithoutRequests:
                    break
                }
                if let first = clampedHours.first {
                    diagnostics.append(
                        .warning(
                            source,
                            "GPU \(gpu.identity): in \(clampedHours.count) hour\(clampedHours.count == 1 ? "" : "s") (first \(first)) its idle power \(watts(idleWatts ?? 0)) W × the idle seconds exceeds the energy measured; expected at most the hour's energy; idle takes the whole hour and the work none (clamped, never negative)"
                        ))
                }
                summaryIdle = (idleMethod, idleWatts)
                if let first = overfullHours.first {
                    diagnostics.append(
                        .warning(
                            gpu.sources.first ?? "",
                            "shared GPU \(gpu.identity): the busy time of \(services.joined(separator: " and ")) exceeds 3600 s in \(overfullHours.count) hour\(overfullHours.count == 1 ? "" : "s") (first \(first)); those hours' energy is all work, none idle"
                        ))
                }
                let totalWork = workOverHours.valuesInKeyOrder.reduce(0, +)
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
                    idleKWh: services.isEmpty ? 0 : gpuIdle, idleMethod: summaryIdle.0, idlePowerWatts: summaryIdle.1,
                    coverage: gpu.coverage(in: hours),
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
            basis: work.basis, lines: lines, gpus: summaries, unmeasuredWork: unmeasuredWork,
            hourlyWorkKWh: hourlyWork, hourlyIdleKWh: hourlyIdle, hourlyUnallocatedKWh: hourlyUnallocated,
            diagnostics: diagnostics)
    }

    /// The median of sorted values (the mean of the middle two for an even count).
    private static func median(_ sorted: [Double]) -> Double {
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// Watts for messages: three decimals at most, trailing zeros dropped.
    private static func watts(_ value: Double) -> String {
        var text = String(format: "%.3f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
