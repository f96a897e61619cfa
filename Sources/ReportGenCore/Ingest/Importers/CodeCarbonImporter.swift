import Foundation

/// Reads CodeCarbon `emissions.csv` files of every column set from 1.x to 3.3, and per-task files (`task_name`).
///
/// Columns are found by name, never by position. `emissions` is kgCO2eq and `energy_consumed` kWh with PUE already
/// applied. Timestamps are local time without a zone, read in the workspace's time zone. A run flushed several times
/// writes several cumulative rows with one `run_id`: only the longest is kept. A row whose field count differs from
/// the header (the shifted rows of 3.2.9/3.3.0) is set aside with a warning naming its line.
package enum CodeCarbonImporter {
    package static func read(_ file: InputFile, delimiter: UInt8, decimalComma: Bool, context: ImportContext)
        throws(IngestError)
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
            "gpu_model", "cpu_model", "pue", "on_cloud", "cloud_region", "cpu_energy", "gpu_energy", "ram_energy",
        ].compactMap { name in header.position(of: name).map { (name, $0) } }
        var result = ImportResult()
        var longestByRun: [String: (duration: Double, index: Int)] = [:]
        var clock = LocalClock(timeZone: context.timeZone)
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
            guard let local = clock.parse(record.fields[timestamp]) else {
                throw .invalidField(
                    file: file.name, line: record.line, column: timestamp + 1, field: "timestamp",
                    found: record.fields[timestamp], expected: "a local time YYYY-MM-DDTHH:MM:SS")
            }
            var identifiers: [String: String] = ["durationSeconds": String(seconds)]
            for (name, column) in optional where !record.fields[column].isEmpty {
                identifiers[name] = record.fields[column]
            }
            identifiers["timestampUTC"] = local.utc
            let emission = EmissionRecord(
                period: local.month,
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
}

/// Reads zone-less local timestamps (`YYYY-MM-DDTHH:MM:SS[.ffffff]`, or with a space) in a time zone: the month is the
/// local one, and the UTC instant uses the zone's offset at that time (cached per local hour, so a file of a million
/// rows costs a few hundred zone look-ups).
package struct LocalClock {
    package let timeZone: TimeZone
    private var offsets: [Int: Int] = [:]

    package init(timeZone: TimeZone) { self.timeZone = timeZone }

    /// The local month and the UTC instant as ISO 8601, or `nil` when the text is not a timestamp.
    package mutating func parse(_ text: String) -> (month: YearMonth, utc: String)? {
        let parts = text.split(whereSeparator: { "-T :.".contains($0) }).prefix(6).map { Int($0) }
        guard parts.count == 6, let year = parts[0], let month = parts[1], let day = parts[2], let hour = parts[3],
            let minute = parts[4], let second = parts[5], (1...12).contains(month), (1...31).contains(day), hour < 24,
            minute < 60, second < 61
        else { return nil }
        let local = daysFromCivil(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second
        let key = local / 3600
        let offset: Int
        if let cached = offsets[key] {
            offset = cached
        } else {
            // The offset at the local time read as UTC, then at the UTC instant it gives: right except within the
            // hour of a change of offset.
            let first = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(local)))
            offset = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(local - first)))
            offsets[key] = offset
        }
        let utc = local - offset
        let days = utc >= 0 ? utc / 86_400 : (utc - 86_399) / 86_400
        let monthUTC = civilMonth(fromEpochSeconds: utc)
        let dayStart = days * 86_400
        let firstOfMonth = daysFromCivil(year: monthUTC.year, month: monthUTC.month, day: 1)
        let secondsOfDay = utc - dayStart
        let text = String(
            format: "%04d-%02d-%02dT%02d:%02d:%02dZ", monthUTC.year, monthUTC.month, days - firstOfMonth + 1,
            secondsOfDay / 3600, secondsOfDay / 60 % 60, secondsOfDay % 60)
        return (YearMonth(year: year, month: month), text)
    }
}
