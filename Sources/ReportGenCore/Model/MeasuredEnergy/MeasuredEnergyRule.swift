/// Maps measured GPUs to a service by their identity: the `services[].match.hosts / gpu_uuids / pods` keys of
/// `reportgen.yaml`, one rule per match clause that has any of them (``MeasuredEnergyRule/rules(services:shared:)``).
///
/// Like a clause of the config's `match`, every non-empty list must match (a list matches when any of its globs
/// does, case-insensitively, `*` and `?`); several rules for one service are alternatives. A rule whose lists are
/// all empty matches nothing.
struct MeasuredEnergyRule: Sendable, Hashable {
    var serviceID: String
    var hostGlobs: [String]
    var gpuUUIDGlobs: [String]
    var podGlobs: [String]
    /// 0 for a service's own `match`, 1 + its index for a `shared_resources` entry's: a GPU belongs to the services
    /// of the lowest tier whose rules match it, as a record belongs to the first rule that matches.
    var tier: Int

    init(
        serviceID: String, hostGlobs: [String] = [], gpuUUIDGlobs: [String] = [], podGlobs: [String] = [],
        tier: Int = 0
    ) {
        self.serviceID = serviceID
        self.tier = tier
        self.hostGlobs = hostGlobs
        self.gpuUUIDGlobs = gpuUUIDGlobs
        self.podGlobs = podGlobs
    }

    /// Whether the rule claims the GPU.
    func matches(_ identity: GPUIdentity) -> Bool {
        guard !(hostGlobs.isEmpty && gpuUUIDGlobs.isEmpty && podGlobs.isEmpty) else { return false }
        func test(_ globs: [String], _ value: String?) -> Bool {
            guard !globs.isEmpty else { return true }
            guard let value else { return false }
            return globs.contains { globMatches($0, value) }
        }
        return test(hostGlobs, identity.host) && test(gpuUUIDGlobs, identity.uuid) && test(podGlobs, identity.pod)
    }
}

extension MeasuredEnergyRule {
    /// The rules of a workspace: one per `match` clause holding `hosts`, `gpu_uuids` or `pods`, services' at tier 0,
    /// then each shared resource's (for each of its services) at tier 1 + its index.
    static func rules(services: [ServiceConfig], shared: [SharedResource]) -> [MeasuredEnergyRule] {
        func rule(_ clause: MatchClause, service: String, tier: Int) -> MeasuredEnergyRule {
            MeasuredEnergyRule(
                serviceID: service, hostGlobs: clause.hosts, gpuUUIDGlobs: clause.gpuUUIDs, podGlobs: clause.pods,
                tier: tier)
        }
        var rules: [MeasuredEnergyRule] = []
        for service in services {
            for clause in service.match.clauses where clause.matchesGPUs {
                rules.append(rule(clause, service: service.id, tier: 0))
            }
        }
        for (index, resource) in shared.enumerated() {
            for clause in resource.match.clauses where clause.matchesGPUs {
                for service in resource.services { rules.append(rule(clause, service: service, tier: 1 + index)) }
            }
        }
        return rules
    }
}
