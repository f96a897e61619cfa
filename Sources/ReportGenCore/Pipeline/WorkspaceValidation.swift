import Foundation

/// What `reportgen validate` finds: every problem of the configuration and of each input file, at once.
package struct WorkspaceValidation: Sendable {
    /// Every diagnostic, configuration first.
    package var diagnostics: [Diagnostic]
    /// How many input files were read.
    package var fileCount: Int
    /// What was found in each file read: its format, rows and months (`Azure Carbon optimization REST JSON, 13
    /// rows, 2024-03 to 2025-03`), by file name.
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
            let months = Dictionary(grouping: outcome.records, by: \.provenance.file).mapValues {
                Set($0.map(\.period))
            }
            let byFile = Dictionary(grouping: outcome.records, by: \.provenance.file)
            for input in outcome.inputs {
                var text = "\(input.format), \(input.rows.groupedDigits) row\(input.rows == 1 ? "" : "s")"
                if let mapping, let records = byFile[input.name], !records.isEmpty {
                    var services: Set<String> = []
                    var unmatched: [EmissionRecord] = []
                    // A monthly summary has no resource to map: it is a check of the items, not a figure to allocate.
                    for record in records where record.identifiers.granularity != .summary {
                        switch mapping.target(for: RecordFacts(record)) {
                        case .service(let id): services.insert(id)
                        case .shared(let index): services.formUnion(mapping.shared[index].services)
                        case .unallocated: unmatched.append(record)
                        }
                    }
                    if !services.isEmpty { text += ", services " + services.sorted().joined(separator: ", ") }
                    if let example = unmatched.first {
                        let ids = example.identifiers
                        let name =
                            ids.resourceId ?? ids.serviceName ?? ids.project ?? ids.taskName ?? ids.itemName
                            ?? "without identifiers"
                        diagnostics.append(
                            Diagnostic(
                                severity: .warning, file: input.name, line: example.provenance.line, column: nil,
                                message:
                                    "\(unmatched.count.groupedDigits) of \(records.count.groupedDigits) records match no service's rules and count as unallocated (for example \(escapedExcerpt(name, limit: 80))); add a match rule in reportgen.yaml"
                            ))
                    }
                }
                if let covered = months[input.name], let first = covered.min(), let last = covered.max() {
                    text += first == last ? ", \(first)" : ", \(first) to \(last) (\(covered.count) months)"
                }
                found[input.name] = text
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

    /// Whether any diagnostic is an error.
    package var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// Whether any diagnostic is a warning or an error (what `validate --strict` refuses).
    package var hasWarnings: Bool { diagnostics.contains { $0.severity >= .warning } }
}
