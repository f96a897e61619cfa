import Foundation

/// Reads CodeCarbon `emissions.csv` files of every column set from 1.x to 3.3, and per-task files (`task_name`).
///
/// Columns are found by name, never by position. `emissions` is kgCO2eq and `energy_consumed` kWh with PUE already
/// applied. Timestamps are local time without a zone, read in the workspace's time zone. A run flushed several times
/// writes several cumulative rows with one `run_id`: only the longest is kept. A row whose field count differs from
/// the header (the shifted rows of 3.2.9/3.3.0) is set aside with a warning naming its line.
enum CodeCarbonImporter {
    static func read(_ file: InputFile, delimiter: UInt8, decimalComma: Bool, context: ImportContext) throws(IngestError)
        -> ImportResult
    {
        var reader = try file.csvReader(delimiter: delimiter)
        guard let headerRecord = try reader.next() else { throw .empty(file: file.name) }
        let header = CSVHeader(headerRecord)
        func required(_ name: String) throws(IngestError) -> Int {
            guard let position = header.position(of: name) else {
                throw .missingColumn(file: file.name, line: headerRecord.line, column: name, header: header.text)
            }
            return position
        }
        let timestamp = try required("timestamp")
        let duration = try required("duration")
        let emissions = try required("emissions")
        let energy = header.position(of: "energy_consumed")
        let optional: [(String, Int)] = [
            "project_name", "run_id", "experiment_id", "task_name", "country_iso_code", "region", "codecarbon_version",
            "gpu_model", "cpu_model", "pue", "on_cloud", "cloud_region",
        ].compactMap { name in header.position(of: name).map { (name, $0) } }
        var result = ImportResult()
        var longestByRun: [String: (duration: Double, index: Int)] = [:]
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = context.timeZone
        while let record = try reader.next() {
            guard record.fields.count == header.fields.count else {
                result.diagnostics.append(
                    .warning(
                        file.name, line: record.line,
                        "\(record.fields.count) fields, expected \(header.fields.count) as in the header (CodeCarbon 3.2.9/3.3.0 appends shifted rows); row set aside"
                    ))
                continue
            }
            func number(_ column: Int, _ name: String) throws(IngestError) -> Double? {
                guard let parsed = parseNumber(record.fields[column], decimalComma: decimalComma) else {
                    throw .invalidField(
                        file: file.name, line: record.line, column: column + 1, field: name,
                        found: record.fields[column], expected: "a number")
                }
                return parsed
            }
            // CodeCarbon leaves emissions empty when a run ended before its first measurement.
            guard let seconds = try number(duration, "duration"), let kg = try number(emissions, "emissions") else {
                result.diagnostics.append(
                    .warning(file.name, line: record.line, "duration or emissions is empty; row set aside"))
                continue
            }
            let kWh = try energy.flatMap { column throws(IngestError) in try number(column, "energy_consumed") }
            guard let local = parseLocalTimestamp(record.fields[timestamp], calendar: calendar) else {
                throw .invalidField(
                    file: file.name, line: record.line, column: timestamp + 1, field: "timestamp",
                    found: record.fields[timestamp], expected: "a local time YYYY-MM-DDTHH:MM:SS")
            }
            var identifiers: [String: String] = ["durationSeconds": String(seconds)]
            for (name, column) in optional where !record.fields[column].isEmpty { identifiers[name] = record.fields[column] }
            identifiers["timestampUTC"] = ISO8601DateFormatter().string(from: local)
            let components = calendar.dateComponents([.year, .month], from: local)
            let emission = EmissionRecord(
                period: YearMonth(year: components.year ?? 1970, month: components.month ?? 1),
                day: String(record.fields[timestamp].prefix(10)), source: .codeCarbon, scope: .operational,
                energyKWh: kWh, kgCO2e: kg, method: .measured, basis: .location,
                provenance: Provenance(file: file.name, line: record.line), identifiers: identifiers)
            result.rowCount += 1
            if let run = identifiers["run_id"] {
                let key = run + "|" + (identifiers["task_name"] ?? "")
                if let previous = longestByRun[key] {
                    result.diagnostics.append(
                        .note(
                            file.name, line: record.line,
                            "run \(run) was written more than once (flush): only its longest row is kept"))
                    if seconds > previous.duration {
                        result.records[previous.index] = emission
                        longestByRun[key] = (seconds, previous.index)
                    }
                    continue
                }
                longestByRun[key] = (seconds, result.records.count)
            }
            result.records.append(emission)
        }
        return result
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.ffffff]` (or with a space) as a local time in the calendar's zone.
    static func parseLocalTimestamp(_ text: String, calendar: Calendar) -> Date? {
        let digits = text.split(whereSeparator: { "-T :.".contains($0) }).map { Int($0) }
        guard digits.count >= 6, digits.prefix(6).allSatisfy({ $0 != nil }) else { return nil }
        var components = DateComponents()
        components.year = digits[0]
        components.month = digits[1]
        components.day = digits[2]
        components.hour = digits[3]
        components.minute = digits[4]
        components.second = digits[5]
        return calendar.date(from: components)
    }
}
