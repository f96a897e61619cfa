/// Reads Azure Carbon optimization exports: REST `CarbonEmissionDataListResult` bodies (api-version 2025-04-01 and
/// 2024-02-01-preview field names, and 2023-04-01-preview's `totalCarbonEmission…`), bare or inside the spec's
/// example wrapper, and the portal CSV through ``CSVHeader``'s alias folding.
///
/// Figures are kgCO2e, market-based, and the sum of the scopes that were queried. Each record is tagged with its
/// granularity (`summary`, `item`, `top-items`, `overall`) so that the model never adds a summary to its own items.
/// Items whose month the file does not state (a bare ItemDetails body) are returned in ``ImportResult/undated``
/// and dated later by ``AzureItemDating``.
package enum AzureCarbonImporter {
    package static func readJSON(_ file: InputFile) throws(IngestError) -> ImportResult {
        let root = try JSONNode.parse(try file.jsonContents(), file: file.name)
        let body = azureBody(root) ?? root
        var result = ImportResult()
        var rows = SetAsideRows(file: file.name)
        let query = root["parameters"]?["queryParameters"]
        let range = query?["dateRange"]
        let start = range?["start"]?.string.flatMap { YearMonth($0) }
        let end = range?["end"]?.string.flatMap { YearMonth($0) }
        let scope = scopeOf(query?["carbonScopeList"]?.array?.compactMap { $0 as? String })
        if query?["carbonScopeList"] == nil {
            result.diagnostics.append(
                .note(file.name, "the query's carbonScopeList is not in the file: figures are taken as Scope 1+2+3"))
        }
        for decision in body["subscriptionAccessDecisionList"]?.elements ?? []
        where decision["decision"]?.string == "Denied" {
            let reason = decision["denialReason"]?.string ?? "no reason given"
            result.diagnostics.append(
                .warning(
                    file.name,
                    "partial data: access to subscription \(decision["subscriptionId"]?.string ?? "?") was denied (\(escapedExcerpt(reason))) at \(decision.pointer)"
                ))
        }
        var isPartialPage = false
        if let token = body["skipToken"]?.string ?? body["nextLink"]?.string, !token.isEmpty {
            isPartialPage = true
            result.diagnostics.append(
                .note(
                    file.name,
                    "this is one page of a longer result (skipToken/nextLink present): its month is checked against the MonthlySummary"
                ))
        }
        guard let items = body["value"]?.elements else {
            throw .invalidJSON(
                file: file.name, pointer: body.pointer + "/value", found: body["value"]?.kindDescription ?? "nothing",
                expected: "an array of carbon emission data")
        }
        for item in items {
            result.rowCount += 1
            let dataType = item["dataType"]?.string ?? "ItemDetailsData"
            guard let kg = item["latestMonthEmissions"]?.number ?? item["totalCarbonEmission"]?.number,
                quantityProblem(kg) == nil
            else {
                let found = (item["latestMonthEmissions"] ?? item["totalCarbonEmission"]).map {
                    escapedExcerpt($0.string ?? $0.kindDescription)
                }
                rows.setAside(
                    line: nil,
                    "\(item.pointer)/latestMonthEmissions: expected a number of kgCO2e ≥ 0 and at most 1e12, found \(found ?? "nothing")"
                )
                continue
            }
            var identifiers = SourceIdentifiers()
            identifiers.dataType = dataType
            identifiers.granularity = granularity(of: dataType)
            identifiers.subscription = item["subscriptionId"]?.string
            identifiers.resourceGroup = item["resourceGroup"]?.string
            identifiers.resourceId = item["resourceId"]?.string
            identifiers.resourceType = item["resourceType"]?.string
            identifiers.region = item["location"]?.string
            identifiers.itemName = item["itemName"]?.string
            identifiers.isFromPartialPage = isPartialPage
            for key in ["categoryType", "resourceGroupUrl", "groupName"] {
                if let value = item[key]?.string { identifiers.display[key] = value }
            }
            if let previous = item["previousMonthEmissions"]?.number ?? item["totalCarbonEmissionLastMonth"]?.number,
                quantityProblem(previous) == nil
            {
                identifiers.previousMonthKgCO2e = previous
            }
            var record = EmissionRecord(
                period: YearMonth(year: 1970, month: 1), source: .azureCarbonOptimization, scope: scope, energyKWh: nil,
                kgCO2e: kg, method: .providerReported, basis: .market,
                provenance: Provenance(file: file.name, pointer: item.pointer), identifiers: identifiers)
            if let date = item["date"]?.string {
                guard let period = YearMonth(date) else {
                    rows.setAside(
                        line: nil,
                        "\(item.pointer)/date: expected a date from 1900 to 2200, found \"\(escapedExcerpt(date))\"")
                    continue
                }
                record.period = period
                result.records.append(record)
            } else if identifiers.granularity != .overall, let start, let end, start == end {
                record.period = start
                result.records.append(record)
            } else {
                if let start, let end { record.identifiers.display["range"] = "\(start)..\(end)" }
                result.undated.append(record)
            }
        }
        result.diagnostics += rows.diagnostics()
        return result
    }

    /// The portal CSV: one row per item, columns matched by folded name.
    package static func readCSV(_ file: InputFile, delimiter: UInt8, decimalComma: Bool) throws(IngestError)
        -> ImportResult
    {
        var reader = try file.csvReader(delimiter: delimiter)
        guard let headerRecord = try reader.next() else { throw .empty(file: file.name) }
        let header = CSVHeader(headerRecord)
        guard
            let emissions = header.position(of: "latestMonthEmissions", "totalCarbonEmission", "Latest Month Emissions")
        else {
            throw .missingColumn(
                file: file.name, line: headerRecord.line, column: "latestMonthEmissions", header: header.text)
        }
        let dateColumn = header.position(of: "date", "month")
        var result = ImportResult()
        var rows = SetAsideRows(file: file.name)
        while let record = try reader.next() {
            guard rows.screen(record), rows.checkFieldCount(record, expected: header.fields.count) else { continue }
            result.rowCount += 1
            guard let parsed = parseNumber(record.fields[emissions], decimalComma: decimalComma), let kg = parsed,
                quantityProblem(kg) == nil
            else {
                rows.setAside(
                    line: record.line, column: emissions + 1,
                    "\(header.fields[emissions]): expected a number of kgCO2e ≥ 0, found \"\(escapedExcerpt(record.fields[emissions]))\""
                )
                continue
            }
            var identifiers = SourceIdentifiers()
            func text(_ name: String) -> String? {
                guard let position = header.position(of: name), !record.fields[position].isEmpty else { return nil }
                return record.fields[position]
            }
            identifiers.subscription = text("subscriptionId")
            identifiers.resourceGroup = text("resourceGroup")
            identifiers.resourceId = text("resourceId")
            identifiers.resourceType = text("resourceType")
            identifiers.region = text("location")
            identifiers.itemName = text("itemName")
            identifiers.display["categoryType"] = text("categoryType")
            identifiers.granularity = identifiers.resourceId == nil ? .summary : .item
            identifiers.dataType = identifiers.resourceId == nil ? "MonthlySummaryData" : "ItemDetailsData"
            var emission = EmissionRecord(
                period: YearMonth(year: 1970, month: 1), source: .azureCarbonOptimization, scope: .scopes123,
                energyKWh: nil,
                kgCO2e: kg, method: .providerReported, basis: .market,
                provenance: Provenance(file: file.name, line: record.line), identifiers: identifiers)
            if let dateColumn, !record.fields[dateColumn].isEmpty {
                guard let period = YearMonth(record.fields[dateColumn]) else {
                    rows.setAside(
                        line: record.line, column: dateColumn + 1,
                        "\(header.fields[dateColumn]): expected a date from 1900 to 2200, found \"\(escapedExcerpt(record.fields[dateColumn]))\""
                    )
                    continue
                }
                emission.period = period
                result.records.append(emission)
            } else {
                emission.identifiers.granularity = .item
                emission.identifiers.dataType = "ItemDetailsData"
                result.undated.append(emission)
            }
        }
        result.diagnostics += rows.diagnostics(fallback: reader.fallback)
        return result
    }

    private static func granularity(of dataType: String) -> SourceIdentifiers.Granularity {
        switch dataType {
        case "MonthlySummaryData": return .summary
        case "OverallSummaryData": return .overall
        // TopItemsSummary reports have no month: like the overall summary, a cross-check of a range.
        case let type where type.contains("TopItemsSummary"): return .overall
        case let type where type.contains("TopItems"): return .topItems
        default: return .item
        }
    }

    private static func scopeOf(_ list: [String]?) -> EmissionScope {
        guard let list, !list.isEmpty else { return .scopes123 }
        let set = Set(list.map { $0.lowercased() })
        if set == ["scope1"] { return .scope1 }
        if set == ["scope2"] { return .scope2 }
        if set == ["scope3"] { return .scope3 }
        return .scopes123
    }
}
