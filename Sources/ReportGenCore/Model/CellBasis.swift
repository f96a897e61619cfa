/// A service × language cell: the unit the decision is taken on.
package struct CellKey: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    package var service: String
    package var language: String

    package static func < (a: CellKey, b: CellKey) -> Bool { (a.service, a.language) < (b.service, b.language) }

    /// `transcription/fr`.
    package var description: String { "\(service)/\(language)" }
}

/// Where a cell's volume and work per file come from, in decreasing order of quality.
package enum ActivitySource: String, Sendable, Codable {
    /// Requests in the usage log for the month.
    case usageLog = "usage-log"
    /// `workload.files_per_month` with per-file work from the reference factors.
    case assumption = "workload-assumption"
    /// Neither: the cell is not planned.
    case none
}

/// Where a cell's energy comes from, best first.
package enum EnergyBasis: String, Sendable, Codable, CaseIterable {
    /// Measured energy covers the cell's work: the model uses it.
    case measured
    /// Measured energy covers part of the work (or other cells of the service): the factor is scaled by the
    /// measured ratio, measured ÷ modelled over the covered work.
    case calibrated
    /// No measurement: the reference factor × server overhead.
    case modelled
}

/// What a measurement's energy includes.
package enum MeasurementBoundary: String, Sendable, Codable {
    /// GPU, CPU and RAM of the server, before PUE (the usage log's `energy_wh`).
    case server
    /// The GPU (or CPU) only: the server overhead is applied on top.
    case device
}

/// Energy measured for the work of one cell in one month, from one source: the input of the measured and
/// calibrated path. The usage log's `energy_wh` is one source; GPU telemetry importers add others.
package struct CellMeasurement: Sendable, Hashable, Codable {
    package var key: CellKey
    package var period: YearMonth
    /// `usage-log energy_wh`, a telemetry file…: printed in the pack.
    package var source: String
    /// kWh at ``boundary``, before PUE.
    package var energyKWh: Double
    package var boundary: MeasurementBoundary
    /// The share of the cell's successful requests whose work the measurement covers, 0…1.
    package var coverage: Double
    /// How the work the measurement does not cover gets its energy.
    package var gapFill: GapFill

    /// How the uncovered share of a cell's work (1 − coverage) gets its energy.
    package enum GapFill: String, Sendable, Hashable, Codable {
        /// At the measured energy per file: the measured requests are a sample of the cell's (the usage log's
        /// `energy_wh` on some requests).
        case measuredRate = "measured-rate"
        /// By the model (reference factor × server overhead), drawn like any modelled cell: the measurement missed
        /// whole hours (GPU telemetry gaps), so its rate says nothing about them.
        case model
    }

    package init(
        key: CellKey, period: YearMonth, source: String, energyKWh: Double, boundary: MeasurementBoundary,
        coverage: Double, gapFill: GapFill = .measuredRate
    ) {
        self.key = key
        self.period = period
        self.source = source
        self.energyKWh = energyKWh
        self.boundary = boundary
        self.coverage = min(1, max(0, coverage))
        self.gapFill = gapFill
    }

    /// The usage log's `energy_wh` of every cell and month: server energy, coverage = requests with energy ÷
    /// successful requests (failed requests do no transcription, so the share is of the work, capped at 1).
    package static func usageLog(_ activity: [String: [String: [YearMonth: Activity]]]) -> [CellMeasurement] {
        var result: [CellMeasurement] = []
        for service in activity.keys.sorted() {
            for language in (activity[service] ?? [:]).keys.sorted() {
                for (month, used) in (activity[service]?[language] ?? [:]).sorted(by: { $0.key < $1.key })
                where used.energyKWh > 0 && used.files > 0 {
                    result.append(
                        CellMeasurement(
                            key: CellKey(service: service, language: language), period: month,
                            source: "usage-log energy_wh", energyKWh: used.energyKWh, boundary: .server,
                            coverage: Double(used.requestsWithEnergy) / Double(used.files)))
                }
            }
        }
        return result
    }
}

/// A cell's volume in the base month and its work per file, measured where the usage log has it.
package struct CellBasis: Sendable {
    package let key: CellKey
    /// The month the cell describes: it sets the calendar hours of always-on VMs (730 h a VM without one).
    package var period: YearMonth?
    /// Files processed in the base month (successful requests), or assumed.
    package let files: Double
    package let source: ActivitySource
    /// Per-file work from the usage log's successful requests; `nil` where it comes from the reference factors.
    package let audioHoursPerFile: Double?
    package let outputTokensPerFile: Double?
    package let inputTokensPerFile: Double?
    package let charactersPerFile: Double?
    /// Busy GPU hours per file from the usage log's `gpu_seconds` (failed requests included: they used the GPU);
    /// `nil` where it is estimated from energy.
    package let busyHoursPerFile: Double?
    /// GPU hours of failed requests per successful file: charged at the VM's busy power when not measured.
    package var failedBusyHoursPerFile = 0.0
    /// Energy the usage log measured in the base month (kWh at the server, before PUE), and over how many requests.
    package let measuredEnergyKWh: Double
    package let requestsWithEnergy: Int

    /// Which energy the model uses for the cell, and the share of the work measured (0…1).
    package var energyBasis = EnergyBasis.modelled
    package var energyCoverage = 0.0
    /// Server energy per file (kWh, before PUE) when measured or calibrated: with a model gap fill, the measured
    /// part only (the model adds ``modelledEnergyShare`` of its own figure).
    package var serverKWhPerFile: Double?
    /// The share of the cell's work whose energy the model fills in beside the measured part (GPU telemetry
    /// gaps), 0…1; 0 where the measurement covers the work or its rate is extrapolated.
    package var modelledEnergyShare = 0.0
    /// The measured part of the cell's server energy in the base month, kWh before PUE (0 when not measured).
    package var measuredServerKWh = 0.0
    /// The service's idle power as measured (the same on every cell of the service); `nil` without GPU telemetry.
    package var measuredIdle: IdleCalibration?
    /// The work factor the measurement calibrated and the ratio measured ÷ modelled: a what-if that swaps the
    /// model keeps the ratio on its own factor.
    package var calibratedWorkKey: String?
    package var calibrationRatio: Double?
    /// The server overhead (server ÷ GPU energy) measured by CodeCarbon on the service's VM, if any.
    package var measuredServerOverhead: Double?
    /// Where the measured energy comes from.
    package var measurementSources: [String] = []

    package init(
        key: CellKey, period: YearMonth? = nil, files: Double, source: ActivitySource, audioHoursPerFile: Double?,
        outputTokensPerFile: Double?, inputTokensPerFile: Double?, charactersPerFile: Double?,
        busyHoursPerFile: Double?, measuredEnergyKWh: Double, requestsWithEnergy: Int
    ) {
        self.key = key
        self.period = period
        self.files = files
        self.source = source
        self.audioHoursPerFile = audioHoursPerFile
        self.outputTokensPerFile = outputTokensPerFile
        self.inputTokensPerFile = inputTokensPerFile
        self.charactersPerFile = charactersPerFile
        self.busyHoursPerFile = busyHoursPerFile
        self.measuredEnergyKWh = measuredEnergyKWh
        self.requestsWithEnergy = requestsWithEnergy
    }

    /// Builds the cells of every service and workspace language for one month. Failed requests count by their
    /// GPU time (and measured energy), never by their audio length or characters.
    package static func cells(
        config: WorkspaceConfig, period: YearMonth, activity: [String: [String: [YearMonth: Activity]]]
    ) -> [CellBasis] {
        var cells: [CellBasis] = []
        for service in config.services {
            let languages =
                config.languages.isEmpty
                ? Array(Set(activity[service.id]?.keys.map { $0 } ?? [])).sorted() : config.languages
            for language in languages {
                let key = CellKey(service: service.id, language: language)
                if let used = activity[service.id]?[language]?[period], used.files > 0 {
                    let files = Double(used.files)
                    let audioSeconds = max(0, used.audioSeconds - used.failedAudioSeconds)
                    let characters = max(0, used.inputChars - used.failedInputChars)
                    var cell = CellBasis(
                        key: key, period: period, files: files, source: .usageLog,
                        audioHoursPerFile: audioSeconds / 3600 / files,
                        outputTokensPerFile: used.outputTokens > 0 ? used.outputTokens / files : nil,
                        inputTokensPerFile: used.inputTokens > 0 ? used.inputTokens / files : nil,
                        charactersPerFile: characters > 0 ? characters / files : nil,
                        busyHoursPerFile: used.gpuSeconds > 0 ? used.gpuSeconds / 3600 / files : nil,
                        measuredEnergyKWh: used.energyKWh, requestsWithEnergy: used.requestsWithEnergy)
                    cell.failedBusyHoursPerFile = used.failedGPUSeconds / 3600 / files
                    cells.append(cell)
                } else {
                    let assumed = config.workload.filesPerMonth[language] ?? 0
                    cells.append(
                        CellBasis(
                            key: key, period: period, files: assumed, source: assumed > 0 ? .assumption : .none,
                            audioHoursPerFile: nil, outputTokensPerFile: nil, inputTokensPerFile: nil,
                            charactersPerFile: nil, busyHoursPerFile: nil, measuredEnergyKWh: 0, requestsWithEnergy: 0))
                }
            }
        }
        return cells
    }
}
