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
        do {
            let config = try Workspace.load(root).config
            timeZone = config.timeZone
            measurements = config.measurements
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
            let months = Dictionary(grouping: outcome.records, by: \.provenance.file).mapValues { Set($0.map(\.period)) }
            for input in outcome.inputs {
                var text = "\(input.format), \(input.rows.groupedDigits) row\(input.rows == 1 ? "" : "s")"
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
