/// CodeCarbon's run rule, applied to rows in file order: a run flushed several times writes cumulative rows with one
/// start (timestamp minus duration, within ``CodeCarbonImporter/sameStartToleranceSeconds`` or 0.1 % of the duration):
/// only the longest is kept, with one note per run. A row whose start differs is another run, whatever its `run_id`.
///
/// Memory: per `run_id` and task, the last eight starts; keys not seen within the last ``windowRows`` rows are
/// forgotten (flushes follow their run closely), so the rule's state stays bounded whatever the file's size. The
/// kept runs go to a ``CodeCarbonRunTable``, 64 bytes each.
struct CodeCarbonRunRule {
    /// Rows after which a `run_id` not seen again is forgotten.
    static let windowRows = 4096
    /// Flushed runs named one note each; the flush rows of later runs are counted in one more note.
    static let maximumListedFlushes = 50

    let file: String
    var table: CodeCarbonRunTable
    var rowCount = 0
    /// One start of a `run_id` and task, and where its run is (a negative index: in ``pending``).
    private struct Start {
        var start: Double
        var duration: Double
        var index: Int
    }

    /// The starts of one `run_id` and task: the latest inline (the common case allocates nothing), up to seven older.
    private struct Window {
        var latest: Start
        var older: [Start] = []
        var lastRow: Int
    }

    private var runs: [UInt64: Window] = [:]
    private var flushedRuns: [String: (rows: Int, firstLine: Int)] = [:]
    /// Flush rows of runs past the ``maximumListedFlushes`` first ones.
    private var unlistedFlushRows = 0
    /// Rows past the table's bound on groups.
    private var overflow: SetAsideRows
    private let budget: CodeCarbonRunBudget
    /// Whether ``finish(rows:fallback:)`` sums the runs into records (``ImportContext/sumsCodeCarbonRuns``).
    private let sumsRuns: Bool
    /// Runs past the budget that a flush may still replace, by their (negative) index in the rule's entries; summed
    /// into the table once the rule forgets their key.
    private var pending: [Int: CodeCarbonRun] = [:]
    private var pendingCount = 0

    init(file: String, isPerTask: Bool, context: ImportContext) {
        self.file = file
        budget = context.codeCarbonRunBudget ?? CodeCarbonRunBudget()
        sumsRuns = context.sumsCodeCarbonRuns
        table = CodeCarbonRunTable(file: file, isPerTask: isPerTask)
        overflow = SetAsideRows(file: file)
    }

    mutating func add(_ row: CodeCarbonRow) {
        rowCount += 1
        guard let group = table.group(row.group, template: { row.template?.record }) else {
            overflow.setAside(
                line: row.line,
                "more than \(CodeCarbonRunTable.maximumGroups.groupedDigits) distinct months, projects, experiments, tasks, regions and hardware in one file"
            )
            return
        }
        let tolerance = max(CodeCarbonImporter.sameStartToleranceSeconds, 0.001 * row.durationSeconds)
        let slot = runs.index(forKey: row.runKey)
        if let slot {
            runs.values[slot].lastRow = rowCount
            let window = runs.values[slot]
            // The latest start first, then the older ones from the most recent.
            let position: Int? =
                abs(window.latest.start - row.startSeconds) <= tolerance
                ? -1 : window.older.lastIndex { abs($0.start - row.startSeconds) <= tolerance }
            if let position {
                let previous = position < 0 ? window.latest : window.older[position]
                noteFlush(row)
                if row.durationSeconds > previous.duration {
                    if previous.index < 0 {
                        pending[previous.index] = run(row, group: group)
                    } else {
                        table.runs[previous.index] = run(row, group: group)
                    }
                    let updated = Start(start: row.startSeconds, duration: row.durationSeconds, index: previous.index)
                    if position < 0 {
                        runs.values[slot].latest = updated
                    } else {
                        runs.values[slot].older[position] = updated
                    }
                }
                return
            }
        }
        let index: Int
        if budget.take() {
            index = table.runs.count
            table.runs.append(run(row, group: group))
            // Only the runs checked across files can be named by a task-rows note: the texts stay within the budget.
            if table.isPerTask, let runId = row.runId, table.runIdTexts[row.runIdHash] == nil {
                table.runIdTexts[row.runIdHash] = runId.string
            }
        } else {
            pendingCount += 1
            index = -pendingCount
            if table.firstUncheckedLine == nil { table.firstUncheckedLine = row.line }
            pending[index] = run(row, group: group)
        }
        let start = Start(start: row.startSeconds, duration: row.durationSeconds, index: index)
        if let slot {
            runs.values[slot].older.append(runs.values[slot].latest)
            runs.values[slot].latest = start
            if runs.values[slot].older.count > 7 {
                let dropped = runs.values[slot].older.removeFirst()
                if dropped.index < 0 { foldPending(dropped.index) }
            }
        } else {
            runs[row.runKey] = Window(latest: start, lastRow: rowCount)
        }
        if runs.count > 2 * Self.windowRows {
            let oldest = rowCount - Self.windowRows
            var forgotten: [Int] = []
            runs = runs.filter { _, window in
                guard window.lastRow <= oldest else { return true }
                if window.latest.index < 0 { forgotten.append(window.latest.index) }
                forgotten += window.older.map(\.index).filter { $0 < 0 }
                return false
            }
            for index in forgotten.sorted(by: >) { foldPending(index) }
        }
    }

    /// Counts a flush row for its run's note (the first ``maximumListedFlushes`` runs are named).
    private mutating func noteFlush(_ row: CodeCarbonRow) {
        let name = (row.runId?.string ?? "without run_id") + "|" + (row.taskName ?? "")
        if flushedRuns[name] != nil || flushedRuns.count < Self.maximumListedFlushes {
            flushedRuns[name, default: (0, row.line)].rows += 1
        } else {
            unlistedFlushRows += 1
        }
    }

    /// Sums a run past the budget that no flush can replace any more into its group.
    private mutating func foldPending(_ index: Int) {
        guard let run = pending.removeValue(forKey: index) else { return }
        table.addUnchecked(run)
    }

    private func run(_ row: CodeCarbonRow, group: Int32) -> CodeCarbonRun {
        var hasher = Hash128()
        let tens = (row.startSeconds / 10).rounded()
        hasher.combine(Int64(bitPattern: row.runKey))
        hasher.combine(Int64(tens))
        return CodeCarbonRun(
            identity: hasher.finalize().low, runId: row.runIdHash, duration: row.durationSeconds, kg: row.kg,
            kWh: row.kWh ?? .nan, gpuKWh: row.gpuKWh, group: group, line: UInt32(clamping: row.line),
            hasRunId: row.runId != nil,
            startOffsetMilliseconds: Int16(((row.startSeconds - tens * 10) * 1000).rounded()))
    }

    /// The file's records (its runs summed per group), the table for the rules across files, one note per flushed
    /// run, then the set-aside rows and the encoding fallback.
    mutating func finish(rows: SetAsideRows, fallback: EncodingFallback?) -> ImportResult {
        var result = ImportResult()
        result.rowCount = rowCount
        for key in flushedRuns.keys.sorted() {
            guard let entry = flushedRuns[key] else { continue }
            let parts = key.split(separator: "|", omittingEmptySubsequences: false)
            let task = parts.count > 1 && !parts[1].isEmpty ? ", task \(parts[1])" : ""
            result.diagnostics.append(
                .note(
                    file, line: entry.firstLine,
                    "run \(parts.first ?? "")\(task) was written more than once (flush): only its longest row is kept"
                ))
        }
        if unlistedFlushRows > 0 {
            result.diagnostics.append(
                .note(
                    file,
                    "flush rows of other runs, not listed one by one: \(unlistedFlushRows.groupedDigits); only each run's longest row is kept"
                ))
        }
        for index in pending.keys.sorted(by: >) { foldPending(index) }
        if let line = table.firstUncheckedLine {
            result.diagnostics.append(
                .warning(
                    file, line: line,
                    "runs from this line on are counted but not checked against other CodeCarbon files: the checks keep \(CodeCarbonRunBudget.maximumRuns.groupedDigits) runs a workspace"
                ))
        }
        var all = rows
        all.merge(overflow, lineOffset: 0)
        result.diagnostics += all.diagnostics(fallback: fallback)
        if sumsRuns { result.records = CodeCarbonRunPrecedence.resolve([table]).records }
        result.codeCarbon = table
        return result
    }
}
