import Foundation
import Yams

/// Reading `services`, their `match` rules and `shared_resources`.
extension WorkspaceConfig {
    package static func parseService(_ node: Node, path: String, reader: YAMLReader) -> ServiceConfig? {
        let entries = reader.mapping(
            node, path,
            allowed: ["id", "name", "model", "region", "functional_unit", "business_value", "match", "hardware"])
        func get(_ key: String) -> Node? { reader.value(entries, key) }
        let id = reader.requiredString(get("id"), "\(path).id", parent: node)
        if let id, id.isEmpty || id.contains("/") || id.contains(" ") {
            reader.fail(get("id"), "\(path).id", "expected an identifier without spaces or slashes, found \(id)")
        }
        let model = reader.requiredString(get("model"), "\(path).model", parent: node)
        let region = reader.requiredString(get("region"), "\(path).region", parent: node)
        let unitText = reader.requiredString(get("functional_unit"), "\(path).functional_unit", parent: node)
        let unit = unitText.flatMap(FunctionalUnit.init(rawValue:))
        if let unitText, unit == nil {
            reader.fail(
                get("functional_unit"), "\(path).functional_unit",
                "expected one of \(FunctionalUnit.allCases.map(\.rawValue).joined(separator: ", ")), found \(unitText)")
        }
        let value = reader.integer(
            get("business_value"), "\(path).business_value", range: 1...5, expected: "an integer from 1 to 5")
        if get("business_value") == nil {
            reader.fail(node, "\(path).business_value", "missing; expected an integer from 1 to 5")
        }
        let match = parseMatch(get("match"), path: "\(path).match", reader: reader)
        var hardware = ServiceHardware()
        let hardwareEntries = reader.mapping(
            get("hardware"), "\(path).hardware", allowed: ["vm", "count", "device", "hours_per_month"])
        if let vm = reader.string(reader.value(hardwareEntries, "vm"), "\(path).hardware.vm") {
            hardware.vm = vm.lowercased()
        }
        hardware.count =
            reader.integer(
                reader.value(hardwareEntries, "count"), "\(path).hardware.count", range: 0...1000,
                expected: "a number of VMs from 0 to 1000") ?? 1
        if let device = reader.string(reader.value(hardwareEntries, "device"), "\(path).hardware.device") {
            if ["gpu", "cpu"].contains(device) {
                hardware.device = device
            } else {
                reader.fail(
                    reader.value(hardwareEntries, "device"), "\(path).hardware.device",
                    "expected gpu or cpu, found \(device)")
            }
        }
        hardware.declaredHoursPerMonth = reader.number(
            reader.value(hardwareEntries, "hours_per_month"), "\(path).hardware.hours_per_month", range: 0...744,
            expected: "hours from 0 to 744")
        hardware.hoursPerMonth = hardware.declaredHoursPerMonth ?? 730
        guard let id, let model, let region, let unit, let value else { return nil }
        let (name, names) = parseLocalisedName(get("name"), path: "\(path).name", reader: reader, fallback: id)
        var service = ServiceConfig(
            id: id, name: name, model: model, region: region, functionalUnit: unit, businessValue: value, match: match,
            hardware: hardware, line: node.mark?.line)
        service.localisedNames = names
        return service
    }

    /// Reads a `name` that is either text or a mapping from ISO 639-1 codes to text (`{fr: Traduction, en:
    /// Translation}`): the name shown in a language missing from the mapping is its English one, else its first.
    /// - Returns: the default name and the names by language.
    package static func parseLocalisedName(
        _ node: Node?, path: String, reader: YAMLReader, fallback: String
    ) -> (String, [String: String]) {
        guard let node else { return (fallback, [:]) }
        guard case .mapping = node else { return (reader.string(node, path) ?? fallback, [:]) }
        var names: [String: String] = [:]
        var first: String?
        for (key, value) in reader.mapping(node, path) {
            guard key.count == 2, key.allSatisfy({ $0.isASCII && $0.isLowercase }) else {
                reader.fail(value, "\(path).\(key)", "expected an ISO 639-1 code such as fr, found \(key)")
                continue
            }
            guard let text = reader.string(value, "\(path).\(key)") else { continue }
            names[key] = text
            if first == nil { first = text }
        }
        return (names["en"] ?? first ?? fallback, names)
    }

    package static let matchKeys = [
        "subscriptions", "resource_groups", "resource_ids", "resource_types", "cloud_services", "regions", "tags",
        "codecarbon_projects", "codecarbon_experiments", "usage_services", "endpoints", "hosts", "gpu_uuids", "pods",
    ]

    /// The keys that match measured GPUs rather than records.
    package static let gpuMatchKeys = ["hosts", "gpu_uuids", "pods"]

    package static func parseMatch(_ node: Node?, path: String, reader: YAMLReader) -> MatchRules {
        guard let node else { return MatchRules() }
        if case .sequence = node {
            return MatchRules(
                clauses: reader.sequence(node, path).enumerated().map {
                    parseClause($1, path: "\(path)[\($0)]", reader: reader)
                })
        }
        // A mapping: each key is an alternative of its own.
        let whole = parseClause(node, path: path, reader: reader, keysAreAlternatives: true)
        var clauses: [MatchClause] = []
        let lists: [WritableKeyPath<MatchClause, [String]>] = [
            \.subscriptions, \.resourceGroups, \.resourceIds, \.resourceTypes, \.cloudServices, \.regions,
            \.codecarbonProjects, \.codecarbonExperiments, \.usageServices, \.endpoints, \.hosts, \.gpuUUIDs, \.pods,
        ]
        for list in lists where !whole[keyPath: list].isEmpty {
            var clause = MatchClause()
            clause[keyPath: list] = whole[keyPath: list]
            clauses.append(clause)
        }
        for (key, value) in whole.tags.sorted(by: { $0.key < $1.key }) {
            var clause = MatchClause()
            clause.tags = [key: value]
            clauses.append(clause)
        }
        return MatchRules(clauses: clauses)
    }

    /// Reads one clause; `keysAreAlternatives` for the mapping form of `match`, whose keys become clauses of their own
    /// (so GPU keys may sit beside record keys there).
    package static func parseClause(_ node: Node, path: String, reader: YAMLReader, keysAreAlternatives: Bool = false)
        -> MatchClause
    {
        let entries = reader.mapping(node, path, allowed: matchKeys)
        func list(_ key: String) -> [String] { reader.strings(reader.value(entries, key), "\(path).\(key)") }
        var clause = MatchClause()
        clause.subscriptions = list("subscriptions")
        clause.resourceGroups = list("resource_groups")
        clause.resourceIds = list("resource_ids")
        clause.resourceTypes = list("resource_types")
        clause.cloudServices = list("cloud_services")
        clause.regions = list("regions")
        clause.codecarbonProjects = list("codecarbon_projects")
        clause.codecarbonExperiments = list("codecarbon_experiments")
        clause.usageServices = list("usage_services")
        clause.endpoints = list("endpoints")
        clause.hosts = gpuGlobs(entries, "hosts", path: path, reader: reader)
        clause.gpuUUIDs = gpuGlobs(entries, "gpu_uuids", path: path, reader: reader)
        clause.pods = gpuGlobs(entries, "pods", path: path, reader: reader)
        for (key, value) in reader.mapping(reader.value(entries, "tags"), "\(path).tags") {
            if let text = reader.string(value, "\(path).tags.\(key)") { clause.tags[key] = text }
        }
        if clause == MatchClause() {
            reader.fail(node, path, "expected at least one rule (\(matchKeys.joined(separator: ", ")))")
        }
        let recordKeys = entries.map(\.key).filter { !gpuMatchKeys.contains($0) }.sorted()
        if !keysAreAlternatives, clause.matchesGPUs, let first = recordKeys.first {
            reader.fail(
                reader.value(entries, first), "\(path).\(first)",
                "hosts, gpu_uuids and pods match measured GPUs, not records: expected them in a clause of their own, found \(recordKeys.joined(separator: ", ")) beside them"
            )
        }
        return clause
    }

    /// A list of GPU globs (`hosts`, `gpu_uuids`, `pods`), each checked: not empty, no spaces, and a UUID glob
    /// starting as NVIDIA writes UUIDs (`GPU-`, `MIG-`) or with a wildcard.
    private static func gpuGlobs(
        _ entries: [(key: String, node: Node)], _ key: String, path: String, reader: YAMLReader
    )
        -> [String]
    {
        let node = reader.value(entries, key)
        let globs = reader.strings(node, "\(path).\(key)")
        for (index, glob) in globs.enumerated() {
            let upper = glob.uppercased()
            if glob.isEmpty || glob.contains(where: \.isWhitespace) {
                reader.fail(node, "\(path).\(key)[\(index)]", "expected a glob without spaces, found \"\(glob)\"")
            } else if key == "gpu_uuids",
                !(upper.hasPrefix("GPU-") || upper.hasPrefix("MIG-") || glob.first == "*"
                    || glob.first == "?")
            {
                reader.fail(
                    node, "\(path).\(key)[\(index)]",
                    "expected a GPU UUID glob as nvidia-smi and DCGM write them (GPU-5b8e1c2a-…, MIG-…, or starting with *), found \(glob)"
                )
            }
        }
        return globs
    }

    package static func parseShared(_ node: Node, path: String, reader: YAMLReader, serviceIDs: Set<String>)
        -> SharedResource?
    {
        let entries = reader.mapping(node, path, allowed: ["name", "match", "services", "allocation", "shares"])
        let name = reader.string(reader.value(entries, "name"), "\(path).name") ?? "shared resource"
        let services = reader.strings(reader.value(entries, "services"), "\(path).services")
        for (index, service) in services.enumerated() where !serviceIDs.contains(service) {
            reader.fail(
                reader.value(entries, "services"), "\(path).services[\(index)]",
                "expected a service id declared under services, found \(service)")
        }
        if services.count < 2 {
            reader.fail(node, "\(path).services", "expected at least two services to share the resource")
        }
        let keyNode = reader.value(entries, "allocation")
        let keyText = reader.string(keyNode, "\(path).allocation") ?? "busy_gpu_seconds"
        let allocation: AllocationKey
        switch keyText {
        case "busy_gpu_seconds": allocation = .busyGPUSeconds
        case "requests": allocation = .requests
        case "reserved_vm_hours": allocation = .reservedVMHours
        case "fixed_shares":
            let shares = reader.numbers(
                reader.value(entries, "shares"), "\(path).shares", range: 0...1, expected: "a share from 0 to 1")
            if abs(shares.values.reduce(0, +) - 1) > 1e-6 {
                reader.fail(
                    reader.value(entries, "shares") ?? node, "\(path).shares",
                    "expected shares summing to 1, found \(shares.values.reduce(0, +))")
            }
            allocation = .fixedShares(shares)
        default:
            reader.fail(
                keyNode, "\(path).allocation",
                "expected busy_gpu_seconds, requests, reserved_vm_hours or fixed_shares, found \(keyText)")
            return nil
        }
        return SharedResource(
            name: name, match: parseMatch(reader.value(entries, "match"), path: "\(path).match", reader: reader),
            services: services, allocation: allocation)
    }
}
