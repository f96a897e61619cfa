/// The options a service may run under in a plan: as today; each allowed work lever (smaller model, quantisation,
/// region move) alone and with each allowed capacity lever (scale to zero, minimum replicas, scheduled hours); off;
/// and, as a guest on another service's GPU, co-location.
///
/// At most (1 + work levers) × (1 + capacity levers) + 1 options a service, and (1 + 2 work levers) co-location
/// options per feasible host: the enumeration stays bounded whatever the configuration.
package struct ServiceOptions: Sendable {
    /// Service id → its options, as today first and off last.
    package let options: [String: [ServiceOption]]
    /// Guest service id → its co-location options, each naming its host (``ServiceOption/host``).
    package let coLocations: [String: [ServiceOption]]
    /// Service id → why a lever is not offered or what to check, as translation keys.
    package let notes: [String: [Reason]]
    /// Model id (lower case) → GB of GPU memory it needs, and VM type → GB its GPU has, from the factor table.
    package let modelMemoryGB: [String: Double]
    package let vmMemoryGB: [String: Double]

    /// The (model, region) variants the options need, for ``PlanEvaluator``.
    package func variants(of services: [ServiceConfig]) -> [String: [(model: String, region: String)]] {
        var result: [String: [(model: String, region: String)]] = [:]
        for service in services {
            result[service.id] = ((options[service.id] ?? []) + (coLocations[service.id] ?? [])).compactMap { option in
                option.model != nil || option.region != nil
                    ? (option.model ?? service.model, option.region ?? service.region) : nil
            }
        }
        return result
    }

    package static let smallerModels: [String: String] = [
        "whisper-large-v3": "whisper-large-v3-turbo", "whisper-medium": "whisper-small",
        "nllb-200-3.3b": "nllb-200-distilled-600m", "nllb-200-1.3b": "nllb-200-distilled-600m",
    ]
    /// The real-time factors of the quantisation lever (faster-whisper on a V100S): int8 ÷ fp16.
    package static let quantisationKeys = (
        quantised: "whisper-large-v2.faster-whisper-int8.v100s.rtf",
        full: "whisper-large-v2.faster-whisper-fp16.v100s.rtf"
    )
    /// The factor key of a model's GPU memory need, and of a VM's GPU memory.
    package static func memoryKey(model: String) -> String { "gpu_memory_gb.\(model.lowercased())" }
    package static func memoryKey(vm: String) -> String { "vm.\(vm).gpu_memory_gb" }

    /// The options of every service, from the `decisions` slice, the reference factors and the usage log's hours.
    /// - Parameter profile: busy time by weekday and hour; without it, no scheduled-hours option.
    package init(
        services: [ServiceConfig], rules: DecisionRules, factors: ReferenceFactors,
        profile: WeeklyBusyProfile? = nil
    ) {
        var options: [String: [ServiceOption]] = [:]
        var coLocations: [String: [ServiceOption]] = [:]
        var notes: [String: [Reason]] = [:]
        var modelMemory: [String: Double] = [:]
        var vmMemory: [String: Double] = [:]
        for (key, factor) in factors.factors {
            if key.hasPrefix("gpu_memory_gb.") {
                modelMemory[String(key.dropFirst("gpu_memory_gb.".count))] = factor.value
            }
            if key.hasPrefix("vm."), key.hasSuffix(".gpu_memory_gb") {
                vmMemory[String(key.dropFirst(3).dropLast(".gpu_memory_gb".count))] = factor.value
            }
        }
        var workLevers: [String: [ServiceOption]] = [:]
        for service in services {
            let allowed = rules.levers(for: service.id)
            let (work, workNotes) = Self.workLevers(service, allowed: allowed, rules: rules, factors: factors)
            workLevers[service.id] = work
            var serviceNotes = workNotes
            var capacity: [ServiceOption] = []
            if allowed.contains(.scaleToZero) {
                capacity.append(
                    ServiceOption(levers: [.scaleToZero], detail: "730 h → \(1 + rules.scaleToZeroMargin) × busy h"))
                serviceNotes.append(Reason(key: "lever_note_cold_start"))
            }
            let floor = rules.minReplicas(for: service.id)
            if allowed.contains(.minReplicas), floor < service.hardware.count {
                capacity.append(
                    ServiceOption(
                        levers: [.minReplicas], minReplicas: floor,
                        detail:
                            "\(service.hardware.count) VMs → max(\(floor) × 730 h, \(1 + rules.scaleToZeroMargin) × busy h)"
                    ))
            }
            if allowed.contains(.scheduledHours), let hours = rules.serviceHours(for: service.id) {
                if let shares = profile?.insideShares(service: service.id, hours: hours) {
                    let overall = shares["*"] ?? 1
                    var option = ServiceOption(levers: [.scheduledHours], schedule: hours)
                    option.keptShares = shares
                    option.detail = "\(hours.text); \(percentText(overall)) of busy time inside"
                    capacity.append(option)
                    if overall < 1 {
                        serviceNotes.append(
                            Reason(key: "lever_note_schedule_loss", values: ["share": percentText(1 - overall)]))
                    }
                } else {
                    serviceNotes.append(Reason(key: "lever_note_schedule_no_log"))
                }
            }
            var list: [ServiceOption] = [.asIs] + capacity
            for lever in work {
                list.append(lever)
                for policy in capacity {
                    var combined = policy
                    combined.levers = lever.levers + policy.levers
                    combined.model = lever.model
                    combined.region = lever.region
                    combined.energyScale = lever.energyScale
                    combined.detail = lever.detail + "; " + policy.detail
                    list.append(combined)
                }
            }
            list.append(.dropped)
            options[service.id] = list
            notes[service.id] = serviceNotes
        }
        for guest in services where rules.levers(for: guest.id).contains(.coLocation) {
            for host in services where host.id != guest.id && rules.levers(for: host.id).contains(.coLocation) {
                guard host.hardware.vm == guest.hardware.vm, host.hardware.device == "gpu",
                    guest.hardware.device == "gpu"
                else { continue }
                guard modelMemory[guest.model.lowercased()] != nil, vmMemory[host.hardware.vm] != nil else {
                    notes[guest.id, default: []].append(
                        Reason(key: "lever_note_colocation_memory", values: ["host": host.id]))
                    continue
                }
                let moves = normalisedRegion(host.region) != normalisedRegion(guest.region)
                var base = ServiceOption(levers: [.coLocation], region: host.region, host: host.id)
                base.detail = "GPU of \(host.id)" + (moves ? "; \(guest.region) → \(host.region)" : "")
                var list = [base]
                for lever in (workLevers[guest.id] ?? []) where !lever.levers.contains(.regionMove) {
                    var combined = lever
                    combined.levers = lever.levers + [.coLocation]
                    combined.region = host.region
                    combined.host = host.id
                    combined.detail = lever.detail + "; " + base.detail
                    list.append(combined)
                }
                coLocations[guest.id, default: []] += list
            }
        }
        self.options = options
        self.coLocations = coLocations
        self.notes = notes
        self.modelMemoryGB = modelMemory
        self.vmMemoryGB = vmMemory
    }

    /// A service's options, then its co-location options whose models fit beside each host's model of today.
    package func allOptions(of service: ServiceConfig, among services: [ServiceConfig]) -> [ServiceOption] {
        (options[service.id] ?? [])
            + (coLocations[service.id] ?? []).filter { option in
                guard let host = services.first(where: { $0.id == option.host }) else { return false }
                return memoryFits(host.model, option.model ?? service.model, vm: host.hardware.vm)
            }
    }

    /// Whether two models fit together in the GPU memory of a VM type; `false` when a figure is missing.
    package func memoryFits(_ first: String, _ second: String, vm: String) -> Bool {
        guard let a = modelMemoryGB[first.lowercased()], let b = modelMemoryGB[second.lowercased()],
            let capacity = vmMemoryGB[vm]
        else { return false }
        return a + b <= capacity
    }

    /// The work levers of a service (smaller model, quantisation, region move) the factors allow, with their notes.
    static func workLevers(
        _ service: ServiceConfig, allowed: [ServiceOption.Lever], rules: DecisionRules, factors: ReferenceFactors
    ) -> ([ServiceOption], [Reason]) {
        var levers: [ServiceOption] = []
        var notes: [Reason] = []
        let model = service.model.lowercased()
        if allowed.contains(.smallerModel), let target = Self.smallerModels[model],
            (try? ServiceModelSpec.make(for: modified(service) { $0.model = target }, factors: factors)) != nil
        {
            levers.append(ServiceOption(levers: [.smallerModel], model: target, detail: "\(service.model) → \(target)"))
            notes.append(Reason(key: "lever_note_quality"))
        }
        if allowed.contains(.quantisation), model.hasPrefix("whisper") {
            let keys = Self.quantisationKeys
            if let a = factors.factors[keys.quantised]?.value, let b = factors.factors[keys.full]?.value, b > 0 {
                if a < b {
                    levers.append(
                        ServiceOption(levers: [.quantisation], energyScale: a / b, detail: "int8 (faster-whisper)"))
                } else {
                    notes.append(Reason(key: "lever_note_int8", values: ["int8": "\(a)", "fp16": "\(b)"]))
                }
            }
        } else if allowed.contains(.quantisation), model.hasPrefix("mistral") {
            notes.append(Reason(key: "lever_note_q4"))
        }
        let region = normalisedRegion(service.region)
        if allowed.contains(.regionMove), region != normalisedRegion(rules.targetRegion),
            (try? ServiceModelSpec.make(for: modified(service) { $0.region = rules.targetRegion }, factors: factors))
                != nil
        {
            levers.append(
                ServiceOption(
                    levers: [.regionMove], region: rules.targetRegion,
                    detail: "\(service.region) → \(rules.targetRegion)"))
        }
        return (levers, notes)
    }

    private static func modified(_ service: ServiceConfig, _ change: (inout ServiceConfig) -> Void) -> ServiceConfig {
        var copy = service
        change(&copy)
        return copy
    }
}

/// `87 %`: a share for a lever's detail (the pack localises its digits).
private func percentText(_ share: Double) -> String { "\(Int((share * 100).rounded())) %" }
