import Foundation

/// Gives every diagnostic a stable message code and parameters, so that the report shows it in its own language.
///
/// A diagnostic that carries a ``Diagnostic/code`` keeps it. Otherwise its English message is matched against the
/// patterns of the messages the importers, the model and the pipeline write (one pattern per message, anchored at
/// both ends); the report then renders `diag_<code>` from the translation file with the captured values. A message
/// no pattern knows keeps no code and is shown as written, marked `lang="en"`.
package enum DiagnosticCatalog {
    struct Pattern {
        var code: String
        var regex: NSRegularExpression
        var names: [String]
    }

    static func pattern(_ code: String, _ expression: String, _ names: [String] = []) -> Pattern? {
        guard
            let regex = try? NSRegularExpression(pattern: "^" + expression + "$", options: [.dotMatchesLineSeparators])
        else { return nil }
        return Pattern(code: code, regex: regex, names: names)
    }

    /// The codes of the reasons a record is set aside (`SourcePrecedence`), by their English text.
    package static let setAsideReasons: [String: String] = [
        "duplicate of the same Azure item and month in another file": "duplicate_azure_item",
        "monthly summary used as a check: the month has item-level data": "summary_as_check",
        "top-items and overall summaries are partial or span a range; not counted": "partial_summary",
        "the month is covered by Azure Carbon optimization, which has precedence": "covered_by_azure",
        "the month is covered by CCF API JSON, which has precedence": "covered_by_ccf_json",
        "the same CodeCarbon run appears in another file with a longer duration": "codecarbon_longer_run",
    ]

    /// The codes of the allocation keys' English names (`AllocationKey.name`).
    package static let allocationKeys: [String: String] = [
        "busy GPU-seconds": "busy_gpu_seconds", "requests": "requests",
    ]

    private static let namedPatterns: [Pattern] = [
        pattern(
            "codecarbon_shifted_row",
            #"(\d+) fields, expected (\d+) as in the header \(CodeCarbon 3\.2\.9/3\.3\.0 appends shifted rows\); row set aside"#,
            ["found", "expected"]),
        pattern("codecarbon_empty_row", #"duration or emissions is empty; row set aside"#),
        pattern(
            "codecarbon_flushed_run", #"run (\S+) was written more than once \(flush\): only its longest row is kept"#,
            ["run"]),
        pattern(
            "ccf_unquoted_comma",
            #"(\d+) fields, expected (\d+): the CLI does not quote, so the service name "(.*)" contained a comma; its fields were joined back"#,
            ["found", "expected", "name"]),
        pattern(
            "ccf_total_mismatch", #"the Total row gives (\S+) for "(.*)" but the rows sum to (\S+)"#,
            ["value", "column", "sum"]),
        pattern("ccf_no_total", #"no Total row: the CCF CLI always writes one, so the file may be truncated"#),
        pattern(
            "ccf_converted", #"CCF metric tons CO2e converted to kg; CCF kWh include back-computed embodied energy"#),
        pattern("eid_converted", #"Emissions Impact Dashboard metric tons CO2e converted to kg"#),
        pattern("sheet_chosen", #"sheet (.*) read; other sheets skipped: (.*)"#, ["sheet", "others"]),
        pattern("row_width", #"(\d+) fields, expected (\d+) as in the header; row set aside"#, ["found", "expected"]),
        pattern("row_width", #"(\d+) fields, expected (\d+); row set aside"#, ["found", "expected"]),
        pattern("usage_key_bound", #"a new key past the bound of distinct keys; row set aside"#),
        pattern(
            "line_too_long", #"a line of ([\d,]+) bytes, over the bound of ([\d,]+); found "(.*)"; row set aside"#,
            ["bytes", "bound", "found"]),
        pattern(
            "usage_unmatched_more",
            #"([\d,]+) more usage services and endpoints match no service's rules: not counted \(the first (\d+) are listed\)"#,
            ["count", "listed"]),
        pattern("eid_paged", #"@odata\.nextLink is set: this is one page; add every page's file"#),
        pattern("bad_period", #"period: expected YYYY-MM, found "(.*)""#, ["found"]),
        pattern("bad_number", #"([A-Za-z_]+): expected a number, found "(.*)""#, ["field", "found"]),
        pattern("more_malformed", #"(\d+) more malformed records not listed"#, ["count"]),
        pattern(
            "azure_no_scope", #"the query's carbonScopeList is not in the file: figures are taken as Scope 1\+2\+3"#),
        pattern(
            "azure_denied", #"partial data: access to subscription (.*) was denied \((.*)\) at (.*)"#,
            ["subscription", "reason", "pointer"]),
        pattern(
            "azure_paged", #"this is one page of a longer result \(skipToken/nextLink present\): add every page's file"#
        ),
        pattern("unreadable", #"cannot be read: (.*)"#, ["reason"]),
        pattern(
            "ahp_forced",
            #"criteria\.ahp: inconsistent judgements used because force is true \(CR (\S+) > 0\.10, (.*) RI\)"#,
            ["cr", "table"]),
        pattern(
            "usage_unmatched", #"usage for service "(.*)" endpoint "(.*)" matches no service's rules: not counted"#,
            ["service", "endpoint"]),
        pattern("set_aside", #"(\d+) records? set aside: (.*)"#, ["count", "reason"]),
        pattern(
            "azure_dated",
            #"the file does not state its month: dated (\d{4}-\d{2}) because its items sum to the monthly summary of \d{4}-\d{2} \((\S+) kgCO2e\)"#,
            ["month", "kg"]),
        pattern(
            "azure_undated_period",
            #"the file does not state its month and no monthly summary matches its total \((\S+) kgCO2e\): taken as the reporting period (\d{4}-\d{2}); export with the request's dateRange or add the MonthlySummaryReport"#,
            ["kg", "month"]),
        pattern(
            "azure_undated", #"the file does not state its month and nothing dates it: its (\d+) items are set aside"#,
            ["count"]),
        pattern(
            "shared_equal_split",
            #"(.*), (\d{4}-\d{2}): no usage activity to apply the (.*) key; split in equal shares"#,
            ["resource", "month", "key"]),
        pattern(
            "measured_idle_power",
            #"GPU (.*): idle power (\d+(?:\.\d+)?) W, the median of its (\d+) hours? measured throughout without work; idle = that power × the idle seconds of each hour, the rest of the hour's energy is work \(method [^)]*\)"#,
            ["gpu", "watts", "hours"]),
        pattern(
            "measured_idle_time_split",
            #"GPU (.*): no hour measured throughout without work to estimate its idle power; idle is the share of each hour without busy seconds \(method [^)]*\)"#,
            ["gpu"]),
        pattern(
            "measured_duplicates", #"(.*): (\d+) samples present in more than one of (.*) were kept once"#,
            ["series", "samples", "sources"]),
        pattern(
            "measured_counter_reset",
            #"(.*): counter reset at (\S+) \(it fell from (\d+) to (\d+) mJ: driver reloaded\?\); the value after it is counted from zero"#,
            ["series", "time", "before", "after"]),
    ].compactMap { $0 }

    /// Every pattern in the order tried: the importers' own messages, the pipeline's, then the general
    /// "field: expected …, found …".
    private static let patterns = ingestPatterns + measurementPatterns + namedPatterns + generalPatterns

    /// Every phrase a range check may have expected, with its code.
    package static let allExpectedPhrases = expectedPhrases.merging(measurementPhrases) { first, _ in first }

    /// The diagnostic with its code and parameters: its own when it has them, else those its message matches.
    /// A set-aside reason or an allocation key becomes a `reason` or `key` code (`covered_by_azure`).
    package static func coded(_ diagnostic: Diagnostic) -> Diagnostic {
        guard diagnostic.code == nil else { return diagnostic }
        let message = diagnostic.message
        let range = NSRange(message.startIndex..., in: message)
        for pattern in patterns {
            guard let match = pattern.regex.firstMatch(in: message, range: range) else { continue }
            var parameters: [String: String] = [:]
            for (index, name) in pattern.names.enumerated() {
                guard let captured = Range(match.range(at: index + 1), in: message) else { continue }
                parameters[name] = String(message[captured])
            }
            if pattern.code == "set_aside" {
                guard let reason = parameters["reason"].flatMap({ setAsideReasons[$0] }) else { continue }
                parameters["reason"] = reason
            }
            if pattern.code == "shared_equal_split", let key = parameters["key"] {
                parameters["key"] = allocationKeys[key] ?? key
            }
            var coded = diagnostic
            coded.code = pattern.code
            coded.parameters = tidied(parameters)
            return coded
        }
        return diagnostic
    }
}
