/// The overlaps that the precedence rules leave: two files that cover the same month of one source, which summing
/// would count twice. Each is an error naming both files, the month and the service; the figure is counted once.
extension SourcePrecedence {
    /// The error for one identity given by two files with different figures, or `nil` when they agree (a copy).
    /// The first file by name is counted (rule 1 has set the other aside).
    static func conflict(
        _ kept: EmissionRecord, _ other: EmissionRecord, serviceOf: (EmissionRecord) -> String?
    ) -> Diagnostic? {
        let (a, b) = (kept.kgCO2e ?? 0, other.kgCO2e ?? 0)
        // Within the summary tolerance the two are one figure written at two precisions (the portal CSV rounds).
        guard abs(a - b) > summaryTolerance * max(abs(a), abs(b), 1e-12) else { return nil }
        let ids = kept.identifiers
        let item = ids.resourceId ?? ids.itemName ?? ids.serviceName ?? ids.runId ?? ids.dataType ?? "the month's total"
        let service = serviceOf(kept) ?? ServiceMapping.unallocated
        return coded(
            .error(
                other.provenance.file,
                "\(kept.provenance.file) and \(other.provenance.file) both give \(item) for \(kept.period) (service \(service)) with different figures, \(format(a)) and \(format(b)) kgCO2e: counted once, from \(kept.provenance.file) (the first by name), never summed; keep the right export only"
            ), "overlap_conflict",
            [
                "file": kept.provenance.file, "other": other.provenance.file, "item": item,
                "month": kept.period.description, "service": service, "kept": format(a), "dropped": format(b),
            ])
    }

    /// How finely a record's file covers its month, for the sources whose exports can cover one month at several
    /// granularities, with the rank of that granularity (lower is finer, and counted). `nil` for other records.
    static func coverage(of record: EmissionRecord) -> (key: String, granularity: String, rank: Int)? {
        let ids = record.identifiers
        switch record.source {
        case .azureCarbonOptimization where ids.granularity == .item:
            // Item details grouped by resource, resource group, location… each sum to the same month.
            let category = ids.display["categoryType"] ?? "Resource"
            let ranks = ["Resource": 0, "ResourceType": 1, "ResourceGroup": 2, "Location": 3, "Subscription": 4]
            return (
                "azure|\(record.period)|\((ids.subscription ?? "").lowercased())", "categoryType \(category)",
                ranks[category] ?? 5
            )
        case .ccfCSV, .ccfJSON:
            // A CCF export grouped by day and one grouped by month cover the same days.
            let key = [ids.serviceName, ids.subscription, ids.region, ids.display["accountName"]].map {
                ($0 ?? "").lowercased()
            }
            return (
                "\(record.source.rawValue)|\(record.period)|" + key.joined(separator: "|"),
                record.day == nil ? "by month" : "by day", record.day == nil ? 1 : 0
            )
        default:
            return nil
        }
    }

    /// The records to set aside (with the file that is counted instead) and one error per overlap: where one
    /// month of one source is covered by two files at two granularities, the finer granularity is counted (then
    /// the first file by name) and every record of the other files for that month is set aside.
    static func remainingOverlaps(
        _ records: [EmissionRecord], serviceOf: (EmissionRecord) -> String?
    ) -> (setAside: [(index: Int, file: String)], errors: [Diagnostic]) {
        var groups: [String: [(index: Int, granularity: String, rank: Int)]] = [:]
        for index in records.indices where records[index].isCounted {
            guard let coverage = coverage(of: records[index]) else { continue }
            groups[coverage.key, default: []].append((index, coverage.granularity, coverage.rank))
        }
        var setAside: [(index: Int, file: String)] = []
        var errors: [String: Diagnostic] = [:]
        for key in groups.keys.sorted() {
            let members = groups[key] ?? []
            guard Set(members.map(\.granularity)).count > 1 else { continue }
            // Records are in file order, so the first of the finest granularity is the first file by name.
            guard let kept = members.min(by: { ($0.rank, $0.index) < ($1.rank, $1.index) }) else { continue }
            let keptFile = records[kept.index].provenance.file
            for member in members where member.granularity != kept.granularity {
                let record = records[member.index]
                setAside.append((member.index, keptFile))
                let errorKey = [keptFile, record.provenance.file, record.period.description].joined(separator: "|")
                guard errors[errorKey] == nil else { continue }
                let service = serviceOf(record) ?? serviceOf(records[kept.index]) ?? ServiceMapping.unallocated
                errors[errorKey] = coded(
                    .error(
                        record.provenance.file,
                        "\(keptFile) (\(kept.granularity)) and \(record.provenance.file) (\(member.granularity)) both cover \(record.period) of \(record.source.rawValue) (service \(service)): an overlap, never summed; counted once, from \(keptFile); remove one of the two exports"
                    ), "overlap_granularity",
                    [
                        "file": keptFile, "other": record.provenance.file, "month": record.period.description,
                        "service": service, "source": record.source.rawValue,
                    ])
            }
        }
        return (setAside, errors.keys.sorted().compactMap { errors[$0] })
    }
}
