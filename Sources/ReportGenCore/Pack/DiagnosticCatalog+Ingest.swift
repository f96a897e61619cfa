import Foundation

/// The message codes of what the importers and the listing of `inputs/` say: rows set aside, encodings, entries not
/// read, copies, and the generic "field: expected …, found …" of every range check, whose expected value is itself
/// a code (``expectedPhrases``) so that the report says it in its own language.
extension DiagnosticCatalog {
    /// The codes of what a range check expected (the text between "expected" and ", found"), by its English text.
    /// The report renders `diag_expected_<code>`.
    package static let expectedPhrases: [String: String] = [
        "a number": "number", "a finite number": "finite_number", "a number ≥ 0": "non_negative",
        "a number of at most 1e12": "at_most_1e12", "a number of kgCO2e ≥ 0": "kg",
        "a number of kgCO2e ≥ 0 and at most 1e12": "kg_bounded", "a number of metric tons CO2e ≥ 0": "tons",
        "a number from 0 to 1e9": "up_to_1e9", "a number from 0 to 1e12": "up_to_1e12",
        "a whole number from 0 to 1e12": "count", "a number of W": "watts",
        "a date from 1900 to 2200": "date", "a date YYYY-MM-DD or Total": "date_or_total",
        "a date yyyymmdd from 1900 to 2200": "date_key", "a dateKey yyyymmdd from 1900 to 2200": "date_key",
        "YYYY-MM from 1900 to 2200": "month", "an ISO 8601 date from 1900 to 2200": "iso8601_date",
        "ISO 8601 with an offset (2025-03-01T09:12:44+01:00)": "iso8601_offset",
        "a local time YYYY-MM-DDTHH:MM:SS from 1900 to 2200": "local_time",
        "a local time YYYY/MM/DD HH:MM:SS.mmm": "nvidia_time", "an HTTP status code": "http_status",
        "a service name": "service_name", "an ISO 639-1 code such as fr": "language_code", "a string": "string",
        "JSON": "json", "a number, NaN or ±Inf as the value": "prometheus_value",
        "an EstimationResult object": "estimation_result",
        #""<service> kilowatt hours" followed by "<service> metric tons CO2e Emissions" (a service name with a comma shifts the unquoted header)"#:
            "ccf_header_pair",
    ]

    /// Patterns tried before the general ones: each names one importer's message.
    static let ingestPatterns: [Pattern] = [
        pattern(
            "codecarbon_run_budget",
            #"runs from this line on are counted but not checked against other CodeCarbon files: the checks keep ([\d,]+) runs a workspace"#,
            ["limit"]),
        pattern(
            "codecarbon_more_flushes",
            #"flush rows of other runs, not listed one by one: ([\d,]+); only each run's longest row is kept"#,
            ["count"]),
        pattern(
            "codecarbon_group_bound",
            #"more than ([\d,]+) distinct months, projects, experiments, tasks, regions and hardware in one file; row set aside"#,
            ["limit"]),
        pattern(
            "nul_bytes",
            #"([\d,]+) NUL bytes? in the line \(a tracker killed while writing pads it with NULs\); found "(.*)"; row set aside"#,
            ["count", "found"]),
        pattern(
            "undecodable_bytes", #"bytes that are neither UTF-8 nor Windows-1252; found "(.*)"; row set aside"#,
            ["found"]),
        pattern(
            "windows_1252",
            #"byte (\d+) is not UTF-8: ([\d,]+) records? read as Windows-1252 \(first: "(.*)"\); check the accented names"#,
            ["byte", "count", "first"]),
        pattern("rows_set_aside_listed", #"([\d,]+) records? set aside \(first (\d+) listed\)"#, ["count", "listed"]),
        pattern("rows_set_aside", #"([\d,]+) records? set aside"#, ["count"]),
        pattern(
            "ccf_shifted_row",
            #"(\d+) fields, expected (\d+) as in the header \(the CCF CLI does not quote fields, so a service name containing a comma shifts the columns\); row set aside"#,
            ["found", "expected"]),
        pattern(
            "row_width", #"(\d+) fields, expected (\d+) as in the header \((.*)\); row set aside"#,
            ["found", "expected", "hint"]),
        pattern(
            "nvidia_short_row",
            #"(\d+) fields, expected (\d+) as in the header of line (\d+) \(a line cut short when the log stopped\?\); set aside"#,
            ["found", "expected", "header"]),
        pattern(
            "nvidia_no_power",
            #"([\d,]+) rows? have no power reading \("(.*)" or another placeholder such as \[N/A\] or \[Not Supported\] in every power column; first at this line\); set aside"#,
            ["count", "found"]),
        pattern("nvidia_header_repeated", #"header repeated \(the log was restarted\); columns read anew"#),
        pattern(
            "nvidia_repeated_hour",
            #"([\d,]+) local times? fall in the hour repeated when (.*) left summer time; read in order \(first at this line\)"#,
            ["count", "zone"]),
        pattern(
            "prometheus_other_metrics",
            #"([\d,]+) samples of (\d+) other metrics skipped \((.*)\); only (.*) are read"#,
            ["samples", "metrics", "names", "accepted"]),
        pattern(
            "prometheus_api_error",
            #"the Prometheus API answered with an error \((.*?)\): (.*); expected "status": "success""#,
            ["type", "detail"]),
        pattern("prometheus_after_eof", ##"text after "# EOF"; expected the end of the exposition; ignored"##),
        pattern(
            "identical_copy", #"byte-identical to (.*): not counted again, so its figures count once"#, ["file"]),
        pattern(
            "codecarbon_empty_field",
            #"(\S+) is empty \(a run that ended before its first measurement\); row set aside"#,
            ["field"]),
        pattern(
            "codecarbon_flushed_anonymous_run",
            #"run without run_id was written more than once \(flush\): only its longest row is kept"#),
        pattern("usage_not_json", #"expected a JSON object on one line, found "(.*)"; row set aside"#, ["found"]),
        pattern(
            "usage_request_repeated",
            #"([\d,]+) requests? already read from (.*?) \(the same file_id, time, service, endpoint and status, or the same line\): counted once, from .*"#,
            ["count", "file"]),
        pattern(
            "usage_identity_full",
            #"more usage lines than the identity set holds \(about 1\.7 million, 16 MiB\): lines past it are counted but not checked against later files"#
        ),
        pattern(
            "usage_duplicate_key", #"the key "(.*)" appears twice; expected each key once; row set aside"#, ["key"]),
        pattern(
            "azure_page",
            #"this is one page of a longer result \(skipToken/nextLink present\): its month is checked against the MonthlySummary"#
        ),
        pattern("listing_symlink", #"a symbolic link: not followed; copy the file into inputs/"#),
        pattern("listing_hidden_folder", #"a hidden folder \(its name starts with a dot\): not read"#),
        pattern("listing_not_regular", #"not a regular file \(a FIFO, socket or device\): not read"#),
        pattern(
            "listing_hidden_file",
            #"a hidden file \(its name starts with a dot\): not read; rename it if it is an export"#),
        pattern("listing_readme", #"a README: documentation, not read"#),
        pattern(
            "listing_backup",
            #"a backup copy \(CodeCarbon writes emissions\.csv\.bak when its columns change\): not read"#),
        pattern(
            "ccf_empty_elements",
            #"(\d+) empty elements? \[\] skipped \(CCF appends one to its cache files and reads it back\)"#, ["count"]),
        pattern(
            "ccf_grouped_quarter", #"grouped by quarter or year: not split into months; re-export with groupBy=month"#),
        pattern(
            "usage_too_many_keys",
            #"more than ([\d,]+) distinct \(month, service, endpoint, language\) keys: records with a new key are set aside from here; a usage log names a few services and endpoints"#,
            ["limit"]),
        pattern(
            "azure_undated_report_alone",
            #"a report without a month \((.*?)\): used as a cross-check, not counted; its (\d+) records? sum to (\S+) kgCO2e, and no monthly summary to compare it with"#,
            ["type", "records", "kg"]),
        pattern(
            "azure_undated_report_checked",
            #"a report without a month \((.*?)\): used as a cross-check, not counted; its (\d+) records? sum to (\S+) kgCO2e, and the monthly summaries read sum to (\S+) kgCO2e"#,
            ["type", "records", "kg", "summaries"]),
        pattern(
            "json_syntax", #"byte (\d+) \(in (.*?)\): expected (.*?), found (.*)"#,
            ["offset", "pointer", "expected", "found"]),
    ].compactMap { $0 }

    /// Patterns tried last: any "field: expected …, found …" of a range check, set aside or not.
    static let generalPatterns: [Pattern] = [
        pattern(
            "field_missing_set_aside", #"(.+?): expected (.+?), found nothing; row set aside"#, ["field", "expected"]),
        pattern(
            "field_expected_set_aside", #"(.+?): expected (.+?), found (.*); row set aside"#,
            ["field", "expected", "found"]),
        pattern("field_missing", #"(.+?): expected (.+?), found nothing"#, ["field", "expected"]),
        pattern("field_expected", #"(.+?): expected (.+?), found (.*)"#, ["field", "expected", "found"]),
        // The exposition parser's own syntax errors: where the line stops parsing, without a field.
        pattern("syntax_error", #"expected (.+?), found (.*?)(?:; set aside)?"#, ["syntax", "found"]),
    ].compactMap { $0 }

    /// A found value without the quotes the message put around it; counts without their thousands commas.
    static func tidied(_ parameters: [String: String]) -> [String: String] {
        var output = parameters
        if let found = output["found"], found.count >= 2, found.hasPrefix("\""), found.hasSuffix("\"") {
            output["found"] = String(found.dropFirst().dropLast())
        }
        if let count = output["count"] { output["count"] = count.replacingOccurrences(of: ",", with: "") }
        return output
    }
}
