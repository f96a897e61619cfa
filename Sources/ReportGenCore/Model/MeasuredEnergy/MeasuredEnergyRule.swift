/// Maps measured GPUs to a service by their identity: the `services[].match.hosts / gpu_uuids / pods` keys of
/// `reportgen.yaml` once wired, one rule per match clause.
///
/// Like a clause of the config's `match`, every non-empty list must match (a list matches when any of its globs
/// does, case-insensitively, `*` and `?`); several rules for one service are alternatives. A rule whose lists are
/// all empty matches nothing.
struct MeasuredEnergyRule: Sendable, Hashable {
    var serviceID: String
    var hostGlobs: [String]
    var gpuUUIDGlobs: [String]
    var podGlobs: [String]

    init(serviceID: String, hostGlobs: [String] = [], gpuUUIDGlobs: [String] = [], podGlobs: [String] = []) {
        self.serviceID = serviceID
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
