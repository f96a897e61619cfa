import Foundation

/// Keeps one copy of every figure when several files or sources cover the same thing.
///
/// Every record has an identity: the resource (or item name) and month for Azure, the row key for the Emissions
/// Impact Dashboard (month, subscription, service, region, scope), the day, service, account and region for CCF, the
/// run (run id, task, start) for CodeCarbon. The rules, in the order applied (each set-aside record stays visible in
/// the pack with its reason, and each rule's notes name both files):
/// 1. The same identity from two files (overlapping pages, a copy in a sub-folder, the REST JSON and the portal CSV
///    of one month, the EID CSV and the same quarter as OData JSON or `.xlsx`) is counted once, from the first file
///    by name.
/// 2. Azure Carbon optimization, per month: the MonthlySummary is the month's total and is never added to anything.
///    Where the month has item-level data that sums to it (within 0.1 %), the items are counted and the summary is a
///    check. Where the items come from a page with a `skipToken` and fall short, the page is partial: the items are
///    set aside and the summary kept, with a warning giving the missing share. TopItems reports are counted in place
///    of the summary when they (with their "Others" row) sum to it; otherwise they are set aside as partial.
///    Reports without a month (OverallSummary, TopItemsSummary) are cross-checks, never counted.
/// 3. Azure: where a month has Carbon optimization data, the Emissions Impact Dashboard's rows for that month are set
///    aside (both are Microsoft's market-based figures for the same subscription).
/// 4. CCF: where a month's Azure figure is only its MonthlySummary, CCF's rows for that month are set aside (the
///    summary is the total; adding CCF under the services would count the subscription twice). Where a month has
///    API JSON, the CLI CSV's rows for that month are set aside (JSON keeps full precision).
/// 5. CodeCarbon: one row per run across files, applied at ingestion on the runs before they are summed
///    (``CodeCarbonRunPrecedence``).
/// 6. What still overlaps is an error naming both files, the month and the service, and is never summed: the same
///    identity from two files with different figures (counted once, from the first file by name), and two files
///    covering one month of one source at two granularities (Azure item details by `categoryType`, CCF by day and
///    by month), counted once from the finer one (Azure `Resource`, CCF by day), else from the first file by name
///    (``remainingOverlaps(_:serviceOf:)``).
package enum SourcePrecedence {
    /// Relative tolerance within which item figures "sum to" a monthly summary.
    package static let summaryTolerance = 0.001

    /// Applies the rules to every record, in file order.
    /// - Parameter serviceOf: the ReportGen service a record maps to, for the messages that name it.
    /// - Returns: every record (those set aside marked with their reason) and a diagnostic per rule that applied.
    package static func apply(
        _ records: [EmissionRecord], serviceOf: (EmissionRecord) -> String? = { _ in nil }
    ) -> (records: [EmissionRecord], diagnostics: [Diagnostic]) {
        var output = records.sorted {
            ($0.provenance.file, $0.provenance.line ?? 0, $0.provenance.pointer ?? "") < (
                $1.provenance.file, $1.provenance.line ?? 0, $1.provenance.pointer ?? ""
            )
        }
        var setAside = SetAsideTally()
        var extra: [Diagnostic] = []
        /// Sets a record aside with its English reason and the reason's code (`diag_reason_<code>`, filled with
        /// `values`).
        func markSetAside(
            _ index: Int, _ reason: String, code: String, _ values: [String: String] = [:], isNote: Bool = false
        ) {
            output[index].setAsideReason = reason
            setAside.add(file: output[index].provenance.file, reason, code: code, values, isNote: isNote)
        }

        // 1. One identity, one figure.
        var firstIndex: [String: Int] = [:]
        for index in output.indices {
            guard let identity = identity(of: output[index]) else { continue }
            let file = output[index].provenance.file
            if let keptIndex = firstIndex[identity] {
                let kept = output[keptIndex].provenance.file
                if kept != file {
                    markSetAside(
                        index, "the same figure is already counted from \(kept)", code: "same_figure_counted",
                        ["file": kept], isNote: true)
                    if let conflict = conflict(output[keptIndex], output[index], serviceOf: serviceOf) {
                        extra.append(conflict)
                    }
                } else if [.ccfCSV, .ccfJSON, .azureCarbonOptimization].contains(output[index].source) {
                    // Rows of these exports are keyed by what the identity holds; elsewhere two rows of one file
                    // may differ by a column the identity leaves out, so they are not taken for copies.
                    markSetAside(index, "the same figure appears twice in the file", code: "same_figure_twice")
                }
            } else {
                firstIndex[identity] = index
            }
        }

        // 6. What still overlaps: two files covering one month of one source at two granularities (checked here, so
        // that the rules below see one granularity a month).
        let overlaps = remainingOverlaps(output, serviceOf: serviceOf)
        for (index, file) in overlaps.setAside {
            markSetAside(
                index, "the month is covered by \(file) at another granularity (an overlap, not added)",
                code: "overlap_other_granularity", ["file": file])
        }
        extra += overlaps.errors

        // 2. Azure per month.
        let azure = output.indices.filter { output[$0].source == .azureCarbonOptimization && output[$0].isCounted }
        let byMonth = Dictionary(grouping: azure, by: { output[$0].period })
        for month in byMonth.keys.sorted() {
            let indices = byMonth[month] ?? []
            func of(_ granularity: SourceIdentifiers.Granularity) -> [Int] {
                indices.filter { output[$0].identifiers.granularity == granularity }
            }
            let summaries = of(.summary)
            let items = of(.item)
            let topItems = of(.topItems)
            let summaryKg = summaries.isEmpty ? nil : summaries.reduce(0) { $0 + (output[$1].kgCO2e ?? 0) }
            func total(_ list: [Int]) -> Double { list.reduce(0) { $0 + (output[$1].kgCO2e ?? 0) } }
            func agrees(_ value: Double, _ summary: Double) -> Bool {
                abs(value - summary) <= summaryTolerance * max(abs(summary), 1e-9)
            }
            if !items.isEmpty {
                let itemsKg = total(items)
                let isPaged = items.contains { output[$0].identifiers.isFromPartialPage }
                if let summaryKg, isPaged, !agrees(itemsKg, summaryKg), itemsKg < summaryKg {
                    for index in items {
                        markSetAside(
                            index, "part of an incomplete paginated result: the month's MonthlySummary is kept",
                            code: "incomplete_pages")
                    }
                    let missing = (summaryKg - itemsKg) / summaryKg * 100
                    extra.append(
                        coded(
                            .warning(
                                output[items[0]].provenance.file,
                                "partial data for \(month): the item pages (skipToken) sum to \(format(itemsKg)) kgCO2e, \(format(missing, digits: 1)) % short of the MonthlySummary's \(format(summaryKg)) kgCO2e; a page is missing, so the month is counted at the MonthlySummary total and cannot be split by service"
                            ), "azure_partial_pages",
                            [
                                "month": month.description, "items": format(itemsKg),
                                "missing": format(missing, digits: 1), "summary": format(summaryKg),
                            ]))
                    continue
                }
                if let summaryKg, !agrees(itemsKg, summaryKg) {
                    extra.append(
                        coded(
                            .warning(
                                output[items[0]].provenance.file,
                                "\(month): the items sum to \(format(itemsKg)) kgCO2e but the MonthlySummary gives \(format(summaryKg)) kgCO2e"
                            ), "azure_items_mismatch",
                            ["month": month.description, "items": format(itemsKg), "summary": format(summaryKg)]))
                } else if summaryKg == nil, isPaged {
                    extra.append(
                        coded(
                            .warning(
                                output[items[0]].provenance.file,
                                "\(month): one page of a longer result (skipToken) and no MonthlySummary to check it against: the month may be partial; add every page and the MonthlySummaryReport"
                            ), "azure_page_unchecked", ["month": month.description]))
                }
                for index in summaries {
                    markSetAside(
                        index, "monthly summary used as a check: the month has item-level data",
                        code: "summary_as_check", isNote: true)
                }
                for index in topItems {
                    markSetAside(
                        index, "top items of a month that has item-level data: a check, not counted",
                        code: "top_items_as_check", isNote: true)
                }
            } else if !topItems.isEmpty {
                let topKg = total(topItems)
                let hasOthers = topItems.contains {
                    (output[$0].identifiers.itemName ?? output[$0].identifiers.resourceId ?? "").hasPrefix("Others")
                }
                if let summaryKg, agrees(topKg, summaryKg) {
                    for index in summaries {
                        markSetAside(
                            index, "monthly summary used as a check: the top items with Others sum to it",
                            code: "summary_checks_top_items", isNote: true)
                    }
                } else if summaryKg == nil, hasOthers {
                    extra.append(
                        coded(
                            .note(
                                output[topItems[0]].provenance.file,
                                "\(month): a TopItems report with its Others row is counted as the month's total (no MonthlySummary to check it against)"
                            ), "azure_top_items_total", ["month": month.description]))
                } else {
                    for index in topItems {
                        markSetAside(
                            index, "top items that do not sum to the month are partial; not counted",
                            code: "partial_top_items")
                    }
                }
            }
        }
        for index in output.indices
        where output[index].source == .azureCarbonOptimization && output[index].isCounted
            && output[index].identifiers.granularity == .overall
        {
            markSetAside(
                index, "a report without a month (overall or top-items summary) is a cross-check, not counted",
                code: "undated_cross_check", isNote: true)
        }

        // 3, 4. Source precedence per month.
        let azureMonths = Set(output.filter { $0.source == .azureCarbonOptimization && $0.isCounted }.map(\.period))
        for index in output.indices
        where output[index].source == .emissionsImpactDashboard && output[index].isCounted
            && azureMonths.contains(output[index].period)
        {
            markSetAside(
                index, "the month is covered by Azure Carbon optimization, which has precedence",
                code: "covered_by_azure")
        }
        // A month whose Azure figure is only its MonthlySummary (no item file) has its total: CCF's estimate of the
        // same subscription would be added to it under another service, so it is set aside for that month.
        let summaryOnlyMonths = Set(
            output.filter {
                $0.source == .azureCarbonOptimization && $0.isCounted && $0.identifiers.granularity == .summary
            }.map(\.period)
        ).subtracting(
            output.filter {
                $0.source == .azureCarbonOptimization && $0.isCounted && $0.identifiers.granularity != .summary
            }.map(\.period))
        for index in output.indices
        where [.ccfCSV, .ccfJSON].contains(output[index].source) && output[index].isCounted
            && summaryOnlyMonths.contains(output[index].period)
        {
            markSetAside(
                index,
                "the month's Azure MonthlySummary is its total (no item file): CCF's estimate is not added to it; add the month's ItemDetails export to split it by service",
                code: "ccf_under_summary")
        }
        let ccfJSONMonths = Set(output.filter { $0.source == .ccfJSON && $0.isCounted }.map(\.period))
        for index in output.indices
        where output[index].source == .ccfCSV && output[index].isCounted && ccfJSONMonths.contains(output[index].period)
        {
            markSetAside(
                index, "the month is covered by CCF API JSON, which has precedence", code: "covered_by_ccf_json")
        }

        return (output, setAside.diagnostics + extra)
    }

    /// What makes two records the same figure, or `nil` when the source gives nothing to tell them apart by.
    package static func identity(of record: EmissionRecord) -> String? {
        let ids = record.identifiers
        func join(_ parts: [String?]) -> String { parts.map { ($0 ?? "").lowercased() }.joined(separator: "|") }
        switch record.source {
        case .azureCarbonOptimization:
            guard let item = ids.resourceId ?? ids.itemName ?? (ids.granularity == .summary ? "summary" : nil) else {
                return nil
            }
            // The REST JSON and the portal CSV of one month have the same items: the data type family, not the file
            // format, is part of the identity.
            return join(["azure", record.period.description, ids.granularity?.rawValue, item])
        case .emissionsImpactDashboard:
            return join([
                "eid", record.period.description, ids.display["enrollmentId"], ids.subscription, ids.serviceName,
                ids.display["subService"], ids.region, ids.display["scopeId"], record.scope.rawValue,
            ])
        case .ccfCSV, .ccfJSON:
            return join([
                record.source.rawValue, record.day ?? record.period.description, ids.serviceName, ids.subscription,
                ids.region, ids.display["accountName"],
            ])
        case .codeCarbon, .ccfRecommendations, .usageLog, .model, .dcgm, .nvidiaSMI:
            // CodeCarbon runs are counted once at ingestion (``CodeCarbonRunPrecedence``), usage lines by their
            // identity as they are read; GPU measurements by their own importers.
            return nil
        }
    }

    /// `diagnostic` with its message code and parameters.
    static func coded(_ diagnostic: Diagnostic, _ code: String, _ parameters: [String: String] = [:]) -> Diagnostic {
        var coded = diagnostic
        coded.code = code
        coded.parameters = parameters
        return coded
    }

    static func format(_ value: Double, digits: Int = 4) -> String {
        String(format: "%.\(digits)f", value)
    }
}
