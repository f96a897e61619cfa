/// Counts every CodeCarbon run once across the files of a workspace, then sums the counted runs into one record per
/// group (month, project, experiment, task, region, PUE, hardware) of each file.
///
/// The rules, on the runs each file's flush rule kept, files in name order and runs in line order:
/// 1. The same run written into two files (same `run_id`, task, start, duration and emissions: a copy, a sub-folder)
///    is counted from the first file by name, with a note.
/// 2. Where a run-level `emissions.csv` and a per-task file hold the same `run_id`, the run level is counted (it
///    covers the whole run, time between tasks included) and the task rows are set aside, with a note naming both.
/// 3. The same run (`run_id`, task, start within 10 s) at two flushes, in two files or twice in one (a flush the
///    file's run rule no longer remembered; within one file, only starts within the flush rule's tolerance): the
///    longest is counted.
///
/// The runs set aside are summed into records of their own, marked with the reason, so that they stay visible.
package enum CodeCarbonRunPrecedence {
    private struct Reason {
        var text: String
        var code: String
        var values: [String: String]
        var isNote: Bool
    }

    /// A run's place: its table and its index there.
    private struct Member {
        var key: UInt64
        var table: UInt32
        var run: UInt32
    }

    /// Every run that has a key, sorted by key, then table, then line order.
    private static func sortedRuns(_ tables: [CodeCarbonRunTable], key: (CodeCarbonRun) -> UInt64?) -> [Member] {
        var members: [Member] = []
        members.reserveCapacity(tables.reduce(0) { $0 + $1.runs.count })
        for (t, table) in tables.enumerated() {
            for (r, run) in table.runs.enumerated() {
                guard let value = key(run) else { continue }
                members.append(Member(key: value, table: UInt32(t), run: UInt32(r)))
            }
        }
        // Appended in table and line order, so a stable sort by key alone gives that order within a key.
        radixSortStably(&members) { $0.key }
        return members
    }

    /// Calls `body` with the members of each key found in more than one table (or, with `withinTables`, found more
    /// than once).
    private static func forEachGroup(
        _ members: [Member], withinTables: Bool = false, _ body: (ArraySlice<Member>) -> Void
    ) {
        var start = 0
        while start < members.count {
            var end = start + 1
            while end < members.count, members[end].key == members[start].key { end += 1 }
            if members[start].table != members[end - 1].table || (withinTables && end - start > 1) {
                body(members[start..<end])
            }
            start = end
        }
    }

    /// The records of every table and one diagnostic per file and reason a rule applied.
    package static func resolve(_ input: [CodeCarbonRunTable]) -> (records: [EmissionRecord], diagnostics: [Diagnostic])
    {
        let tables = input.sorted { $0.file < $1.file }
        // status[t][r]: why run r of table t is set aside (an index in `reasons`), or -1 when it is counted.
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

        // Runs sorted by identity, then by file and line: each rule looks at one identity's runs at a time, in file
        // order, and the sort takes 16 bytes a run.
        let byIdentity = sortedRuns(tables) { $0.identity }
        if tables.count > 1 {
            forEachGroup(byIdentity) { members in
                // 1. The same figure from two files: counted from the first.
                for member in members {
                    let (t, r) = (Int(member.table), Int(member.run))
                    let run = tables[t].runs[r]
                    if let kept = members.first(where: { other in
                        Int(other.table) < t
                            && tables[Int(other.table)].runs[Int(other.run)].duration.bitPattern
                                == run.duration.bitPattern
                            && tables[Int(other.table)].runs[Int(other.run)].kg.bitPattern == run.kg.bitPattern
                    }) {
                        let file = tables[Int(kept.table)].file
                        setAside(
                            t, r,
                            Reason(
                                text: "the same figure is already counted from \(file)", code: "same_figure_counted",
                                values: ["file": file], isNote: true))
                    }
                }
            }
            // 2. Task rows of a run the run level records.
            if tables.contains(where: \.isPerTask) {
                let byRunId = sortedRuns(tables) { $0.hasRunId ? $0.runId : nil }
                forEachGroup(byRunId) { members in
                    guard
                        let runLevel = members.first(where: {
                            !tables[Int($0.table)].isPerTask && status[Int($0.table)][Int($0.run)] < 0
                        })
                    else { return }
                    let file = tables[Int(runLevel.table)].file
                    for member in members where tables[Int(member.table)].isPerTask {
                        let (t, r) = (Int(member.table), Int(member.run))
                        guard status[t][r] < 0 else { continue }
                        let name = tables[t].runIdTexts[tables[t].runs[r].runId] ?? "?"
                        setAside(
                            t, r,
                            Reason(
                                text:
                                    "task rows of run \(name), which \(file) records at the run level (counted once, from the run-level file)",
                                code: "codecarbon_task_rows", values: ["run": name, "file": file], isNote: true))
                    }
                }
            }
        }
        // 3. The longest of one run, across files and within one: a flush row written after the run rule forgot its
        // run (``CodeCarbonRunRule/windowRows``) is the same run again.
        forEachGroup(byIdentity, withinTables: true) { members in
            var kept: (table: Int, run: Int)?
            for member in members {
                let (t, r) = (Int(member.table), Int(member.run))
                let run = tables[t].runs[r]
                guard run.hasRunId, status[t][r] < 0 else { continue }
                guard let current = kept else {
                    kept = (t, r)
                    continue
                }
                // Within one file, a start farther than the flush rule's tolerance is another run (a reused run_id).
                let other = tables[current.table].runs[current.run]
                let tolerance = max(
                    CodeCarbonImporter.sameStartToleranceSeconds, 0.001 * max(run.duration, other.duration))
                guard
                    current.table != t
                        || Double(abs(Int(run.startOffsetMilliseconds) - Int(other.startOffsetMilliseconds)))
                            <= tolerance * 1000
                else { continue }
                if run.duration > other.duration {
                    setAside(
                        current.table, current.run,
                        Reason(
                            text: "the same CodeCarbon run appears in \(tables[t].file) with a longer duration",
                            code: "codecarbon_longer_in", values: ["file": tables[t].file], isNote: false))
                    kept = (t, r)
                } else {
                    let keptFile = tables[current.table].file
                    setAside(
                        t, r,
                        Reason(
                            text: "the same CodeCarbon run is counted from \(keptFile), with a longer duration",
                            code: "codecarbon_counted_from", values: ["file": keptFile], isNote: false))
                }
            }
        }

        var records: [EmissionRecord] = []
        for (t, table) in tables.enumerated() {
            // Counted runs first, then one record per group and reason set aside, each summed in line order.
            var counted = [CodeCarbonGroupSum](repeating: CodeCarbonGroupSum(), count: table.groups.count)
            var setAsideSums: [Int64: CodeCarbonGroupSum] = [:]
            for r in 0..<table.runs.count {
                let run = table.runs[r]
                let group = Int(run.group)
                if status[t][r] < 0 {
                    run.add(to: &counted[group])
                } else {
                    run.add(to: &setAsideSums[Int64(group) << 32 | Int64(status[t][r]), default: CodeCarbonGroupSum()])
                }
            }
            for group in table.unchecked.keys.sorted() {
                if let sum = table.unchecked[group] { counted[Int(group)].add(sum) }
            }
            records += counted.enumerated().compactMap { group, sum in
                sum.summary.runs > 0 ? sum.record(from: table.groups[group]) : nil
            }
            records += setAsideSums.keys.sorted().compactMap { key in
                guard let sum = setAsideSums[key] else { return nil }
                var record = sum.record(from: table.groups[Int(key >> 32)])
                record.setAsideReason = reasons[Int(key & 0xFFFF_FFFF)].text
                return record
            }
        }
        return (records, tally.diagnostics)
    }
}
