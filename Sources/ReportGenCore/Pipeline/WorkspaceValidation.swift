import Foundation

/// What `reportgen validate` finds: every problem of the configuration and of each input file, at once.
package struct WorkspaceValidation: Sendable {
    /// Every diagnostic, configuration first.
    package var diagnostics: [Diagnostic]
    /// How many input files were read.
    package var fileCount: Int

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
        do {
            let files = try Workspace.inputFiles(of: root)
            fileCount = files.count
            let outcome = Ingestion.run(
                files, context: ImportContext(timeZone: timeZone, nvidiaSMIHost: measurements.hostLookup),
                forced: forcedKinds,
                hash: streamingSHA256)
            diagnostics += outcome.diagnostics
        } catch let error as IngestError {
            diagnostics.append(
                Diagnostic(
                    severity: .error, file: error.file, line: error.line, column: error.column, message: error.message))
        } catch {
            diagnostics.append(
                Diagnostic(severity: .error, file: "inputs/", line: nil, column: nil, message: "\(error)"))
        }
        return WorkspaceValidation(diagnostics: diagnostics, fileCount: fileCount)
    }

    /// Whether any diagnostic is an error.
    package var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}
