/// What a CodeCarbon group record sums: its runs, where they are in the file, and the GPU energy the server
/// overhead is measured from.
package struct CodeCarbonRunSummary: Sendable, Hashable, Codable {
    /// Runs summed into the record.
    package var runs = 0
    /// The first and last line of those runs in the file.
    package var firstLine = 0
    package var lastLine = 0
    /// Σ duration, seconds.
    package var durationSeconds = 0.0
    /// The runs that give `gpu_energy` with 0 < `gpu_energy` ≤ `energy_consumed`, Σ of that `gpu_energy` and Σ of
    /// their `energy_consumed`: what ``EnergyCalibration/measuredOverheads(_:period:)`` divides.
    package var gpuRuns = 0
    package var gpuKWh = 0.0
    package var gpuRunsEnergyKWh = 0.0

    package init() {}
}

/// One run kept by the within-file flush rule, in 64 bytes: what the cross-file rules compare and what the sums
/// need, without the run's texts (its group holds them).
struct CodeCarbonRun: Sendable {
    /// Hash of the `run_id` as written (CodeCarbon writes its UUIDs in one case), task and start (to 10 s): the same
    /// run in two files.
    var identity: UInt64
    /// Hash of the `run_id` alone, as written (0 without one): a per-task file's run at the run level.
    var runId: UInt64
    var duration: Double
    var kg: Double
    /// `energy_consumed`, or NaN when the row gives none.
    var kWh: Double
    /// `gpu_energy` when 0 < `gpu_energy` ≤ `energy_consumed`, else 0.
    var gpuKWh: Double
    var group: Int32
    var line: UInt32
    var hasRunId: Bool
    /// The start's offset from the 10 s it is rounded to in ``identity``, milliseconds (−5,000 to 5,000): two runs of
    /// one file with one identity are one run only within the flush rule's tolerance.
    var startOffsetMilliseconds: Int16

    /// Adds the run to a group's sums.
    func add(to sum: inout CodeCarbonGroupSum) { sum.add(CodeCarbonGroupSum(self)) }
}

/// The sums of a group's runs, kept apart from the group's record so that adding a run copies no text.
struct CodeCarbonGroupSum: Sendable {
    var kg = 0.0
    var kWh: Double?
    var summary = CodeCarbonRunSummary()

    init() {}

    /// The sums of one run.
    init(_ run: CodeCarbonRun) {
        kg = run.kg
        kWh = run.kWh.isNaN ? nil : run.kWh
        summary.runs = 1
        summary.firstLine = Int(run.line)
        summary.lastLine = Int(run.line)
        summary.durationSeconds = run.duration
        if run.gpuKWh > 0 {
            summary.gpuRuns = 1
            summary.gpuKWh = run.gpuKWh
            summary.gpuRunsEnergyKWh = run.kWh
        }
    }

    /// Adds the sums of other runs of the same group.
    mutating func add(_ other: CodeCarbonGroupSum) {
        kg += other.kg
        if let added = other.kWh { kWh = (kWh ?? 0) + added }
        let added = other.summary
        summary.firstLine = summary.runs == 0 ? added.firstLine : min(summary.firstLine, added.firstLine)
        summary.lastLine = max(summary.lastLine, added.lastLine)
        summary.runs += added.runs
        summary.durationSeconds += added.durationSeconds
        summary.gpuRuns += added.gpuRuns
        summary.gpuKWh += added.gpuKWh
        summary.gpuRunsEnergyKWh += added.gpuRunsEnergyKWh
    }

    /// The group's record with these figures, its provenance the lines the runs cover.
    func record(from template: EmissionRecord) -> EmissionRecord {
        var record = template
        record.kgCO2e = kg
        record.energyKWh = kWh
        record.identifiers.codeCarbonRuns = summary
        record.provenance.line = summary.firstLine
        record.provenance.lastLine = summary.lastLine > summary.firstLine ? summary.lastLine : nil
        return record
    }
}

/// The key of a CodeCarbon group: the month and every text a group record keeps (project, experiment, task, region,
/// PUE, hardware and version), hashed from the fields' bytes.
struct CodeCarbonGroupKey: Sendable, Hashable {
    var high: UInt64
    var low: UInt64
}

/// How many runs the tables of one ingestion may keep for the rules across files: ``maximumRuns`` (64 bytes each,
/// 16 MiB), shared by the files in the order they are read. Past it, runs are still counted, summed once the flush
/// rule is done with them, but not checked against other files, with one warning per file.
package final class CodeCarbonRunBudget: @unchecked Sendable {
    /// Runs kept for the rules across files in one ingestion.
    package static let maximumRuns = 262_144

    /// Runs that may still be kept. Changed only between the blocks of a file, on the reading thread.
    package private(set) var remaining: Int

    package init(runs: Int = maximumRuns) { remaining = runs }

    /// Gives back the runs of a file whose figures are not counted (a byte-identical copy).
    func giveBack(_ runs: Int) { remaining += runs }

    /// Takes one run from the budget; `false` when it is spent.
    func take() -> Bool {
        guard remaining > 0 else { return false }
        remaining -= 1
        return true
    }
}

/// One CodeCarbon file's runs after its own flush rule, before the rules across files
/// (``CodeCarbonRunPrecedence``): the group records (month, project, experiment, task, region, PUE, hardware) with
/// their figures at zero, and one ``CodeCarbonRun`` per run pointing at its group.
///
/// Memory: 64 bytes a run, and one record per group; a file may create at most ``maximumGroups`` groups (a row
/// past the bound is set aside), so a file's texts never grow with its length.
package struct CodeCarbonRunTable: Sendable {
    /// Distinct groups one file may create.
    package static let maximumGroups = 10_000

    package let file: String
    /// Whether the file is a per-task file (`task_name` column).
    let isPerTask: Bool
    var groups: [EmissionRecord] = []
    var runs = ChunkedArray<CodeCarbonRun>()
    /// Per group, the runs counted past the ``CodeCarbonRunBudget`` (summed, not checked across files).
    var unchecked: [Int32: CodeCarbonGroupSum] = [:]
    /// The line of the first row past the budget, if any.
    var firstUncheckedLine: Int?
    /// The `run_id` text of a per-task file's runs, by hash, for the messages that name a run.
    var runIdTexts: [UInt64: String] = [:]
    private var groupIndex: [CodeCarbonGroupKey: Int32] = [:]

    init(file: String, isPerTask: Bool) {
        self.file = file
        self.isPerTask = isPerTask
    }

    /// Runs kept (the runs checked across files, and those past the budget).
    package var runCount: Int { runs.count + unchecked.values.reduce(0) { $0 + $1.summary.runs } }

    /// Sums a run past the budget into its group's unchecked record.
    mutating func addUnchecked(_ run: CodeCarbonRun) {
        run.add(to: &unchecked[run.group, default: CodeCarbonGroupSum()])
    }

    /// The index of the group `key`, added from `template` when new; `nil` past ``maximumGroups``.
    mutating func group(_ key: CodeCarbonGroupKey, template: () -> EmissionRecord?) -> Int32? {
        if let index = groupIndex[key] { return index }
        guard groups.count < Self.maximumGroups, let record = template() else { return nil }
        let index = Int32(groups.count)
        groups.append(record)
        groupIndex[key] = index
        return index
    }
}
