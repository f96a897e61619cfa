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

/// A cell's volume in the base month and its work per file, measured where the usage log has it.
package struct CellBasis: Sendable {
    package let key: CellKey
    /// Files processed in the base month (successful requests), or assumed.
    package let files: Double
    package let source: ActivitySource
    /// Per-file work from the usage log; `nil` where it comes from the reference factors.
    package let audioHoursPerFile: Double?
    package let outputTokensPerFile: Double?
    package let inputTokensPerFile: Double?
    package let charactersPerFile: Double?
    /// Busy GPU hours per file from the usage log's `gpu_seconds`; `nil` where it is estimated from energy.
    package let busyHoursPerFile: Double?
    /// Energy the usage log measured in the base month (kWh at the server, before PUE), and over how many requests.
    package let measuredEnergyKWh: Double
    package let requestsWithEnergy: Int

    /// Builds the cells of every service and workspace language for one month.
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
                    cells.append(
                        CellBasis(
                            key: key, files: files, source: .usageLog,
                            audioHoursPerFile: used.audioSeconds / 3600 / files,
                            outputTokensPerFile: used.outputTokens > 0 ? used.outputTokens / files : nil,
                            inputTokensPerFile: used.inputTokens > 0 ? used.inputTokens / files : nil,
                            charactersPerFile: used.inputChars > 0 ? used.inputChars / files : nil,
                            busyHoursPerFile: used.gpuSeconds > 0 ? used.gpuSeconds / 3600 / files : nil,
                            measuredEnergyKWh: used.energyKWh, requestsWithEnergy: used.requestsWithEnergy))
                } else {
                    let assumed = config.workload.filesPerMonth[language] ?? 0
                    cells.append(
                        CellBasis(
                            key: key, files: assumed, source: assumed > 0 ? .assumption : .none, audioHoursPerFile: nil,
                            outputTokensPerFile: nil, inputTokensPerFile: nil, charactersPerFile: nil,
                            busyHoursPerFile: nil, measuredEnergyKWh: 0, requestsWithEnergy: 0))
                }
            }
        }
        return cells
    }
}
