import Foundation

/// Reads Microsoft's Emissions Impact Dashboard / Cloud for Sustainability `EnrollmentEmission` rows: as CSV (BOM
/// and CRLF are handled by ``CSVReader``) and as OData JSON pages (`value`, `@odata.nextLink`).
///
/// `totalEmissions` is in metric tons CO2e and converted to kg; `dateKey` is `yyyymmdd` with the day always 01;
/// each row is one scope (1, 2 or 3) of one service in one region. Microsoft's figures are market-based.
package enum EmissionsImpactDashboardImporter {
    package static func readCSV(_ file: InputFile, delimiter: UInt8, decimalComma: Bool) throws(IngestError)
        -> ImportResult
    {
        var reader = try file.csvReader(delimiter: delimiter)
        guard let headerRecord = try reader.next() else { throw .empty(file: file.name) }
        var result = try readRows(
            header: CSVHeader(headerRecord), file: file.name, decimalComma: decimalComma,
            next: { () throws(IngestError) in try reader.next() },
            provenance: { Provenance(file: file.name, line: $0) })
        if let fallback = reader.fallback {
            result.diagnostics += SetAsideRows(file: file.name).diagnostics(fallback: fallback)
        }
        result.diagnostics.append(.note(file.name, "Emissions Impact Dashboard metric tons CO2e converted to kg"))
        return result
    }

    /// The Excel workbook Power BI exports from a visual: the first sheet whose header has `dateKey` and
    /// `totalEmissions` (in any of the alias spellings) is read; other sheets are noted and skipped.
    package static func readXLSX(_ file: InputFile) throws(IngestError) -> ImportResult {
        let workbook = try XLSXWorkbook(fileName: file.name, data: try file.contents())
        var skipped: [String] = []
        for sheet in workbook.sheets {
            let rows = try workbook.rows(of: sheet.path)
            guard let first = rows.first else { continue }
            let header = CSVHeader(CSVRecord(line: first.row, byteOffset: 0, fields: first.cells))
            guard header.contains("dateKey", "totalEmissions") else {
                skipped.append(sheet.name)
                continue
            }
            var iterator = rows.dropFirst().makeIterator()
            var result = try readRows(
                header: header, file: file.name, decimalComma: false,
                next: { () throws(IngestError) in
                    iterator.next().map { row in
                        CSVRecord(
                            line: row.row, byteOffset: 0,
                            fields: row.cells
                                + Array(repeating: "", count: max(0, header.fields.count - row.cells.count)))
                    }
                },
                provenance: { Provenance(file: file.name, line: nil, pointer: "\(sheet.name)!\($0)") })
            if !skipped.isEmpty || workbook.sheets.count > 1 {
                let others = workbook.sheets.map(\.name).filter { $0 != sheet.name }
                if !others.isEmpty {
                    result.diagnostics.append(
                        .note(
                            file.name,
                            "sheet \(sheet.name) read; other sheets skipped: \(others.joined(separator: ", "))"))
                }
            }
            result.diagnostics.append(.note(file.name, "Emissions Impact Dashboard metric tons CO2e converted to kg"))
            return result
        }
        throw .unknownFormat(
            file: file.name,
            found:
                "a workbook whose sheets (\(workbook.sheets.map(\.name).joined(separator: ", "))) have no dateKey and totalEmissions columns",
            known: ["Emissions Impact Dashboard workbook (dateKey, totalEmissions)"])
    }

    /// The rows of an `EnrollmentEmission` table, whatever container they came in.
    private static func readRows(
        header: CSVHeader, file: String, decimalComma: Bool, next: () throws(IngestError) -> CSVRecord?,
        provenance: (Int) -> Provenance
    ) throws(IngestError) -> ImportResult {
        guard let dateKey = header.position(of: "dateKey") else {
            throw .missingColumn(file: file, line: header.line, column: "dateKey", header: header.text)
        }
        guard let total = header.position(of: "totalEmissions") else {
            throw .missingColumn(file: file, line: header.line, column: "totalEmissions", header: header.text)
        }
        var result = ImportResult()
        var rows = SetAsideRows(file: file)
        while let record = try next() {
            guard rows.screen(record), rows.checkFieldCount(record, expected: header.fields.count) else { continue }
            if record.fields.allSatisfy({ $0.isEmpty }) { continue }
            let keyText =
                record.fields[dateKey].hasSuffix(".0")
                ? String(record.fields[dateKey].dropLast(2)) : record.fields[dateKey]
            guard let period = YearMonth(keyText) else {
                rows.setAside(
                    line: record.line, column: dateKey + 1,
                    "dateKey: expected a date yyyymmdd from 1900 to 2200, found \"\(escapedExcerpt(record.fields[dateKey]))\""
                )
                continue
            }
            guard let parsed = parseNumber(record.fields[total], decimalComma: decimalComma), let tons = parsed,
                quantityProblem(tons) == nil
            else {
                rows.setAside(
                    line: record.line, column: total + 1,
                    "totalEmissions: expected a number of metric tons CO2e ≥ 0, found \"\(escapedExcerpt(record.fields[total]))\""
                )
                continue
            }
            var fields: [String: String] = [:]
            for name in [
                "subscriptionId", "subscriptionName", "azureServiceName", "subService", "azureRegionName", "scope",
                "scopeId", "enrollmentId",
            ] {
                if let position = header.position(of: name) { fields[name] = record.fields[position] }
            }
            result.rowCount += 1
            result.records.append(
                makeRecord(period: period, tons: tons, fields: fields, provenance: provenance(record.line)))
        }
        result.diagnostics += rows.diagnostics()
        return result
    }

    package static func readJSON(_ file: InputFile) throws(IngestError) -> ImportResult {
        let root = try JSONNode.parse(try file.jsonContents(), file: file.name)
        guard let items = root["value"]?.elements else {
            throw .invalidJSON(
                file: file.name, pointer: "/value", found: root["value"]?.kindDescription ?? "nothing",
                expected: "an array of EnrollmentEmission rows")
        }
        var result = ImportResult()
        var rows = SetAsideRows(file: file.name)
        for item in items {
            // A number is read only when it is a whole number of eight digits: `Int(_:)` of NaN, infinity or 1e300
            // would trap.
            let node = item["dateKey"]
            let key: String
            if let value = node?.value as? NSNumber, !isJSONBoolean(value), let whole = Int(exactly: value.doubleValue),
                (10_000_000...99_999_999).contains(whole)
            {
                key = String(whole)
            } else {
                key = (node?.value as? String) ?? ""
            }
            guard let period = YearMonth(key) else {
                rows.setAside(
                    line: nil,
                    "\(item.pointer)/dateKey: expected a dateKey yyyymmdd from 1900 to 2200, found \(node.map { escapedExcerpt($0.string ?? $0.kindDescription) } ?? "nothing")"
                )
                continue
            }
            guard let tons = item["totalEmissions"]?.number, quantityProblem(tons) == nil else {
                rows.setAside(
                    line: nil,
                    "\(item.pointer)/totalEmissions: expected a number of metric tons CO2e ≥ 0, found \(item["totalEmissions"].map { escapedExcerpt($0.string ?? $0.kindDescription) } ?? "nothing")"
                )
                continue
            }
            var fields: [String: String] = [:]
            for name in [
                "subscriptionId", "subscriptionName", "azureServiceName", "subService", "azureRegionName", "scope",
                "scopeId", "enrollmentId",
            ] {
                if let value = item[name]?.string { fields[name] = value }
            }
            result.rowCount += 1
            result.records.append(
                makeRecord(
                    period: period, tons: tons, fields: fields,
                    provenance: Provenance(file: file.name, pointer: item.pointer)))
        }
        result.diagnostics += rows.diagnostics()
        if let next = root["@odata.nextLink"]?.string, !next.isEmpty {
            result.diagnostics.append(
                .note(file.name, "@odata.nextLink is set: this is one page; add every page's file"))
        }
        return result
    }

    private static func makeRecord(period: YearMonth, tons: Double, fields: [String: String], provenance: Provenance)
        -> EmissionRecord
    {
        let scopeText = (fields["scopeId"] ?? "") + (fields["scope"] ?? "")
        let scope: EmissionScope =
            scopeText.contains("1")
            ? .scope1 : scopeText.contains("2") ? .scope2 : scopeText.contains("3") ? .scope3 : .scopes123
        var identifiers = SourceIdentifiers()
        identifiers.granularity = .service
        identifiers.subscription = fields["subscriptionId"]
        identifiers.serviceName = fields["azureServiceName"]
        identifiers.region = fields["azureRegionName"]
        for name in ["subscriptionName", "subService", "scope", "scopeId", "enrollmentId"] {
            if let value = fields[name] { identifiers.display[name] = value }
        }
        return EmissionRecord(
            period: period, source: .emissionsImpactDashboard, scope: scope, energyKWh: nil, kgCO2e: tons * 1000,
            method: .providerReported, basis: .market, provenance: provenance, identifiers: identifiers)
    }
}
