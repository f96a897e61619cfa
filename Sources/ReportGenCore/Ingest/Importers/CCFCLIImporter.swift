/// Reads the Cloud Carbon Footprint CLI's CSV (`--format csv`) in its three groupings.
///
/// CCF writes metric tons CO2e, converted to kg here; its kWh include a figure back-computed from embodied
/// emissions, so records are marked not comparable with measured energy. The `Total` row is checked against the
/// sum of the rows and not counted. The CLI does not quote, so a service name with a comma shifts the columns: in
/// the `service` grouping the extra fields are joined back into the name, with a warning.
package enum CCFCLIImporter {
    package static func read(
        _ file: InputFile, format: InputFormat, delimiter: UInt8, decimalComma: Bool
    ) throws(IngestError) -> ImportResult {
        var reader = try file.csvReader(delimiter: delimiter)
        guard let headerRecord = try reader.next() else { throw .empty(file: file.name) }
        let header = headerRecord.fields
        var result = ImportResult()
        var rows = SetAsideRows(file: file.name)
        var sums: [Double] = []
        var total: (record: CSVRecord, values: [Double])?
        let columns =
            format == .ccfCLIDayAndService ? try dayAndServiceColumns(header, file: file, line: headerRecord.line) : []
        rows: while let record = try reader.next() {
            guard rows.screen(record) else { continue }
            if record.fields.first == "Total" {
                total = (
                    record, record.fields.dropFirst().compactMap { parseNumber($0, decimalComma: decimalComma) ?? nil }
                )
                continue
            }
            var fields = record.fields
            if format == .ccfCLIService, fields.count > header.count {
                let extra = fields.count - header.count
                let name = fields[0...extra].joined(separator: ",")
                result.diagnostics.append(
                    .warning(
                        file.name, line: record.line,
                        "\(fields.count) fields, expected \(header.count): the CLI does not quote, so the service name \"\(name)\" contained a comma; its fields were joined back"
                    ))
                fields.replaceSubrange(0...extra, with: [name])
            }
            guard fields.count == header.count else {
                rows.setAside(
                    line: record.line,
                    "\(fields.count) fields, expected \(header.count) as in the header (the CCF CLI does not quote fields, so a service name containing a comma shifts the columns)"
                )
                continue
            }
            var values: [Double] = []
            for (index, text) in fields.enumerated().dropFirst() {
                if format == .ccfCLIService, index == 3, text.isEmpty { values.append(0); continue }
                guard let parsed = parseNumber(text, decimalComma: decimalComma), let value = parsed,
                    quantityProblem(value, allowsNegative: format == .ccfCLIService && index == 3) == nil
                else {
                    rows.setAside(
                        line: record.line, column: index + 1,
                        "\(header[index]): expected a number ≥ 0, found \"\(escapedExcerpt(text))\"")
                    continue rows
                }
                values.append(value)
            }
            result.rowCount += 1
            let provenance = Provenance(file: file.name, line: record.line)
            switch format {
            case .ccfCLIService:
                result.undated.append(
                    ccfRecord(
                        period: YearMonth(year: 1970, month: 1), day: nil, service: fields[0], kWh: values[0],
                        tons: values[1], provenance: provenance))
            case .ccfCLIDay, .ccfCLIDayAndService:
                guard let period = YearMonth(fields[0]), fields[0].count == 10,
                    parseISO8601Seconds(fields[0] + "T00:00:00Z") != nil
                else {
                    rows.setAside(
                        line: record.line, column: 1,
                        "\(header[0]): expected a date YYYY-MM-DD or Total, found \"\(escapedExcerpt(fields[0]))\"")
                    continue rows
                }
                if format == .ccfCLIDay {
                    result.records.append(
                        ccfRecord(
                            period: period, day: fields[0], service: nil, kWh: values[0], tons: values[1],
                            provenance: provenance))
                } else {
                    for column in columns where values[column.kWh - 1] != 0 || values[column.tons - 1] != 0 {
                        result.records.append(
                            ccfRecord(
                                period: period, day: fields[0], service: column.service, kWh: values[column.kWh - 1],
                                tons: values[column.tons - 1], provenance: provenance))
                    }
                }
            default:
                break
            }
            if sums.isEmpty { sums = values.map { _ in 0 } }
            for index in values.indices where index < sums.count { sums[index] += values[index] }
        }
        if let total {
            for (index, value) in total.values.enumerated() where index < sums.count {
                // The CLI rounds kWh to 2 decimals and tons to 6, so a row-count-scaled rounding tolerance applies.
                let tolerance = Double(result.rowCount) * 0.006 + 0.011
                if abs(sums[index] - value) > tolerance * max(1, abs(value) / 1000) {
                    result.diagnostics.append(
                        .warning(
                            file.name, line: total.record.line,
                            "the Total row gives \(value) for \"\(header[index + 1])\" but the rows sum to \(sums[index])"
                        ))
                }
            }
        } else {
            result.diagnostics.append(
                .warning(file.name, "no Total row: the CCF CLI always writes one, so the file may be truncated"))
        }
        result.diagnostics += rows.diagnostics(fallback: reader.fallback)
        result.diagnostics.append(
            .note(file.name, "CCF metric tons CO2e converted to kg; CCF kWh include back-computed embodied energy"))
        return result
    }

    /// The (service, kWh column, tons column) triples of a `dayAndService` header, skipping the `SUM` pair.
    private static func dayAndServiceColumns(_ header: [String], file: InputFile, line: Int) throws(IngestError)
        -> [(service: String, kWh: Int, tons: Int)]
    {
        var columns: [(String, Int, Int)] = []
        var index = 1
        while index + 1 < header.count {
            let kWhName = header[index]
            let tonsName = header[index + 1]
            guard kWhName.hasSuffix(" kilowatt hours"), tonsName.hasSuffix(" metric tons CO2e Emissions"),
                kWhName.dropLast(" kilowatt hours".count) == tonsName.dropLast(" metric tons CO2e Emissions".count)
            else {
                throw .invalidField(
                    file: file.name, line: line, column: index + 1, field: "header", found: kWhName,
                    expected:
                        "\"<service> kilowatt hours\" followed by \"<service> metric tons CO2e Emissions\" (a service name with a comma shifts the unquoted header)"
                )
            }
            let service = String(kWhName.dropLast(" kilowatt hours".count))
            if service != "SUM" { columns.append((service, index, index + 1)) }
            index += 2
        }
        return columns
    }

    private static func ccfRecord(
        period: YearMonth, day: String?, service: String?, kWh: Double, tons: Double, provenance: Provenance
    ) -> EmissionRecord {
        var identifiers = SourceIdentifiers()
        identifiers.serviceName = service
        return EmissionRecord(
            period: period, day: day, service: nil, language: nil, source: .ccfCSV, scope: .operationalAndEmbodied,
            energyKWh: kWh, kgCO2e: tons * 1000, method: .estimated, basis: .location, isEnergyComparable: false,
            provenance: provenance, identifiers: identifiers)
    }
}
