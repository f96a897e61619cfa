/// Which GPU a measured series belongs to, read from its labels whatever their case or vintage.
///
/// DCGM exporter renamed `Hostname` to `hostname` (dcgm-exporter #655), writes `UUID` and `modelName` in mixed case,
/// and gains `pod`/`namespace`/`container` when its Kubernetes mapping is on. When Prometheus scrapes it without
/// `honor_labels`, the workload's labels clash with the target's own and arrive as `exported_pod`,
/// `exported_namespace`, `exported_container`: those win over the plain names. Label names are compared without case.
///
/// Two series with equal identities are one GPU's series and are merged; labels outside the identity (`job`,
/// `instance`, `DCGM_FI_DRIVER_VERSION`, …) do not split a series.
struct GPUIdentity: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The host (VM or node) name.
    var host: String?
    /// The GPU's UUID, `GPU-…`.
    var uuid: String?
    /// The GPU index on its host (`gpu` label, nvidia-smi `index`).
    var gpuIndex: String?
    /// The GPU model (`modelName`, nvidia-smi `name`).
    var modelName: String?
    /// The Kubernetes pod using the GPU.
    var pod: String?
    var namespace: String?
    var container: String?
    /// PCI bus id, `00000000:00:1E.0`.
    var pciBusID: String?
    /// The device node, `nvidia0`.
    var device: String?
    /// The MIG instance, when the series is one (`GPU_I_ID`).
    var gpuInstanceID: String?

    /// A label name as a key: lower case.
    private static func key(_ name: String) -> String { name.lowercased() }

    /// Label names tried in order for each field.
    static let hostLabels = ["hostname", "host", "node", "kubernetes_node", "nodename"]
    static let uuidLabels = ["uuid", "gpu_uuid"]
    static let gpuIndexLabels = ["gpu", "index", "minor_number"]
    static let modelNameLabels = ["modelname", "gpu_name"]
    static let podLabels = ["exported_pod", "pod", "pod_name"]
    static let namespaceLabels = ["exported_namespace", "namespace", "pod_namespace"]
    static let containerLabels = ["exported_container", "container", "container_name"]
    static let pciBusIDLabels = ["pci_bus_id", "pci.bus_id"]
    static let deviceLabels = ["device"]
    static let gpuInstanceIDLabels = ["gpu_i_id"]

    /// Builds an identity from all the fields given.
    init(
        host: String? = nil, uuid: String? = nil, gpuIndex: String? = nil, modelName: String? = nil,
        pod: String? = nil, namespace: String? = nil, container: String? = nil, pciBusID: String? = nil,
        device: String? = nil, gpuInstanceID: String? = nil
    ) {
        self.host = host
        self.uuid = uuid
        self.gpuIndex = gpuIndex
        self.modelName = modelName
        self.pod = pod
        self.namespace = namespace
        self.container = container
        self.pciBusID = pciBusID
        self.device = device
        self.gpuInstanceID = gpuInstanceID
    }

    /// Reads an identity from a series' labels, names compared without case. Empty values count as absent. When no
    /// host label is present, Prometheus's `instance` (the scrape target) stands for the host.
    /// - Parameter labels: the series' labels, `__name__` included or not.
    init(labels: [String: String]) {
        var folded: [String: String] = [:]
        // Sorted so that, should a file carry both `Hostname` and `hostname`, the pick does not depend on hashing.
        for name in labels.keys.sorted() {
            guard let value = labels[name], !value.isEmpty else { continue }
            let key = Self.key(name)
            if folded[key] == nil { folded[key] = value }
        }
        func first(_ names: [String]) -> String? { names.lazy.compactMap { folded[$0] }.first }
        self.init(
            host: first(Self.hostLabels) ?? folded["instance"], uuid: first(Self.uuidLabels),
            gpuIndex: first(Self.gpuIndexLabels), modelName: first(Self.modelNameLabels), pod: first(Self.podLabels),
            namespace: first(Self.namespaceLabels), container: first(Self.containerLabels),
            pciBusID: first(Self.pciBusIDLabels), device: first(Self.deviceLabels),
            gpuInstanceID: first(Self.gpuInstanceIDLabels))
    }

    /// Whether anything tells this GPU apart from another.
    var isEmpty: Bool { self == GPUIdentity() }

    private var fields: [(String, String?)] {
        [
            ("host", host), ("uuid", uuid), ("gpu", gpuIndex), ("mig", gpuInstanceID), ("pod", pod),
            ("namespace", namespace), ("container", container), ("model", modelName), ("pci_bus_id", pciBusID),
            ("device", device),
        ]
    }

    /// `host=vm-1 uuid=GPU-… gpu=0 …`, the fields present in a fixed order: stable, for messages and sorting.
    var description: String {
        let present = fields.compactMap { name, value in value.map { "\(name)=\($0)" } }
        return present.isEmpty ? "(no GPU labels)" : present.joined(separator: " ")
    }

    static func < (a: GPUIdentity, b: GPUIdentity) -> Bool { a.description < b.description }
}
