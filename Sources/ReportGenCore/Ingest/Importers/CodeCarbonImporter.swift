import Foundation

/// Reads CodeCarbon `emissions.csv` files of every column set from 1.x to 3.3, and per-task files (`task_name`).
///
/// Columns are found by name, never by position. `emissions` is kgCO2eq and `energy_consumed` kWh with PUE already
/// applied. Timestamps are local time without a zone, read in the workspace's time zone.
///
/// Runs are summed per month, project, experiment, task, region, PUE and hardware (one record each, with the run
/// count and the lines it covers); the runs themselves stay in ``ImportResult/codeCarbon`` for the rules across files.
///
/// Runs: a run flushed several times writes several cumulative rows with one start (the timestamp minus the
/// duration stays within a few seconds): only the longest is kept, with one note per run (``CodeCarbonRunRule``). A
/// row whose start differs is another run, whatever its `run_id` says, so the `None` that CodeCarbon 2.8 writes, an
/// empty `run_id` or one reused by a later run never merge distinct runs. A malformed row (field count, a number, the
/// timestamp, NUL bytes) is set aside with its line and reading goes on.
///
/// Files are parsed from bytes, in blocks on every core (``readBytes(_:delimiter:decimalComma:context:options:)``);
/// a file with what only the general CSV reader handles (a quoted line break, NUL bytes, text that is not UTF-8, a
/// UTF-16 encoding) is read again whole with ``CSVReader``, so both give the same rows and messages.
package enum CodeCarbonImporter {
    /// Two rows of one run start within this many seconds (CodeCarbon writes whole-second timestamps), or within
    /// 0.1 % of the duration for long runs.
    package static let sameStartToleranceSeconds = 5.0
    /// The hint of a row whose field count differs from the header's.
    static let shiftedRowHint = "CodeCarbon 3.2.9/3.3.0 appends shifted rows"

    /// How the reader splits its work; the defaults are what `build` uses.
    package struct Options: Sendable {
        /// Bytes read at a time; each block, cut at a line ending, is parsed on its own.
        package var blockBytes = 1 << 20
        /// Blocks parsed at once, over the machine's cores, before the run rule takes their rows in order.
        package var blocksPerBatch = 4
        /// Reads with ``CSVReader`` (a `String` per field): the reference the byte-level reader is tested against.
        package var usesGeneralReader = false

        package init() {}
    }

    package static func read(
        _ file: InputFile, delimiter: UInt8, decimalComma: Bool, context: ImportContext, options: Options = Options()
    ) throws(IngestError) -> ImportResult {
        if !options.usesGeneralReader,
            let result = try readBytes(
                file, delimiter: delimiter, decimalComma: decimalComma, context: context, options: options)
        {
            return result
        }
        return try readGeneral(file, delimiter: delimiter, decimalComma: decimalComma, context: context)
    }

    /// Reads with ``CSVReader``: every encoding and quoting it handles.
    static func readGeneral(_ file: InputFile, delimiter: UInt8, decimalComma: Bool, context: ImportContext)
        throws(IngestError) -> ImportResult
    {
        var reader = try file.csvReader(delimiter: delimiter)
        guard let headerRecord = try reader.next() else { throw .empty(file: file.name) }
        let columns = try CodeCarbonColumns(CSVHeader(headerRecord), file: file.name)
        var rule = CodeCarbonRunRule(
            file: file.name, isPerTask: columns.taskName != nil,
            context: context)
        var rows = SetAsideRows(file: file.name)
        var clock = LocalClock(timeZone: context.timeZone)
        var knownGroups: Set<CodeCarbonGroupKey> = []
        while var record = try reader.next() {
            guard rows.screen(record), rows.checkFieldCount(record, expected: columns.count, hint: shiftedRowHint),
                let row = columns.parse(
                    &record, line: record.line, decimalComma: decimalComma, clock: &clock, rows: &rows,
                    knownGroups: &knownGroups)
            else { continue }
            rule.add(row)
        }
        return rule.finish(rows: rows, fallback: reader.fallback)
    }
}
