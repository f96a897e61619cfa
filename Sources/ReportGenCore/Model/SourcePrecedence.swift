/// Keeps one copy of every figure when several files or sources cover the same thing.
///
/// The rules, in the order applied (each set-aside record stays visible in the pack with its reason):
/// 1. Azure Carbon optimization: the same item (resource id or item name, data type) for the same month in two files
///    (overlapping pages or exports) is counted once, from the first file by name.
/// 2. Azure Carbon optimization: where a month has item-level data, its `MonthlySummaryData` is a check, not a
///    figure (the items are what can be mapped to services).
/// 3. Azure: where a month has Carbon optimization data, the Emissions Impact Dashboard's rows for that month are set
///    aside (both are Microsoft's market-based figures for the same subscription).
/// 4. CCF: where a month has API JSON, the CLI CSV's rows for that month are set aside (JSON keeps full precision).
/// 5. CodeCarbon: one row per `run_id` across files, the longest.
package enum SourcePrecedence {
    package static func apply(_ records: [EmissionRecord]) -> (records: [EmissionRecord], diagnostics: [Diagnostic]) {
        var output = records.sorted {
            ($0.provenance.file, $0.provenance.line ?? 0, $0.provenance.pointer ?? "") < (
                $1.provenance.file, $1.provenance.line ?? 0, $1.provenance.pointer ?? ""
            )
        }
        var setAside: [String: (count: Int, reason: String)] = [:]
        func markSetAside(_ index: Int, _ reason: String) {
            output[index].setAsideReason = reason
            let key = output[index].provenance.file + "|" + reason
            setAside[key, default: (0, reason)].count += 1
        }

        var seenItems: Set<String> = []
        for index in output.indices where output[index].source == .azureCarbonOptimization {
            let ids = output[index].identifiers
            let item = ids["resourceId"] ?? ids["itemName"] ?? ""
            let key = "\(output[index].period)|\(ids["dataType"] ?? "")|\(item.lowercased())"
            if !item.isEmpty, !seenItems.insert(key).inserted {
                markSetAside(index, "duplicate of the same Azure item and month in another file")
            }
        }
        let azureItemMonths = Set(
            output.filter {
                $0.source == .azureCarbonOptimization && $0.identifiers["granularity"] == "item" && $0.isCounted
            }
            .map(\.period))
        for index in output.indices where output[index].source == .azureCarbonOptimization && output[index].isCounted {
            let granularity = output[index].identifiers["granularity"]
            if granularity == "summary", azureItemMonths.contains(output[index].period) {
                markSetAside(index, "monthly summary used as a check: the month has item-level data")
            } else if granularity == "top-items" || granularity == "overall" {
                markSetAside(index, "top-items and overall summaries are partial or span a range; not counted")
            }
        }
        let azureMonths = Set(output.filter { $0.source == .azureCarbonOptimization && $0.isCounted }.map(\.period))
        for index in output.indices
        where output[index].source == .emissionsImpactDashboard && azureMonths.contains(output[index].period) {
            markSetAside(index, "the month is covered by Azure Carbon optimization, which has precedence")
        }
        let ccfJSONMonths = Set(output.filter { $0.source == .ccfJSON }.map(\.period))
        for index in output.indices
        where output[index].source == .ccfCSV && ccfJSONMonths.contains(output[index].period) {
            markSetAside(index, "the month is covered by CCF API JSON, which has precedence")
        }
        var longestRun: [String: Int] = [:]
        for index in output.indices where output[index].source == .codeCarbon {
            guard let run = output[index].identifiers["run_id"] else { continue }
            let key = run + "|" + (output[index].identifiers["task_name"] ?? "")
            if let kept = longestRun[key] {
                let keptDuration = Double(output[kept].identifiers["durationSeconds"] ?? "") ?? 0
                let duration = Double(output[index].identifiers["durationSeconds"] ?? "") ?? 0
                if duration > keptDuration {
                    markSetAside(kept, "the same CodeCarbon run appears in another file with a longer duration")
                    longestRun[key] = index
                } else {
                    markSetAside(index, "the same CodeCarbon run appears in another file with a longer duration")
                }
            } else {
                longestRun[key] = index
            }
        }
        let diagnostics = setAside.keys.sorted().compactMap { key -> Diagnostic? in
            guard let entry = setAside[key] else { return nil }
            let file = String(key.prefix { $0 != "|" })
            let text = "\(entry.count) record\(entry.count == 1 ? "" : "s") set aside: \(entry.reason)"
            // A summary kept as a check is the normal case, not a problem.
            return entry.reason.hasPrefix("monthly summary used as a check") ? .note(file, text) : .warning(file, text)
        }
        return (output, diagnostics)
    }
}
