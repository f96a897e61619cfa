/// Assigns every record to a service, splits shared resources by their allocation key, and sends what no rule
/// matches to ``ServiceMapping/unallocated``: shown in the pack, never dropped.
package struct ServiceMapping: Sendable {
    /// The service id of records no rule matched.
    package static let unallocated = "unallocated"

    package let services: [ServiceConfig]
    package let shared: [SharedResource]
    package let languages: [String]

    /// Where a record goes.
    package enum Target: Equatable {
        case service(String)
        case shared(Int)
        case unallocated
    }

    /// Services first, in declaration order, then shared resources; the first match wins.
    package func target(for facts: RecordFacts) -> Target {
        if let service = services.first(where: { $0.match.matches(facts) }) { return .service(service.id) }
        if let index = shared.firstIndex(where: { $0.match.matches(facts) }) { return .shared(index) }
        return .unallocated
    }

    /// The ReportGen service of a usage-log key, or `nil` when no rule matches.
    package func service(forActivity key: ActivityKey) -> String? {
        let facts = RecordFacts(usageService: key.service, endpoint: key.endpoint)
        return services.first { $0.match.matches(facts) }?.id
    }

    /// The language a CodeCarbon project name ends with (`translation-fr-en` → `en`), if it is a workspace language.
    package func language(fromProject project: String?) -> String? {
        guard let project, let dash = project.lastIndex(of: "-") else { return nil }
        let suffix = String(project[project.index(after: dash)...]).lowercased()
        return languages.contains(suffix) ? suffix : nil
    }

    /// Usage activity per ReportGen service and month: the basis of the `requests` and `busy_gpu_seconds` keys.
    package func activityByService(_ ledger: ActivityLedger) -> [String: [YearMonth: Activity]] {
        var result: [String: [YearMonth: Activity]] = [:]
        for key in ledger.sortedKeys {
            guard let service = service(forActivity: key), let activity = ledger.totals[key] else { continue }
            result[service, default: [:]][key.period, default: Activity()].add(activity)
        }
        return result
    }

    /// Usage activity per ReportGen service, language and month: the volumes of the service × language cells.
    package func activityByServiceAndLanguage(_ ledger: ActivityLedger) -> [String: [String: [YearMonth: Activity]]] {
        var result: [String: [String: [YearMonth: Activity]]] = [:]
        for key in ledger.sortedKeys {
            guard let service = service(forActivity: key), let activity = ledger.totals[key] else { continue }
            result[service, default: [:]][key.language, default: [:]][key.period, default: Activity()].add(activity)
        }
        return result
    }

    /// Maps records to services; a shared record becomes one allocated record per sharing service.
    package func apply(_ records: [EmissionRecord], activity: [String: [YearMonth: Activity]]) -> (
        records: [EmissionRecord], diagnostics: [Diagnostic]
    ) {
        var output: [EmissionRecord] = []
        var diagnostics: Set<Diagnostic> = []
        for var record in records {
            let facts = RecordFacts(record)
            if record.source == .codeCarbon, record.language == nil {
                record.language = language(fromProject: facts.project)
            }
            switch target(for: facts) {
            case .service(let id):
                record.service = id
                output.append(record)
            case .unallocated:
                record.service = Self.unallocated
                output.append(record)
            case .shared(let index):
                let resource = shared[index]
                let (shares, fallback) = self.shares(for: resource, period: record.period, activity: activity)
                let regions = Set(
                    resource.services.compactMap { id in
                        services.first { $0.id == id }.map { normalisedRegion($0.region) }
                    })
                if facts.region == nil, regions.count > 1 {
                    var warning = Diagnostic.warning(
                        record.provenance.file,
                        "\(resource.name): a line with regions merged is split across \(regions.sorted().joined(separator: ", ")), whose grids differ; each share carries the merged line's average intensity, not its region's"
                    )
                    warning.code = "merged_regions_split"
                    warning.parameters = [
                        "resource": resource.name, "regions": regions.sorted().joined(separator: ", "),
                    ]
                    diagnostics.insert(warning)
                }
                if fallback {
                    diagnostics.insert(
                        .warning(
                            record.provenance.file,
                            "\(resource.name), \(record.period): no usage activity to apply the \(resource.allocation.name) key; split in equal shares"
                        ))
                }
                for service in resource.services {
                    let share = shares[service] ?? 0
                    var part = record
                    part.service = service
                    part.kgCO2e = record.kgCO2e.map { $0 * share }
                    part.energyKWh = record.energyKWh.map { $0 * share }
                    part.method = record.method == .measured ? .measured : .allocated
                    part.identifiers.display["sharedResource"] = resource.name
                    part.identifiers.display["allocationKey"] = resource.allocation.name
                    part.identifiers.display["allocationShare"] = String(share)
                    output.append(part)
                }
            }
        }
        return (output, diagnostics.sorted { $0.description < $1.description })
    }

    /// The share of each service in a shared resource for one month, and whether equal shares had to be used.
    package func shares(for resource: SharedResource, period: YearMonth, activity: [String: [YearMonth: Activity]]) -> (
        [String: Double], Bool
    ) {
        let weights: [String: Double]
        switch resource.allocation {
        case .fixedShares(let fixed):
            return (fixed, false)
        case .requests:
            weights = Dictionary(
                uniqueKeysWithValues: resource.services.map { ($0, Double(activity[$0]?[period]?.requests ?? 0)) })
        case .busyGPUSeconds:
            weights = Dictionary(
                uniqueKeysWithValues: resource.services.map { ($0, activity[$0]?[period]?.gpuSeconds ?? 0) })
        case .reservedVMHours:
            weights = Dictionary(
                uniqueKeysWithValues: resource.services.map { id in
                    let hardware = services.first { $0.id == id }?.hardware ?? ServiceHardware()
                    return (id, Double(hardware.count) * hardware.reservedHours(in: period))
                })
        }
        let total = weights.valuesInKeyOrder.reduce(0, +)
        guard total > 0 else {
            let equal = 1 / Double(resource.services.count)
            return (Dictionary(uniqueKeysWithValues: resource.services.map { ($0, equal) }), true)
        }
        return (weights.mapValues { $0 / total }, false)
    }
}
