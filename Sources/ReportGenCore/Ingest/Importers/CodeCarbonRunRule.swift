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

    let file: String
    var table: CodeCarbonRunTable
    var rowCount = 0
    private var runs: [UInt64: (entries: [(start: Double, duration: Double, index: Int)], lastRow: Int)] = [:]
    private var flushedRuns: [String: (rows: Int, firstLine: Int)] = [:]
    /// Rows past the table's bound on groups.
    private var overflow = SetAsideRows(file: "")

    init(file: String, isPerTask: Bool) {
        self.file = file
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
        if let entry = runs[row.runKey],
            let position = entry.entries.lastIndex(where: { abs($0.start - row.startSeconds) <= tolerance })
        {
            let previous = entry.entries[position]
            let name = row.runId ?? "without run_id"
            flushedRuns[name + "|" + (row.taskName ?? ""), default: (0, row.line)].rows += 1
            runs[row.runKey]?.lastRow = rowCount
            if row.durationSeconds > previous.duration {
                table.runs[previous.index] = run(row, group: group)
                runs[row.runKey]?.entries[position] = (row.startSeconds, row.durationSeconds, previous.index)
            }
            return
        }
        var entry = runs.removeValue(forKey: row.runKey) ?? ([], rowCount)
        entry.entries.append((row.startSeconds, row.durationSeconds, table.runs.count))
        if entry.entries.count > 8 { entry.entries.removeFirst(entry.entries.count - 8) }
        entry.lastRow = rowCount
        runs[row.runKey] = entry
        table.runs.append(run(row, group: group))
        if table.isPerTask, let runId = row.runId, table.runIdTexts[row.runIdHash] == nil {
            table.runIdTexts[row.runIdHash] = runId
        }
        if runs.count > 2 * Self.windowRows {
            let oldest = rowCount - Self.windowRows
            runs = runs.filter { $0.value.lastRow > oldest }
        }
    }

    private func run(_ row: CodeCarbonRow, group: Int32) -> CodeCarbonRun {
        var hasher = Hash128()
        hasher.combine(Int64(bitPattern: row.runKey))
        hasher.combine(Int64((row.startSeconds / 10).rounded()))
        return CodeCarbonRun(
            identity: hasher.finalize().low, runId: row.runIdHash, duration: row.durationSeconds, kg: row.kg,
            kWh: row.kWh ?? .nan, gpuKWh: row.gpuKWh, group: group, line: UInt32(clamping: row.line),
            hasRunId: row.runId != nil)
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
        var all = rows
        all.merge(overflow, lineOffset: 0)
        result.diagnostics += all.diagnostics(fallback: fallback)
        result.records = CodeCarbonRunPrecedence.resolve([table]).records
        result.codeCarbon = table
        return result
    }
}
