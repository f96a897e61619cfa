/// Counts the records a precedence rule sets aside, per file and reason, and turns them into one diagnostic each:
/// "3 records set aside: the same figure is already counted from inputs/a.csv", coded `set_aside` with the
/// reason's code and values, a note where keeping one copy is the normal case, else a warning.
package struct SetAsideTally: Sendable {
    private var entries: [String: (count: Int, reason: String, code: String, values: [String: String], isNote: Bool)] =
        [:]

    package init() {}

    /// Counts `count` records of `file` set aside for `reason` (English), coded `diag_reason_<code>` with `values`.
    package mutating func add(
        file: String, _ reason: String, code: String, _ values: [String: String] = [:], isNote: Bool = false,
        count: Int = 1
    ) {
        entries[file + "|" + reason, default: (0, reason, code, values, isNote)].count += count
    }

    /// One diagnostic per file and reason, sorted by file then reason.
    package var diagnostics: [Diagnostic] {
        entries.keys.sorted().compactMap { key -> Diagnostic? in
            guard let entry = entries[key] else { return nil }
            let file = String(key.prefix { $0 != "|" })
            let text = "\(entry.count) record\(entry.count == 1 ? "" : "s") set aside: \(entry.reason)"
            // A figure kept once, or a summary kept as a check, is the normal case, not a problem.
            var diagnostic: Diagnostic = entry.isNote ? .note(file, text) : .warning(file, text)
            diagnostic.code = "set_aside"
            diagnostic.parameters = entry.values.merging(["count": String(entry.count), "reason": entry.code]) { $1 }
            return diagnostic
        }
    }
}
