import Crypto
import Foundation
import Matrix

/// What a build needs besides the workspace.
package struct BuildOptions: Sendable {
    package var period: YearMonth?
    package var forcedKinds: [String: InputFormat] = [:]
    /// The moment of the build, injected so that tests and archives get byte-identical output.
    package var now: Date = Date()
    /// `--strict`: any error diagnostic (a file refused, an overlap of two sources) stops the build, as CI wants.
    /// Without it, the build goes on without what cannot be trusted and the pack's data quality lists it.
    package var isStrict = false
}

/// The stages from inputs to the figures a pack shows: ingest → date → de-duplicate → map → total → score.
/// Pure in its inputs except for reading the workspace's files in the ingest stage.
package struct ReportPipeline: Sendable {
    package let workspace: Workspace

    /// Reads every input and reports what it found, without failing on bad files.
    package func ingest(options: BuildOptions) throws -> IngestionOutcome {
        let context = ImportContext(
            timeZone: workspace.config.timeZone, nvidiaSMIHost: workspace.config.measurements.hostLookup)
        let outcome = Ingestion.run(
            try workspace.inputListing(), context: context, forced: options.forcedKinds, hash: streamingSHA256)
        // The identity set and the blocks are gone: their pages go back before the model runs (10-16 MB on a
        // usage log of a million lines and more).
        releaseFreedMemory()
        return outcome
    }

    /// The ledger stage: ingest → date → de-duplicate → map → total. Everything a pack or `reportgen check` counts,
    /// without the carbon model. A file refused whole is left out and listed (``IngestionOutcome/refused``); the
    /// rest is counted.
    /// - Throws: an ``IngestError`` when `inputs/` cannot be listed.
    package func ledger(options: BuildOptions, progress: any ProgressReporter) throws -> Ledger {
        let config = workspace.config
        let outcome = try ingest(options: options)
        let rowCount = outcome.inputs.reduce(0) { $0 + $1.rows }
        let refused = outcome.refused.count
        progress.stage(
            "ingest",
            "\(outcome.inputs.count) files read, \(rowCount) rows"
                + (refused == 0
                    ? "" : "; \(refused) file\(refused == 1 ? "" : "s") refused, listed in the pack's data quality"))
        var diagnostics = outcome.diagnostics
        if let ahp = config.criteria.ahp, config.criteria.isAHPForced, !ahp.isConsistent {
            diagnostics.append(
                .warning(
                    Workspace.configFileName,
                    "criteria.ahp: inconsistent judgements used because force is true (CR \(String(format: "%.3f", ahp.consistencyRatio)) > 0.10, \(ahp.randomIndexTable) RI)"
                ))
        }

        let summaries = outcome.records.filter {
            $0.source == .azureCarbonOptimization && $0.identifiers.granularity == .summary
        }
        let requested = options.period ?? config.period
        let dated = AzureItemDating.date(undated: outcome.undated, summaries: summaries, reportingPeriod: requested)
        diagnostics += dated.diagnostics
        let mapping = ServiceMapping(
            services: config.services, shared: config.sharedResources, languages: config.languages)
        let (records, precedence) = SourcePrecedence.apply(outcome.records + dated.records) { record in
            switch mapping.target(for: RecordFacts(record)) {
            case .service(let id): return id
            case .shared(let index): return mapping.shared[index].name
            case .unallocated: return nil
            }
        }
        diagnostics += precedence
        let activity = mapping.activityByService(outcome.activity)
        diagnostics += Self.unmatchedUsage(outcome.activity, mapping: mapping)
        let (mapped, allocation) = mapping.apply(records, activity: activity)
        diagnostics += allocation
        let emissions = MonthlyEmissions(mapped)
        progress.stage(
            "reconcile", "\(mapped.filter(\.isCounted).count) records mapped to \(config.services.count) services")

        // Measured GPU energy of the reporting month, split by the usage log's busy hours (issue 13).
        let measuredGPU = (requested ?? emissions.periods.last).flatMap { month in
            MeasuredGPUEnergy.compute(
                series: outcome.measuredSeries, usage: outcome.hourlyUsage, config: config,
                serviceOfUsage: {
                    mapping.service(forActivity: ActivityKey(period: month, service: $0, endpoint: $1, language: ""))
                },
                period: month, nvidiaSMIFiles: outcome.nvidiaSMIFiles,
                hasMonthlyRollup: outcome.inputs.contains { $0.format == InputFormat.usageRollupCSV.displayName })
        }
        diagnostics += measuredGPU?.diagnostics ?? []

        var unmappedActivity = Activity()
        for key in outcome.activity.sortedKeys where mapping.service(forActivity: key) == nil {
            unmappedActivity.add(outcome.activity.totals[key] ?? Activity())
        }
        return Ledger(
            outcome: outcome, records: mapped, emissions: emissions, activity: activity,
            cellActivity: mapping.activityByServiceAndLanguage(outcome.activity), unmappedActivity: unmappedActivity,
            diagnostics: diagnostics, requestedPeriod: requested, measuredGPU: measuredGPU)
    }

    /// The usage services and endpoints that no service's rules map, the first ``maximumListedUnmatched`` named
    /// one warning each (whatever their months and languages), the rest counted in one: a log naming a new service on
    /// every line must not make a warning a line.
    static func unmatchedUsage(_ ledger: ActivityLedger, mapping: ServiceMapping) -> [Diagnostic] {
        var seen = Set<UsageServiceLookup.Pair>()
        var listed: [Diagnostic] = []
        var more = 0
        for key in ledger.sortedKeys {
            // By bytes, as the rules match them: two spellings of one name are two pairs.
            guard seen.insert(UsageServiceLookup.Pair(service: key.service, endpoint: key.endpoint)).inserted,
                mapping.service(forActivity: key) == nil
            else { continue }
            guard listed.count < maximumListedUnmatched else {
                more += 1
                continue
            }
            listed.append(
                .warning(
                    ledger.totals[key]?.provenance.keys.sorted().first ?? "inputs/",
                    "usage for service \"\(key.service)\" endpoint \"\(key.endpoint)\" matches no service's rules: not counted"
                ))
        }
        if more > 0 {
            listed.append(
                .warning(
                    "inputs/",
                    "\(more.groupedDigits) more usage services and endpoints match no service's rules: not counted (the first \(maximumListedUnmatched) are listed)"
                ))
        }
        return listed
    }

    /// Unmatched usage services and endpoints named one by one.
    static let maximumListedUnmatched = 50

    /// Runs every stage.
    /// - Throws: ``BuildError/inputsHaveErrors(_:)`` when an error diagnostic was found and `options.isStrict` is
    ///   set, ``BuildError/noData`` when nothing dates a month, or a ``MatrixError``.
    package func run(options: BuildOptions, progress: any ProgressReporter) throws -> PackContent {
        let config = workspace.config
        var ledger = try ledger(options: options, progress: progress)
        var diagnostics = ledger.diagnostics
        let (mapped, emissions, activity, cellActivity, requested) = (
            ledger.records, ledger.emissions, ledger.activity, ledger.cellActivity, ledger.requestedPeriod
        )
        if options.isStrict, diagnostics.contains(where: { $0.severity == .error }) {
            throw BuildError.inputsHaveErrors(diagnostics.filter { $0.severity == .error })
        }
        guard let period = requested ?? emissions.periods.last else { throw BuildError.noData }
        let mapping = ServiceMapping(
            services: config.services, shared: config.sharedResources, languages: config.languages)
        let profile = WeeklyBusyProfile(
            usage: ledger.outcome.hourlyUsage, period: period, timeZone: config.timeZone,
            service: {
                mapping.service(forActivity: ActivityKey(period: period, service: $0, endpoint: $1, language: ""))
            })
        // The hours have given the measured GPU split and the busy profile: released before the model runs (a year
        // of a usage log's hours × keys is about 10 MB).
        ledger.outcome.hourlyUsage = HourlyUsage()
        let outcome = ledger.outcome
        let carbon = try CarbonAssessment(
            config: config, period: period, records: mapped, emissions: emissions, activity: cellActivity,
            measuredGPU: ledger.measuredGPU.flatMap { $0.period == period ? $0 : nil }, progress: progress)
        diagnostics += carbon.diagnostics
        diagnostics += HardwareEvidence.check(
            services: config.services, mapping: mapping, records: mapped, recommendations: outcome.recommendations)
        let scoring = try ServiceScoring(config: config, assessment: carbon)
        let decisions = try DecisionAnalysis(config: config, period: period, assessment: carbon, profile: profile)
        progress.stage(
            "score",
            "\(decisions.cellMatrix.cells.count) cells and \(scoring.matrix.alternativeCount) services scored with \(decisions.results.count) methods; \(decisions.arbitration.configurationsEvaluated) service configurations evaluated on \(decisions.evaluator.draws) draws, plan \(decisions.arbitration.fits ? "within" : "over") budget"
        )

        var content = PackContent(
            config: config, period: period, generatedAt: options.now, inputs: outcome.inputs, records: mapped,
            emissions: emissions, activity: activity, carbon: carbon, scoring: scoring, decisions: decisions,
            measuredGPU: ledger.measuredGPU.flatMap { $0.period == period ? $0 : nil },
            diagnostics: diagnostics.sorted {
                ($0.file, $0.line ?? 0, $0.message) < ($1.file, $1.line ?? 0, $1.message)
            })
        content.cloudRecommendations = outcome.recommendations
        content.cellActivity = cellActivity
        content.refusedInputs = outcome.refused.sorted { $0.file < $1.file }
        return content
    }
}

/// What the ledger stage counted: the mapped records and their monthly totals, the usage by service and language.
package struct Ledger: Sendable {
    package var outcome: IngestionOutcome
    /// Every record after dating, precedence and mapping (set-aside ones included, marked).
    package var records: [EmissionRecord]
    package var emissions: MonthlyEmissions
    /// Usage by ReportGen service and month.
    package var activity: [String: [YearMonth: Activity]]
    /// Usage by ReportGen service, language and month.
    package var cellActivity: [String: [String: [YearMonth: Activity]]]
    /// Usage that no service's rules map, summed.
    package var unmappedActivity: Activity
    package var diagnostics: [Diagnostic]
    /// `--period` or `period:`, when given.
    package var requestedPeriod: YearMonth?
    /// Measured GPU energy of the reporting month per service × language, idle apart; `nil` without measurements.
    package var measuredGPU: MeasuredGPUEnergy?
}

/// Why a build stops.
package enum BuildError: Error, CustomStringConvertible, LocalizedError {
    /// `--strict` and at least one error diagnostic.
    case inputsHaveErrors([Diagnostic])
    case noData

    package var description: String {
        switch self {
        case .inputsHaveErrors(let diagnostics):
            return
                "the inputs have \(diagnostics.count) error\(diagnostics.count == 1 ? "" : "s") and --strict makes them fatal; no pack was written:\n"
                + diagnostics.map { "  " + $0.description }.joined(separator: "\n")
        case .noData:
            return "no input dates any month: expected at least one export with figures, or period: in reportgen.yaml"
        }
    }

    package var errorDescription: String? { description }
}
