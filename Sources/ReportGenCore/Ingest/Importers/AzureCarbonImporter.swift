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
        let root = try JSONNode.parse(try file.contents(), file: file.name)
        let body = azureBody(root) ?? root
        var result = ImportResult()
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
                    "partial data: access to subscription \(decision["subscriptionId"]?.string ?? "?") was denied (\(reason)) at \(decision.pointer)"
                ))
        }
        if let token = body["skipToken"]?.string ?? body["nextLink"]?.string, !token.isEmpty {
            result.diagnostics.append(
                .note(
                    file.name, "this is one page of a longer result (skipToken/nextLink present): add every page's file"
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
            let kg: Double
            if let latest = item["latestMonthEmissions"]?.number {
                kg = latest
            } else if let preview = item["totalCarbonEmission"]?.number {
                kg = preview
            } else {
                throw .invalidJSON(
                    file: file.name, pointer: item.pointer + "/latestMonthEmissions", found: "nothing",
                    expected: "a number (kgCO2e)")
            }
            var identifiers: [String: String] = ["dataType": dataType, "granularity": granularity(of: dataType)]
            for key in [
                "subscriptionId", "resourceGroup", "resourceId", "resourceType", "location", "itemName", "categoryType",
                "resourceGroupUrl", "groupName",
            ] {
                if let value = item[key]?.string { identifiers[key] = value }
            }
            if let previous = item["previousMonthEmissions"]?.number ?? item["totalCarbonEmissionLastMonth"]?.number {
                identifiers["previousMonthEmissions"] = String(previous)
            }
            var record = EmissionRecord(
                period: YearMonth(year: 1970, month: 1), source: .azureCarbonOptimization, scope: scope, energyKWh: nil,
                kgCO2e: kg, method: .providerReported, basis: .market,
                provenance: Provenance(file: file.name, pointer: item.pointer), identifiers: identifiers)
            if let date = item["date"]?.string, let period = YearMonth(date) {
                record.period = period
                result.records.append(record)
            } else if let start, let end, start == end {
                record.period = start
                result.records.append(record)
            } else {
                if let start, let end { identifiers["range"] = "\(start)..\(end)" }
                result.undated.append(record)
            }
        }
        return result
    }

    /// The portal CSV: one row per item, columns matched by folded name.
    package static func readCSV(_ file: InputFile, delimiter: UInt8, decimalComma: Bool) throws(IngestError) -> ImportResult {
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
        while let record = try reader.next() {
            guard record.fields.count == header.fields.count else {
                result.diagnostics.append(
                    .warning(
                        file.name, line: record.line,
                        "\(record.fields.count) fields, expected \(header.fields.count); row set aside"))
                continue
            }
            result.rowCount += 1
            guard let parsed = parseNumber(record.fields[emissions], decimalComma: decimalComma), let kg = parsed else {
                throw .invalidField(
                    file: file.name, line: record.line, column: emissions + 1, field: header.fields[emissions],
                    found: record.fields[emissions], expected: "a number (kgCO2e)")
            }
            var identifiers: [String: String] = ["granularity": "item"]
            for key in [
                "subscriptionId", "resourceGroup", "resourceId", "resourceType", "location", "itemName", "categoryType",
            ] {
                if let position = header.position(of: key), !record.fields[position].isEmpty {
                    identifiers[key] = record.fields[position]
                }
            }
            var emission = EmissionRecord(
                period: YearMonth(year: 1970, month: 1), source: .azureCarbonOptimization, scope: .scopes123,
                energyKWh: nil,
                kgCO2e: kg, method: .providerReported, basis: .market,
                provenance: Provenance(file: file.name, line: record.line), identifiers: identifiers)
            if let dateColumn, let period = YearMonth(record.fields[dateColumn]) {
                emission.period = period
                emission.identifiers["granularity"] = identifiers["resourceId"] == nil ? "summary" : "item"
                result.records.append(emission)
            } else {
                result.undated.append(emission)
            }
        }
        return result
    }

    private static func granularity(of dataType: String) -> String {
        switch dataType {
        case "MonthlySummaryData": return "summary"
        case "OverallSummaryData": return "overall"
        case let type where type.contains("TopItems"): return "top-items"
        default: return "item"
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
