/// CodeCarbon's run rule, applied to rows in file order: a run flushed several times writes cumulative rows with one
/// start (timestamp minus duration, within ``CodeCarbonImporter/sameStartToleranceSeconds`` or 0.1 % of the duration):
/// only the longest is kept, with one note per run. A row whose start differs is another run, whatever its `run_id`.
///
/// Memory: per `run_id` and task, the last eight starts; keys not seen within the last ``windowRows`` rows are
/// forgotten (flushes follow their run closely), so the rule's state stays bounded whatever the file's size. The
/// records of the runs themselves are the importer's output.
struct CodeCarbonRunRule {
    /// Rows after which a `run_id` not seen again is forgotten.
    static let windowRows = 4096

    let file: String
    var result = ImportResult()
    private var runs: [String: (entries: [(start: Double, duration: Double, index: Int)], lastRow: Int)] = [:]
    private var flushedRuns: [String: (rows: Int, firstLine: Int)] = [:]
    private var rowNumber = 0

    init(file: String) { self.file = file }

    mutating func add(_ row: CodeCarbonRow) {
        result.rowCount += 1
        rowNumber += 1
        let identifiers = row.emission.identifiers
        let tolerance = max(CodeCarbonImporter.sameStartToleranceSeconds, 0.001 * row.durationSeconds)
        if let entry = runs[row.key],
            let position = entry.entries.lastIndex(where: { abs($0.start - row.startSeconds) <= tolerance })
        {
            let previous = entry.entries[position]
            let name = identifiers.runId ?? "without run_id"
            flushedRuns[name + "|" + (identifiers.taskName ?? ""), default: (0, row.line)].rows += 1
            runs[row.key]?.lastRow = rowNumber
            if row.durationSeconds > previous.duration {
                result.records[previous.index] = row.emission
                runs[row.key]?.entries[position] = (row.startSeconds, row.durationSeconds, previous.index)
            }
            return
        }
        var entry = runs.removeValue(forKey: row.key) ?? ([], rowNumber)
        entry.entries.append((row.startSeconds, row.durationSeconds, result.records.count))
        if entry.entries.count > 8 { entry.entries.removeFirst(entry.entries.count - 8) }
        entry.lastRow = rowNumber
        runs[row.key] = entry
        result.records.append(row.emission)
        if runs.count > 2 * Self.windowRows {
            let oldest = rowNumber - Self.windowRows
            runs = runs.filter { $0.value.lastRow > oldest }
        }
    }

    /// The records, one note per flushed run, then the set-aside rows and the encoding fallback.
    mutating func finish(rows: SetAsideRows, fallback: EncodingFallback?) -> ImportResult {
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
        result.diagnostics += rows.diagnostics(fallback: fallback)
        return result
    }
}
