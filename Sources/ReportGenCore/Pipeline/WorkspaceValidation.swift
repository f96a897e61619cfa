import Foundation

/// What `reportgen validate` finds: every problem of the configuration and of each input file, at once.
package struct WorkspaceValidation: Sendable {
    /// Every diagnostic, configuration first.
    package var diagnostics: [Diagnostic]
    /// How many input files were read.
    package var fileCount: Int
    /// What was found in each file read: its format and version where the file shows it (``InputDetails``), rows,
    /// services matched and months (`Azure Carbon optimization REST JSON, data types MonthlySummaryData, 13 rows,
    /// 2024-03 to 2025-03 (13 months)`), by file name.
    package var found: [String: String] = [:]

    /// Checks `reportgen.yaml` and every input; the inputs are checked even when the configuration is broken
    /// (then in the default time zone).
    package static func run(workspace root: URL, forcedKinds: [String: InputFormat] = [:]) -> WorkspaceValidation {
        var diagnostics: [Diagnostic] = []
        var timeZone = TimeZone(identifier: "Europe/Paris") ?? .current
        var measurements = MeasurementConfig()
        var mapping: ServiceMapping?
        do {
            let config = try Workspace.load(root).config
            timeZone = config.timeZone
            measurements = config.measurements
            mapping = ServiceMapping(
                services: config.services, shared: config.sharedResources, languages: config.languages)
        } catch let errors as ConfigErrors {
            diagnostics += errors.errors.map {
                Diagnostic(
                    severity: .error, file: $0.file, line: $0.line, column: nil,
                    message: $0.path.isEmpty ? $0.message : "\($0.path): \($0.message)")
            }
        } catch let error as IngestError {
            diagnostics.append(
                Diagnostic(
                    severity: .error, file: Workspace.configFileName, line: error.line, column: error.column,
                    message: error.message))
        } catch {
            diagnostics.append(
                Diagnostic(
                    severity: .error, file: Workspace.configFileName, line: nil, column: nil,
                    message: error.localizedDescription))
        }
        var fileCount = 0
        var found: [String: String] = [:]
        do {
            let listing = try Workspace.inputListing(of: root)
            fileCount = listing.files.count
            let outcome = Ingestion.run(
                listing, context: ImportContext(timeZone: timeZone, nvidiaSMIHost: measurements.hostLookup),
                forced: forcedKinds, hash: streamingSHA256)
            diagnostics += outcome.diagnostics
            if listing.files.isEmpty {
                diagnostics.append(
                    .warning("inputs/", "no input file: add the month's exports (see README, \"Input formats\")"))
            }
            let byFile = Dictionary(grouping: outcome.records, by: \.provenance.file)
            let undatedByFile = Dictionary(grouping: outcome.undated, by: \.provenance.file)
            let diagnosticsByFile = Dictionary(grouping: outcome.diagnostics, by: \.file)
            let urls = Dictionary(listing.files.map { ($0.name, $0.url) }, uniquingKeysWith: { first, _ in first })
            var usageByFile: [String: [ActivityKey]] = [:]
            for key in outcome.activity.sortedKeys {
                for file in (outcome.activity.totals[key]?.provenance ?? [:]).keys {
                    usageByFile[file, default: []].append(key)
                }
            }
            for input in outcome.inputs {
                let (text, warning) = describe(
                    input, records: byFile[input.name] ?? [], undated: undatedByFile[input.name] ?? [],
                    usage: usageByFile[input.name] ?? [], diagnostics: diagnosticsByFile[input.name] ?? [],
                    url: urls[input.name], mapping: mapping)
                found[input.name] = text
                if let warning { diagnostics.append(warning) }
            }
        } catch let error as IngestError {
            diagnostics.append(
                Diagnostic(
                    severity: .error, file: error.file, line: error.line, column: error.column, message: error.message))
        } catch {
            diagnostics.append(
                Diagnostic(severity: .error, file: "inputs/", line: nil, column: nil, message: "\(error)"))
        }
        return WorkspaceValidation(diagnostics: diagnostics, fileCount: fileCount, found: found)
    }

    /// One file's line: format and details, rows, services matched, months; and a warning when some of its
    /// records or usage match no service's rules (their count and one example).
    private static func describe(
        _ input: InputSummary, records dated: [EmissionRecord], undated: [EmissionRecord], usage: [ActivityKey],
        diagnostics: [Diagnostic], url: URL?, mapping: ServiceMapping?
    ) -> (text: String, warning: Diagnostic?) {
        let records = dated + undated
        let details = InputDetails.describe(
            format: input.format, records: records, diagnostics: diagnostics, url: url)
        var text = ([input.format] + details).joined(separator: ", ")
        text += ", \(input.rows.groupedDigits) row\(input.rows == 1 ? "" : "s")"
        var services: Set<String> = []
        var warning: Diagnostic?
        if let mapping {
            var unmatched: [EmissionRecord] = []
            // A monthly summary has no resource to map: it is a check of the items, not a figure to allocate.
            for record in records where record.identifiers.granularity != .summary {
                switch mapping.target(for: RecordFacts(record)) {
                case .service(let id): services.insert(id)
                case .shared(let index): services.formUnion(mapping.shared[index].services)
                case .unallocated: unmatched.append(record)
                }
            }
            let unmatchedUsage = usage.filter { mapping.service(forActivity: $0) == nil }
            services.formUnion(usage.compactMap(mapping.service(forActivity:)))
            if let example = unmatched.first {
                let ids = example.identifiers
                let name =
                    ids.resourceId ?? ids.serviceName ?? ids.project ?? ids.taskName ?? ids.itemName
                    ?? "without identifiers"
                warning = Diagnostic(
                    severity: .warning, file: input.name, line: example.provenance.line, column: nil,
                    message:
                        "\(unmatched.reduce(0) { $0 + $1.runCount }.groupedDigits) of \(records.reduce(0) { $0 + $1.runCount }.groupedDigits) records match no service's rules and count as unallocated (for example \(escapedExcerpt(name, limit: 80))); add a match rule in reportgen.yaml"
                )
            } else if let example = unmatchedUsage.first {
                warning = .warning(
                    input.name,
                    "\(unmatchedUsage.count.groupedDigits) of \(usage.count.groupedDigits) usage groups (month, service, endpoint, language) match no service's rules and are not counted (for example service \"\(escapedExcerpt(example.service, limit: 80))\" endpoint \"\(escapedExcerpt(example.endpoint, limit: 80))\"); add usage_services or endpoints to a service in reportgen.yaml"
                )
            }
        }
        if !services.isEmpty { text += ", services " + services.sorted().joined(separator: ", ") }
        let covered = Set(dated.map(\.period) + usage.map(\.period))
        if let first = covered.min(), let last = covered.max() {
            text += first == last ? ", \(first)" : ", \(first) to \(last) (\(covered.count) months)"
        } else if !undated.isEmpty {
            text += ", month not stated in the file (dated at build by the MonthlySummary or the reporting period)"
        }
        return (text, warning)
    }

    /// Whether any diagnostic is an error.
    package var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// Whether any diagnostic is a warning or an error (what `validate --strict` refuses).
    package var hasWarnings: Bool { diagnostics.contains { $0.severity >= .warning } }
}
