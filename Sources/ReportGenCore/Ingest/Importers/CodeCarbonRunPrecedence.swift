/// Counts every CodeCarbon run once across the files of a workspace, then sums the counted runs into one record per
/// group (month, project, experiment, task, region, PUE, hardware) of each file.
///
/// The rules, on the runs each file's flush rule kept, files in name order and runs in line order:
/// 1. The same run written into two files (same `run_id`, task, start, duration and emissions: a copy, a sub-folder)
///    is counted from the first file by name, with a note.
/// 2. Where a run-level `emissions.csv` and a per-task file hold the same `run_id`, the run level is counted (it
///    covers the whole run, time between tasks included) and the task rows are set aside, with a note naming both.
/// 3. The same run (`run_id`, task, start within 10 s) in two files at two flushes: the longest is counted.
///
/// The runs set aside are summed into records of their own, marked with the reason, so that they stay visible.
package enum CodeCarbonRunPrecedence {
    private struct Reason {
        var text: String
        var code: String
        var values: [String: String]
        var isNote: Bool
    }

    /// The records of every table and one diagnostic per file and reason a rule applied.
    package static func resolve(_ input: [CodeCarbonRunTable]) -> (records: [EmissionRecord], diagnostics: [Diagnostic])
    {
        let tables = input.sorted { $0.file < $1.file }
        // reasons[t][r]: the reason run r of table t is set aside (an index in `texts`), or -1 when counted.
        var status = tables.map { [Int32](repeating: -1, count: $0.runs.count) }
        var reasons: [Reason] = []
        var reasonIndex: [String: Int32] = [:]
        var tally = SetAsideTally()
        func setAside(_ table: Int, _ run: Int, _ reason: Reason) {
            let key = reason.code + "|" + reason.text
            let index =
                reasonIndex[key]
                ?? {
                    reasons.append(reason)
                    reasonIndex[key] = Int32(reasons.count - 1)
                    return Int32(reasons.count - 1)
                }()
            status[table][run] = index
            tally.add(
                file: tables[table].file, reason.text, code: reason.code, reason.values, isNote: reason.isNote)
        }

        if tables.count > 1 {
            // 1. The same figure from two files.
            struct Figure: Hashable {
                var identity: UInt64
                var duration: UInt64
                var kg: UInt64
            }
            var firstTable: [Figure: Int] = [:]
            for (t, table) in tables.enumerated() {
                for (r, run) in table.runs.enumerated() {
                    let figure = Figure(
                        identity: run.identity, duration: run.duration.bitPattern, kg: run.kg.bitPattern)
                    if let kept = firstTable[figure] {
                        guard kept != t else { continue }
                        setAside(
                            t, r,
                            Reason(
                                text: "the same figure is already counted from \(tables[kept].file)",
                                code: "same_figure_counted", values: ["file": tables[kept].file], isNote: true))
                    } else {
                        firstTable[figure] = t
                    }
                }
            }
            // 2. Task rows of a run the run level records.
            var runLevel: [UInt64: Int] = [:]
            for (t, table) in tables.enumerated() where !table.isPerTask {
                for (r, run) in table.runs.enumerated() where run.hasRunId && status[t][r] < 0 {
                    if runLevel[run.runId] == nil { runLevel[run.runId] = t }
                }
            }
            for (t, table) in tables.enumerated() where table.isPerTask {
                for (r, run) in table.runs.enumerated() where run.hasRunId && status[t][r] < 0 {
                    guard let other = runLevel[run.runId] else { continue }
                    let name = table.runIdTexts[run.runId] ?? "?"
                    let file = tables[other].file
                    setAside(
                        t, r,
                        Reason(
                            text:
                                "task rows of run \(name), which \(file) records at the run level (counted once, from the run-level file)",
                            code: "codecarbon_task_rows", values: ["run": name, "file": file], isNote: true))
                }
            }
            // 3. The longest of one run across files.
            var longest: [UInt64: (table: Int, run: Int)] = [:]
            for (t, table) in tables.enumerated() {
                for (r, run) in table.runs.enumerated() where run.hasRunId && status[t][r] < 0 {
                    guard let kept = longest[run.identity] else {
                        longest[run.identity] = (t, r)
                        continue
                    }
                    guard kept.table != t else { continue }
                    let keptFile = tables[kept.table].file
                    if run.duration > tables[kept.table].runs[kept.run].duration {
                        setAside(
                            kept.table, kept.run,
                            Reason(
                                text: "the same CodeCarbon run appears in \(table.file) with a longer duration",
                                code: "codecarbon_longer_in", values: ["file": table.file], isNote: false))
                        longest[run.identity] = (t, r)
                    } else {
                        setAside(
                            t, r,
                            Reason(
                                text: "the same CodeCarbon run is counted from \(keptFile), with a longer duration",
                                code: "codecarbon_counted_from", values: ["file": keptFile], isNote: false))
                    }
                }
            }
        }

        var records: [EmissionRecord] = []
        for (t, table) in tables.enumerated() {
            // Counted runs first, then one record per group and reason set aside, each summed in line order.
            var counted = table.groups.map { _ in nil as EmissionRecord? }
            var setAsideRecords: [Int64: EmissionRecord] = [:]
            for (r, run) in table.runs.enumerated() {
                let group = Int(run.group)
                if status[t][r] < 0 {
                    var record = counted[group] ?? table.groups[group]
                    run.add(to: &record)
                    counted[group] = record
                } else {
                    let key = Int64(group) << 32 | Int64(status[t][r])
                    var record =
                        setAsideRecords[key]
                        ?? {
                            var template = table.groups[group]
                            template.setAsideReason = reasons[Int(status[t][r])].text
                            return template
                        }()
                    run.add(to: &record)
                    setAsideRecords[key] = record
                }
            }
            records += counted.compactMap { $0 }
            records += setAsideRecords.keys.sorted().compactMap { setAsideRecords[$0] }
        }
        return (records, tally.diagnostics)
    }
}
