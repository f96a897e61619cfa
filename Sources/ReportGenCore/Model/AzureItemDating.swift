import Foundation

/// Dates Azure Carbon optimization items whose file does not state the month (a bare ItemDetails response body).
///
/// Rule, in order: (1) the month whose `MonthlySummaryData.latestMonthEmissions` equals the items' sum within
/// 0.1 % (and, if the items carry `previousMonthEmissions`, whose previous month matches too); (2) otherwise the
/// reporting period, with a warning saying so.
///
/// Reports that cover a range rather than a month (OverallSummary, TopItemsSummary) are not dated: each file gets
/// one note comparing its total with the monthly summaries, as a cross-check, and none of its records is counted.
package enum AzureItemDating {
    package static func date(
        undated: [EmissionRecord], summaries: [EmissionRecord], reportingPeriod: YearMonth?
    ) -> (records: [EmissionRecord], diagnostics: [Diagnostic]) {
        var output: [EmissionRecord] = []
        var diagnostics: [Diagnostic] = []
        let azure = undated.filter { $0.source == .azureCarbonOptimization }
        let ranges = Dictionary(
            grouping: azure.filter { $0.identifiers.granularity == .overall }, by: \.provenance.file)
        let allSummaries = summaries.reduce(0) { $0 + ($1.kgCO2e ?? 0) }
        for file in ranges.keys.sorted() {
            let records = ranges[file] ?? []
            let total = records.reduce(0) { $0 + ($1.kgCO2e ?? 0) }
            let check =
                summaries.isEmpty
                ? "no monthly summary to compare it with"
                : "the monthly summaries read sum to \(String(format: "%.4f", allSummaries)) kgCO2e"
            diagnostics.append(
                .note(
                    file,
                    "a report without a month (\(records.first?.identifiers.dataType ?? "summary")): used as a cross-check, not counted; its \(records.count) record\(records.count == 1 ? "" : "s") sum to \(String(format: "%.4f", total)) kgCO2e, and \(check)"
                ))
        }
        let byFile = Dictionary(
            grouping: azure.filter { $0.identifiers.granularity != .overall }, by: \.provenance.file)
        for file in byFile.keys.sorted() {
            let items = byFile[file] ?? []
            let latest = items.reduce(0) { $0 + ($1.kgCO2e ?? 0) }
            let previous = items.reduce(0) { $0 + ($1.identifiers.previousMonthKgCO2e ?? 0) }
            let summaryByMonth = Dictionary(grouping: summaries, by: \.period).mapValues {
                $0.reduce(0) { $0 + ($1.kgCO2e ?? 0) }
            }
            let candidates = summaryByMonth.keys.sorted().filter { month in
                guard let total = summaryByMonth[month], abs(total - latest) <= 0.001 * max(total, 1e-9) else {
                    return false
                }
                guard previous > 0, let before = summaryByMonth[month.adding(months: -1)] else { return true }
                return abs(before - previous) <= 0.001 * max(before, 1e-9)
            }
            let period: YearMonth
            if candidates.count == 1, let month = candidates.first {
                period = month
                diagnostics.append(
                    .note(
                        file,
                        "the file does not state its month: dated \(month) because its items sum to the monthly summary of \(month) (\(String(format: "%.4f", latest)) kgCO2e)"
                    ))
            } else if let reportingPeriod {
                period = reportingPeriod
                diagnostics.append(
                    .warning(
                        file,
                        "the file does not state its month and no monthly summary matches its total (\(String(format: "%.4f", latest)) kgCO2e): taken as the reporting period \(reportingPeriod); export with the request's dateRange or add the MonthlySummaryReport"
                    ))
            } else {
                diagnostics.append(
                    .warning(
                        file,
                        "the file does not state its month and nothing dates it: its \(items.count) items are set aside"
                    ))
                continue
            }
            output += items.map { item in
                var dated = item
                dated.period = period
                return dated
            }
        }
        return (output, diagnostics)
    }
}
