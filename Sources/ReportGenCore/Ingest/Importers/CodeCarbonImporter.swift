import Foundation

/// Reads CodeCarbon `emissions.csv` files of every column set from 1.x to 3.3, and per-task files (`task_name`).
///
/// Columns are found by name, never by position. `emissions` is kgCO2eq and `energy_consumed` kWh with PUE already
/// applied. Timestamps are local time without a zone, read in the workspace's time zone.
///
/// Runs: a run flushed several times writes several cumulative rows with one start (the timestamp minus the
/// duration stays within a few seconds): only the longest is kept, with one note per run. A row whose start differs
/// is another run, whatever its `run_id` says, so the `None` that CodeCarbon 2.8 writes, an empty `run_id` or one
/// reused by a later run never merge distinct runs. A malformed row (field count, a number, the timestamp, NUL bytes)
/// is set aside with its line and reading goes on.
package enum CodeCarbonImporter {
    /// Two rows of one run start within this many seconds (CodeCarbon writes whole-second timestamps), or within
    /// 0.1 % of the duration for long runs.
    package static let sameStartToleranceSeconds = 5.0

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
        func column(_ name: String) -> Int? { header.position(of: name) }
        let project = column("project_name")
        let runId = column("run_id")
        let experiment = column("experiment_id")
        let taskName = column("task_name")
        let region = column("region")
        let cloudRegion = column("cloud_region")
        let pue = column("pue")
        let display: [(String, Int)] = [
            "country_iso_code", "codecarbon_version", "gpu_model", "cpu_model", "on_cloud", "cloud_provider",
            "cpu_energy", "gpu_energy", "ram_energy",
        ].compactMap { name in header.position(of: name).map { (name, $0) } }
        var result = ImportResult()
        var rows = SetAsideRows(file: file.name)
        /// Per run key (`run_id` and task), the last few runs seen: their start, duration and record index.
        var runs: [String: [(start: Double, duration: Double, index: Int)]] = [:]
        var flushedRuns: [String: (rows: Int, firstLine: Int)] = [:]
        var clock = LocalClock(timeZone: context.timeZone)
        while let record = try reader.next() {
            guard rows.screen(record),
                rows.checkFieldCount(
                    record, expected: header.fields.count, hint: "CodeCarbon 3.2.9/3.3.0 appends shifted rows")
            else { continue }
            let fields = record.fields
            func number(_ position: Int, _ name: String) -> Double?? {
                guard let parsed = parseNumber(fields[position], decimalComma: decimalComma) else {
                    rows.setAside(
                        line: record.line, column: position + 1,
                        "\(name): expected a number, found \"\(escapedExcerpt(fields[position]))\"")
                    return nil
                }
                if let value = parsed, let problem = quantityProblem(value) {
                    rows.setAside(
                        line: record.line, column: position + 1,
                        "\(name): expected \(problem), found \(escapedExcerpt(fields[position]))")
                    return nil
                }
                return .some(parsed)
            }
            guard let secondsField = number(duration, "duration"), let kgField = number(emissions, "emissions")
            else { continue }
            // CodeCarbon leaves emissions empty when a run ended before its first measurement.
            guard let seconds = secondsField, let kg = kgField else {
                let empty = [secondsField == nil ? "duration" : nil, kgField == nil ? "emissions" : nil]
                    .compactMap { $0 }.joined(separator: " and ")
                rows.setAside(line: record.line, "\(empty) is empty (a run that ended before its first measurement)")
                continue
            }
            var kWh: Double?
            if let energy {
                guard let parsed = number(energy, "energy_consumed") else { continue }
                kWh = parsed
            }
            guard let local = clock.parse(fields[timestamp]) else {
                rows.setAside(
                    line: record.line, column: timestamp + 1,
                    "timestamp: expected a local time YYYY-MM-DDTHH:MM:SS from 1900 to 2200, found \"\(escapedExcerpt(fields[timestamp]))\""
                )
                continue
            }
            var identifiers = SourceIdentifiers()
            func text(_ position: Int?) -> String? {
                guard let position, !fields[position].isEmpty else { return nil }
                return fields[position]
            }
            identifiers.project = text(project)
            identifiers.experiment = text(experiment)
            identifiers.taskName = text(taskName)
            identifiers.runId = text(runId).flatMap { $0 == "None" ? nil : $0 }
            identifiers.region = text(region) ?? text(cloudRegion)
            identifiers.granularity = taskName == nil ? .run : .task
            identifiers.durationSeconds = seconds
            identifiers.timestampSeconds = Double(local.utcSeconds)
            if let pue, let parsed = parseNumber(fields[pue], decimalComma: decimalComma), let value = parsed,
                quantityProblem(value) == nil
            {
                identifiers.pue = value
            }
            for (name, position) in display where !fields[position].isEmpty {
                identifiers.display[name] = fields[position]
            }
            let emission = EmissionRecord(
                period: local.month,
                day: String(fields[timestamp].prefix(10)), source: .codeCarbon, scope: .operational,
                energyKWh: kWh, kgCO2e: kg, method: .measured, basis: .location,
                provenance: Provenance(file: file.name, line: record.line), identifiers: identifiers)
            result.rowCount += 1
            let key = (identifiers.runId ?? "") + "|" + (identifiers.taskName ?? "")
            let start = Double(local.utcSeconds) - seconds
            let tolerance = max(sameStartToleranceSeconds, 0.001 * seconds)
            if let position = runs[key]?.lastIndex(where: { abs($0.start - start) <= tolerance }),
                let previous = runs[key]?[position]
            {
                let name = identifiers.runId ?? "without run_id"
                flushedRuns[name + "|" + (identifiers.taskName ?? ""), default: (0, record.line)].rows += 1
                if seconds > previous.duration {
                    result.records[previous.index] = emission
                    runs[key]?[position] = (start, seconds, previous.index)
                }
                continue
            }
            runs[key, default: []].append((start, seconds, result.records.count))
            // Flushes follow their run closely: a bounded window keeps memory flat whatever the file's size.
            if let count = runs[key]?.count, count > 8 { runs[key]?.removeFirst(count - 8) }
            result.records.append(emission)
        }
        for key in flushedRuns.keys.sorted() {
            guard let entry = flushedRuns[key] else { continue }
            let parts = key.split(separator: "|", omittingEmptySubsequences: false)
            let task = parts.count > 1 && !parts[1].isEmpty ? ", task \(parts[1])" : ""
            result.diagnostics.append(
                .note(
                    file.name, line: entry.firstLine,
                    "run \(parts.first ?? "")\(task) was written more than once (flush): only its longest row is kept"
                ))
        }
        result.diagnostics += rows.diagnostics(fallback: reader.fallback)
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

    /// The local month and the UTC instant (seconds since 1970), or `nil` when the text is not a valid timestamp of
    /// the years 1900 to 2200 (a day that the month does not have, such as 02-31, is refused, not rolled over).
    package mutating func parse(_ text: String) -> (month: YearMonth, utcSeconds: Int)? {
        let parts = text.split(whereSeparator: { "-T :.".contains($0) }).prefix(6).map { $0.count <= 4 ? Int($0) : nil }
        guard parts.count == 6, let year = parts[0], let month = parts[1], let day = parts[2], let hour = parts[3],
            let minute = parts[4], let second = parts[5], (1900...2200).contains(year), (1...12).contains(month),
            (1...daysIn(year: year, month: month)).contains(day), hour < 24, minute < 60, second < 61
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
        return (YearMonth(year: year, month: month), local - offset)
    }
}

/// The number of days of a month of the proleptic Gregorian calendar.
func daysIn(year: Int, month: Int) -> Int {
    switch month {
    case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
}
