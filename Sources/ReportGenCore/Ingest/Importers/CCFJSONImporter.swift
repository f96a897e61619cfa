/// Reads Cloud Carbon Footprint API JSON: `GET /api/footprint` (`EstimationResult[]`, any `groupBy`) and
/// `GET /api/recommendations`.
///
/// CCF's numbers are kept as given (co2e in metric tons, converted to kg). Its `kilowattHours` include a figure
/// back-computed from embodied emissions, so energy is marked not comparable with measured energy. A period longer
/// than a month (`quarter`, `year`) cannot be split without inventing a profile: such records are undated.
///
/// An element that is not an estimation result is set aside with its pointer and reading goes on, except the empty
/// array CCF itself appends to a cache (`…}, []]`) and reads back, which is skipped with a note.
package enum CCFJSONImporter {
    package static func readFootprint(_ file: InputFile) throws(IngestError) -> ImportResult {
        let root = try JSONNode.parse(try file.jsonContents(), file: file.name)
        guard let periods = root.elements else {
            throw .invalidJSON(
                file: file.name, pointer: "", found: root.kindDescription, expected: "an array of EstimationResult")
        }
        var result = ImportResult()
        var rows = SetAsideRows(file: file.name)
        var emptyElements = 0
        for period in periods {
            if let empty = period.array, empty.isEmpty {
                emptyElements += 1
                continue
            }
            guard period.object != nil else {
                rows.setAside(
                    line: nil, "\(period.pointer): expected an EstimationResult object, found \(period.kindDescription)"
                )
                continue
            }
            guard let timestamp = period["timestamp"]?.string, let month = YearMonth(timestamp) else {
                rows.setAside(
                    line: nil,
                    "\(period.pointer)/timestamp: expected an ISO 8601 date from 1900 to 2200, found \(period["timestamp"].map { "\"\(escapedExcerpt($0.string ?? $0.kindDescription))\"" } ?? "nothing")"
                )
                continue
            }
            let groupBy = period["groupBy"]?.string ?? "day"
            for estimate in period["serviceEstimates"]?.elements ?? [] {
                result.rowCount += 1
                var quantities: [Double] = []
                for key in ["co2e", "kilowattHours"] {
                    guard let value = estimate[key]?.number, quantityProblem(value) == nil else {
                        rows.setAside(
                            line: nil,
                            "\(estimate.pointer)/\(key): expected a number ≥ 0, found \(estimate[key].map { escapedExcerpt($0.string ?? $0.kindDescription) } ?? "nothing")"
                        )
                        break
                    }
                    quantities.append(value)
                }
                guard quantities.count == 2 else { continue }
                let tons = quantities[0]
                let kWh = quantities[1]
                var identifiers = SourceIdentifiers()
                identifiers.serviceName = estimate["serviceName"]?.string
                identifiers.region = estimate["region"]?.string
                identifiers.subscription = estimate["accountId"]?.string
                identifiers.display["groupBy"] = groupBy
                for key in ["accountName", "cloudProvider"] {
                    if let value = estimate[key]?.string { identifiers.display[key] = value }
                }
                for (key, value) in estimate["tags"]?.object ?? [:] { identifiers.tags[key] = "\(value)" }
                if let cost = estimate["cost"]?.number { identifiers.display["cost"] = String(cost) }
                let record = EmissionRecord(
                    period: month, day: groupBy == "day" ? String(timestamp.prefix(10)) : nil, source: .ccfJSON,
                    scope: .operationalAndEmbodied, energyKWh: kWh, kgCO2e: tons * 1000, method: .estimated,
                    basis: .location, isEnergyComparable: false,
                    provenance: Provenance(file: file.name, pointer: estimate.pointer), identifiers: identifiers)
                if groupBy == "quarter" || groupBy == "year" {
                    result.undated.append(record)
                } else {
                    result.records.append(record)
                }
            }
        }
        if emptyElements > 0 {
            result.diagnostics.append(
                .note(
                    file.name,
                    "\(emptyElements) empty element\(emptyElements == 1 ? "" : "s") [] skipped (CCF appends one to its cache files and reads it back)"
                ))
        }
        result.diagnostics += rows.diagnostics()
        if result.records.isEmpty, !result.undated.isEmpty {
            result.diagnostics.append(
                .warning(file.name, "grouped by quarter or year: not split into months; re-export with groupBy=month"))
        }
        result.diagnostics.append(
            .note(file.name, "CCF metric tons CO2e converted to kg; CCF kWh include back-computed embodied energy"))
        return result
    }

    package static func readRecommendations(_ file: InputFile) throws(IngestError) -> ImportResult {
        let root = try JSONNode.parse(try file.jsonContents(), file: file.name)
        guard let items = root.elements else {
            throw .invalidJSON(
                file: file.name, pointer: "", found: root.kindDescription, expected: "an array of RecommendationResult")
        }
        var result = ImportResult()
        for item in items {
            result.rowCount += 1
            let type = try item.requiredString("recommendationType")
            result.recommendations.append(
                CloudRecommendation(
                    type: type, detail: item["recommendationDetail"]?.string ?? type,
                    resourceId: item["resourceId"]?.string ?? item["instanceName"]?.string ?? "",
                    region: item["region"]?.string ?? "",
                    energySavingKWh: try item.requiredNumber("kilowattHourSavings"),
                    kgCO2eSaving: try item.requiredNumber("co2eSavings") * 1000,
                    costSaving: item["costSavings"]?.number,
                    provenance: Provenance(file: file.name, pointer: item.pointer)))
        }
        return result
    }
}
