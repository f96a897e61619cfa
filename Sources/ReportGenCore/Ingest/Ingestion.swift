import Foundation

/// One input file as the pack's inputs table shows it.
package struct InputSummary: Sendable, Codable, Hashable {
    package var name: String
    package var format: String
    package var rows: Int
    package var bytes: Int
    package var sha256: String
}

/// Everything read from a workspace's inputs.
package struct IngestionOutcome: Sendable {
    package var inputs: [InputSummary] = []
    package var records: [EmissionRecord] = []
    package var undated: [EmissionRecord] = []
    package var activity = ActivityLedger()
    package var recommendations: [CloudRecommendation] = []
    /// Every measurement file's GPU series, to be merged per GPU.
    var measuredSeries = MeasuredSeriesSet()
    /// The files read as nvidia-smi logs.
    package var nvidiaSMIFiles: Set<String> = []
    /// Busy time and requests per UTC hour, from every per-request usage log.
    package var hourlyUsage = HourlyUsage()
    package var diagnostics: [Diagnostic] = []
    /// The files refused whole (nothing in them can be trusted: an unknown format, a wrong header, JSON that does not
    /// parse), one diagnostic each, also in ``diagnostics``. The rest of the workspace is read and built without them.
    package var refused: [Diagnostic] = []

    package var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}

/// Reads every input file. A file that cannot be read becomes an error diagnostic and reading goes on, so that
/// `validate` reports every problem in every file and `build` builds the rest; a file that matches no known export is listed as not read (a
/// warning), so that a stray file never stops a build; a byte-identical copy of a file already read is not read
/// again (a note naming both).
package enum Ingestion {
    /// Reads a listing of `inputs/`: its files, and its entries not read, listed first.
    package static func run(
        _ listing: InputListing, context: ImportContext, forced: [String: InputFormat] = [:],
        hash: (InputFile) throws -> (sha256: String, bytes: Int)
    ) -> IngestionOutcome {
        var outcome = run(listing.files, context: context, forced: forced, hash: hash)
        outcome.diagnostics = listing.skipped + outcome.diagnostics
        return outcome
    }

    package static func run(
        _ files: [InputFile], context: ImportContext, forced: [String: InputFormat] = [:],
        hash: (InputFile) throws -> (sha256: String, bytes: Int)
    ) -> IngestionOutcome {
        var outcome = IngestionOutcome()
        var seen: [String: String] = [:]
        var context = context
        context.usageIdentities = UsageLineIdentities()
        context.codeCarbonRunBudget = CodeCarbonRunBudget()
        context.sumsCodeCarbonRuns = false
        var codeCarbon: [CodeCarbonRunTable] = []
        let formats = files.map { headFormat($0, forced: forced[$0.name]) }
        let holdsRequests = formats.map { $0 == .usageLogJSONL || $0 == .usageLogCSV }
        for (index, file) in files.enumerated() {
            context.remembersUsageIdentities = holdsRequests[(index + 1)...].contains(true)
            // A JSON Lines usage log or a CodeCarbon file is hashed by its reader as it reads: one pass over the file,
            // not two. Whether it is a copy of an earlier file is then known after it is read, and its figures are
            // dropped if it is.
            context.digestsWhileReading = formats[index] == .usageLogJSONL || formats[index] == .codeCarbonCSV
            var digest: (sha256: String, bytes: Int)?
            /// Whether `known` shows the file to be a copy of an earlier one (then noted); else remembers it.
            func isCopy(_ known: (sha256: String, bytes: Int)) -> Bool {
                if !known.sha256.isEmpty, let original = seen[known.sha256] {
                    outcome.diagnostics.append(
                        .note(file.name, "byte-identical to \(original): not counted again, so its figures count once"))
                    return true
                }
                seen[known.sha256] = file.name
                return false
            }
            do {
                if !context.digestsWhileReading {
                    digest = try hash(file)
                    if let digest, isCopy(digest) { continue }
                }
                let (format, result) = try importFile(file, forced: forced[file.name], context: context)
                let summary = try digest ?? result.digest ?? hash(file)
                if digest == nil, isCopy(summary) {
                    // The copy's runs were taken from the budget of runs checked across files: given back.
                    if let table = result.codeCarbon { context.codeCarbonRunBudget?.giveBack(table.runs.count) }
                    continue
                }
                outcome.inputs.append(
                    InputSummary(
                        name: file.name, format: format.format.displayName, rows: result.rowCount,
                        bytes: summary.bytes, sha256: summary.sha256))
                if let table = result.codeCarbon {
                    codeCarbon.append(table)
                } else {
                    outcome.records += result.records
                }
                outcome.undated += result.undated
                outcome.activity.merge(result.activity)
                outcome.recommendations += result.recommendations
                for series in result.measuredSeries { outcome.measuredSeries.add(series) }
                if format.format == .nvidiaSMICSV { outcome.nvidiaSMIFiles.insert(file.name) }
                outcome.hourlyUsage.merge(result.hourlyUsage)
                outcome.diagnostics += result.diagnostics
            } catch let error as IngestError {
                // A refused file's copy is still not read again, as when the file is hashed before it is read.
                if digest == nil, context.digestsWhileReading, let known = try? hash(file), seen[known.sha256] == nil {
                    seen[known.sha256] = file.name
                }
                var refusal: Diagnostic
                if case .unknownFormat = error {
                    refusal = .warning(file.name, "not read: " + error.message)
                } else {
                    refusal = Diagnostic(
                        severity: .error, file: file.name, line: error.line, column: error.column,
                        message: error.message)
                }
                refusal.code = error.code
                refusal.parameters = error.parameters
                outcome.diagnostics.append(refusal)
                outcome.refused.append(refusal)
            } catch {
                var refusal = Diagnostic.error(file.name, "cannot be read: \(error)")
                refusal.code = "unreadable"
                refusal.parameters = ["reason": "\(error)"]
                outcome.diagnostics.append(refusal)
                outcome.refused.append(refusal)
            }
        }
        // CodeCarbon runs across files, counted once before they are summed.
        let runs = CodeCarbonRunPrecedence.resolve(codeCarbon)
        outcome.records += runs.records
        outcome.diagnostics += runs.diagnostics
        return outcome
    }

    /// The format a file's first bytes show, as ``importFile(_:forced:context:)`` detects it (or the one forced);
    /// `nil` for a JSON document, which is not loaded here (no JSON document is a usage log), or an unreadable file.
    static func headFormat(_ file: InputFile, forced: InputFormat?) -> InputFormat? {
        if let forced { return forced }
        return try? detectFormat(
            fileName: file.name, head: file.head(),
            whole: { () throws(IngestError) -> Data in throw .empty(file: file.name) }
        ).format
    }

    /// Whether a file can be read as a per-request usage log (JSON Lines or CSV), judged from its first bytes.
    static func mayHoldRequests(_ file: InputFile, forced: InputFormat?) -> Bool {
        let format = headFormat(file, forced: forced)
        return format == .usageLogJSONL || format == .usageLogCSV
    }
}
