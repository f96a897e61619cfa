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
    func uniqueText(_ position: Int) -> InlineText
    func isEmpty(_ position: Int) -> Bool
    /// The field read as a zone-less local timestamp.
    func localTime(_ position: Int, clock: inout LocalClock) -> (month: YearMonth, utcSeconds: Int)?
    /// Absorbs the field's UTF-8 bytes into `hasher`.
    func hash(_ position: Int, into hasher: inout Hash128)
}

extension CSVRecord: CodeCarbonFields {
    func number(_ position: Int, decimalComma: Bool) -> Double?? {
        parseNumber(fields[position], decimalComma: decimalComma)
    }
    func excerpt(_ position: Int) -> String { escapedExcerpt(fields[position]) }
    func text(_ position: Int) -> String { fields[position] }
    func uniqueText(_ position: Int) -> InlineText { InlineText(fields[position]) }
    func isEmpty(_ position: Int) -> Bool { fields[position].isEmpty }
    func localTime(_ position: Int, clock: inout LocalClock) -> (month: YearMonth, utcSeconds: Int)? {
        clock.parse(fields[position])
    }
    func hash(_ position: Int, into hasher: inout Hash128) {
        var text = fields[position]
        text.withUTF8 { hasher.combine(UnsafeRawBufferPointer($0)) }
    }
}

/// A group's record as the first row of the group carries it.
final class CodeCarbonTemplate: Sendable {
    let record: EmissionRecord
    init(_ record: EmissionRecord) { self.record = record }
}

/// A CodeCarbon row for the run rule: the numbers it sums and compares, its group, and the texts its messages name.
struct CodeCarbonRow: Sendable {
    /// The row's group (month, project, experiment, task, region, PUE, hardware).
    var group: CodeCarbonGroupKey
    /// The group's record, on the first row of the group a block reads (the others share it); boxed, so that a row
    /// stays small.
    var template: CodeCarbonTemplate?
    /// `run_id`, held inline: made on every row, read only for the messages.
    var runId: InlineText?
    var taskName: String?
    /// Hash of `run_id` and task: the rows a flush can repeat.
    var runKey: UInt64
    /// Hash of `run_id` alone, 0 without one.
    var runIdHash: UInt64
    var startSeconds: Double
    var durationSeconds: Double
    var kg: Double
    var kWh: Double?
    /// `gpu_energy` when 0 < `gpu_energy` ≤ `energy_consumed`, else 0.
    var gpuKWh: Double
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
    let gpuEnergy: Int?
    let display: [(String, Int)]
    /// The columns a group's record keeps, hashed into its key.
    let groupPositions: [Int?]

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
        gpuEnergy = header.position(of: "gpu_energy")
        // What every run of a group shares (per-run energies are summed, not kept as text).
        display = [
            "country_iso_code", "codecarbon_version", "gpu_model", "cpu_model", "on_cloud", "cloud_provider",
        ].compactMap { name in header.position(of: name).map { (name, $0) } }
        groupPositions = [project, experiment, taskName, region, cloudRegion, pue] + display.map(\.1)
    }

    /// Reads one row whose field count is the header's; `nil` (with the row set aside in `rows`) when a number, the
    /// timestamp or an empty duration or emissions makes it unusable. The first row of a group not in `knownGroups`
    /// carries the group's record.
    func parse(
        _ fields: inout some CodeCarbonFields, line: Int, decimalComma: Bool, clock: inout LocalClock,
        rows: inout SetAsideRows, knownGroups: inout Set<CodeCarbonGroupKey>
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
        var hasher = Hash128()
        hasher.combine(Int64(local.month.year * 100 + local.month.month))
        for position in groupPositions {
            if let position { fields.hash(position, into: &hasher) } else { hasher.combine(-1) }
        }
        let hash = hasher.finalize()
        let group = CodeCarbonGroupKey(high: hash.high, low: hash.low)
        var template: CodeCarbonTemplate?
        if !knownGroups.contains(group), knownGroups.count < CodeCarbonRunTable.maximumGroups {
            knownGroups.insert(group)
            template = CodeCarbonTemplate(record(&fields, month: local.month, decimalComma: decimalComma, line: line))
        }
        var runText: InlineText?
        if let runId, !fields.isEmpty(runId) {
            let text = fields.uniqueText(runId)
            runText = text.equals("None") ? nil : text
        }
        let task = taskName.flatMap { fields.isEmpty($0) ? nil : fields.text($0) }
        var runHasher = Hash128()
        var keyHasher = Hash128()
        if let runText {
            runText.hash(into: &runHasher)
            runText.hash(into: &keyHasher)
        }
        keyHasher.combine(-2)
        if var task { task.withUTF8 { keyHasher.combine(UnsafeRawBufferPointer($0)) } }
        var gpuKWh = 0.0
        if let gpuEnergy, let parsed = fields.number(gpuEnergy, decimalComma: decimalComma), let gpu = parsed,
            gpu > 0, gpu.isFinite, let kWh, gpu <= kWh
        {
            gpuKWh = gpu
        }
        return CodeCarbonRow(
            group: group, template: template, runId: runText, taskName: task, runKey: keyHasher.finalize().low,
            runIdHash: runText == nil ? 0 : runHasher.finalize().low, startSeconds: Double(local.utcSeconds) - seconds,
            durationSeconds: seconds, kg: kg, kWh: kWh, gpuKWh: gpuKWh, line: line)
    }

    /// The record of a row's group: its month, texts and PUE, without the run's own figures.
    private func record(_ fields: inout some CodeCarbonFields, month: YearMonth, decimalComma: Bool, line: Int)
        -> EmissionRecord
    {
        var identifiers = SourceIdentifiers()
        func text(_ position: Int?) -> String? {
            guard let position, !fields.isEmpty(position) else { return nil }
            return fields.text(position)
        }
        identifiers.project = text(project)
        identifiers.experiment = text(experiment)
        identifiers.taskName = text(taskName)
        identifiers.region = text(region) ?? text(cloudRegion)
        identifiers.granularity = taskName == nil ? .run : .task
        if let pue, let parsed = fields.number(pue, decimalComma: decimalComma), let value = parsed,
            quantityProblem(value) == nil
        {
            identifiers.pue = value
        }
        for (name, position) in display where !fields.isEmpty(position) {
            identifiers.display[name] = fields.text(position)
        }
        return EmissionRecord(
            period: month, source: .codeCarbon, scope: .operational, energyKWh: nil, kgCO2e: nil, method: .measured,
            basis: .location, provenance: Provenance(file: file, line: line), identifiers: identifiers)
    }
}
