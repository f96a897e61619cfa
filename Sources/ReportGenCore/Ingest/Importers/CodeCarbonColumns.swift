import Foundation

/// Where a row's fields come from: ``CSVRecord`` strings (the general reader) or a line's bytes (the fast reader).
/// ``CodeCarbonColumns/parse(_:line:decimalComma:clock:rows:)`` reads both the same way.
protocol CodeCarbonFields {
    /// The field as a number, as ``parseNumber(_:decimalComma:)`` reads it.
    func number(_ position: Int, decimalComma: Bool) -> Double??
    /// A short escaped excerpt of the field, for messages.
    func excerpt(_ position: Int) -> String
    /// The field's text.
    mutating func text(_ position: Int) -> String
    /// The text of a field that differs on every row (`run_id`): not worth sharing.
    func uniqueText(_ position: Int) -> String
    func isEmpty(_ position: Int) -> Bool
    /// The field read as a zone-less local timestamp.
    func localTime(_ position: Int, clock: inout LocalClock) -> (month: YearMonth, utcSeconds: Int)?
}

extension CSVRecord: CodeCarbonFields {
    func number(_ position: Int, decimalComma: Bool) -> Double?? {
        parseNumber(fields[position], decimalComma: decimalComma)
    }
    func excerpt(_ position: Int) -> String { escapedExcerpt(fields[position]) }
    func text(_ position: Int) -> String { fields[position] }
    func uniqueText(_ position: Int) -> String { fields[position] }
    func isEmpty(_ position: Int) -> Bool { fields[position].isEmpty }
    func localTime(_ position: Int, clock: inout LocalClock) -> (month: YearMonth, utcSeconds: Int)? {
        clock.parse(fields[position])
    }
}

/// A CodeCarbon row kept for the run rule: its record, and what the rule compares.
struct CodeCarbonRow: Sendable {
    var emission: EmissionRecord
    /// `run_id` and task: the rows a flush can repeat.
    var key: String
    var startSeconds: Double
    var durationSeconds: Double
    var line: Int
}

/// The positions of the columns a CodeCarbon file gives, found by name in its header.
struct CodeCarbonColumns: Sendable {
    let file: String
    let count: Int
    let timestamp: Int
    let duration: Int
    let emissions: Int
    let energy: Int?
    let project: Int?
    let runId: Int?
    let experiment: Int?
    let taskName: Int?
    let region: Int?
    let cloudRegion: Int?
    let pue: Int?
    let display: [(String, Int)]

    /// - Throws: ``IngestError/missingColumn(file:line:column:header:)`` without `timestamp`, `duration` or
    ///   `emissions`.
    init(_ header: CSVHeader, file: String) throws(IngestError) {
        func required(_ name: String) throws(IngestError) -> Int {
            guard let position = header.position(of: name) else {
                throw .missingColumn(file: file, line: header.line, column: name, header: header.text)
            }
            return position
        }
        self.file = file
        count = header.fields.count
        timestamp = try required("timestamp")
        duration = try required("duration")
        emissions = try required("emissions")
        energy = header.position(of: "energy_consumed")
        project = header.position(of: "project_name")
        runId = header.position(of: "run_id")
        experiment = header.position(of: "experiment_id")
        taskName = header.position(of: "task_name")
        region = header.position(of: "region")
        cloudRegion = header.position(of: "cloud_region")
        pue = header.position(of: "pue")
        display = [
            "country_iso_code", "codecarbon_version", "gpu_model", "cpu_model", "on_cloud", "cloud_provider",
            "cpu_energy", "gpu_energy", "ram_energy",
        ].compactMap { name in header.position(of: name).map { (name, $0) } }
    }

    /// Reads one row whose field count is the header's; `nil` (with the row set aside in `rows`) when a number, the
    /// timestamp or an empty duration or emissions makes it unusable.
    func parse(
        _ fields: inout some CodeCarbonFields, line: Int, decimalComma: Bool, clock: inout LocalClock,
        rows: inout SetAsideRows
    ) -> CodeCarbonRow? {
        func number(_ position: Int, _ name: String) -> Double?? {
            guard let parsed = fields.number(position, decimalComma: decimalComma) else {
                rows.setAside(
                    line: line, column: position + 1,
                    "\(name): expected a number, found \"\(fields.excerpt(position))\"")
                return nil
            }
            if let value = parsed, let problem = quantityProblem(value) {
                rows.setAside(
                    line: line, column: position + 1, "\(name): expected \(problem), found \(fields.excerpt(position))")
                return nil
            }
            return .some(parsed)
        }
        guard let secondsField = number(duration, "duration"), let kgField = number(emissions, "emissions")
        else { return nil }
        // CodeCarbon leaves emissions empty when a run ended before its first measurement.
        guard let seconds = secondsField, let kg = kgField else {
            let empty = [secondsField == nil ? "duration" : nil, kgField == nil ? "emissions" : nil]
                .compactMap { $0 }.joined(separator: " and ")
            rows.setAside(line: line, "\(empty) is empty (a run that ended before its first measurement)")
            return nil
        }
        var kWh: Double?
        if let energy {
            guard let parsed = number(energy, "energy_consumed") else { return nil }
            kWh = parsed
        }
        guard let local = fields.localTime(timestamp, clock: &clock) else {
            rows.setAside(
                line: line, column: timestamp + 1,
                "timestamp: expected a local time YYYY-MM-DDTHH:MM:SS from 1900 to 2200, found \"\(fields.excerpt(timestamp))\""
            )
            return nil
        }
        var identifiers = SourceIdentifiers()
        func text(_ position: Int?) -> String? {
            guard let position, !fields.isEmpty(position) else { return nil }
            return fields.text(position)
        }
        identifiers.project = text(project)
        identifiers.experiment = text(experiment)
        identifiers.taskName = text(taskName)
        if let runId, !fields.isEmpty(runId) {
            let text = fields.uniqueText(runId)
            identifiers.runId = text == "None" ? nil : text
        }
        identifiers.region = text(region) ?? text(cloudRegion)
        identifiers.granularity = taskName == nil ? .run : .task
        identifiers.durationSeconds = seconds
        identifiers.timestampSeconds = Double(local.utcSeconds)
        if let pue, let parsed = fields.number(pue, decimalComma: decimalComma), let value = parsed,
            quantityProblem(value) == nil
        {
            identifiers.pue = value
        }
        for (name, position) in display where !fields.isEmpty(position) {
            identifiers.display[name] = fields.text(position)
        }
        let emission = EmissionRecord(
            period: local.month,
            day: String(fields.text(timestamp).prefix(10)), source: .codeCarbon, scope: .operational,
            energyKWh: kWh, kgCO2e: kg, method: .measured, basis: .location,
            provenance: Provenance(file: file, line: line), identifiers: identifiers)
        return CodeCarbonRow(
            emission: emission, key: (identifiers.runId ?? "") + "|" + (identifiers.taskName ?? ""),
            startSeconds: Double(local.utcSeconds) - seconds, durationSeconds: seconds, line: line)
    }
}
