/// Reads Cloud Carbon Footprint API JSON: `GET /api/footprint` (`EstimationResult[]`, any `groupBy`) and
/// `GET /api/recommendations`.
///
/// CCF's numbers are kept as given (co2e in metric tons, converted to kg). Its `kilowattHours` include a figure
/// back-computed from embodied emissions, so energy is marked not comparable with measured energy. A period longer
/// than a month (`quarter`, `year`) cannot be split without inventing a profile: such records are undated.
package enum CCFJSONImporter {
    package static func readFootprint(_ file: InputFile) throws(IngestError) -> ImportResult {
        let root = try JSONNode.parse(try file.contents(), file: file.name)
        guard let periods = root.elements else {
            throw .invalidJSON(
                file: file.name, pointer: "", found: root.kindDescription, expected: "an array of EstimationResult")
        }
        var result = ImportResult()
        for period in periods {
            let timestamp = try period.requiredString("timestamp")
            guard let month = YearMonth(timestamp) else {
                throw .invalidJSON(
                    file: file.name, pointer: period.pointer + "/timestamp", found: "\"\(timestamp)\"",
                    expected: "an ISO 8601 date")
            }
            let groupBy = period["groupBy"]?.string ?? "day"
            for estimate in period["serviceEstimates"]?.elements ?? [] {
                result.rowCount += 1
                let tons = try estimate.requiredNumber("co2e")
                let kWh = try estimate.requiredNumber("kilowattHours")
                var identifiers: [String: String] = ["groupBy": groupBy]
                for key in ["serviceName", "region", "accountId", "accountName", "cloudProvider"] {
                    if let value = estimate[key]?.string { identifiers[key] = value }
                }
                for (key, value) in estimate["tags"]?.object ?? [:] { identifiers["tag:" + key] = "\(value)" }
                if let cost = estimate["cost"]?.number { identifiers["cost"] = String(cost) }
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
        if result.records.isEmpty, !result.undated.isEmpty {
            result.diagnostics.append(
                .warning(file.name, "grouped by quarter or year: not split into months; re-export with groupBy=month"))
        }
        result.diagnostics.append(
            .note(file.name, "CCF metric tons CO2e converted to kg; CCF kWh include back-computed embodied energy"))
        return result
    }

    package static func readRecommendations(_ file: InputFile) throws(IngestError) -> ImportResult {
        let root = try JSONNode.parse(try file.contents(), file: file.name)
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
