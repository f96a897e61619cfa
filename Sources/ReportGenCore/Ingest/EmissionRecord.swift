/// Which export a record came from.
package enum SourceKind: String, Sendable, Hashable, Codable, CaseIterable {
    case ccfCSV = "ccf-cli-csv"
    case ccfJSON = "ccf-api-json"
    case ccfRecommendations = "ccf-recommendations"
    case azureCarbonOptimization = "azure-carbon-optimization"
    case emissionsImpactDashboard = "emissions-impact-dashboard"
    case codeCarbon = "codecarbon"
    case usageLog = "usage-log"
    /// GPU energy measured by the NVIDIA DCGM exporter, read from Prometheus.
    case dcgm
    /// GPU power logged by `nvidia-smi --query-gpu`.
    case nvidiaSMI = "nvidia-smi"
    case model = "reportgen-model"

    /// The name shown in the pack.
    package var displayName: String {
        switch self {
        case .ccfCSV: return "Cloud Carbon Footprint (CLI CSV)"
        case .ccfJSON: return "Cloud Carbon Footprint (API JSON)"
        case .ccfRecommendations: return "Cloud Carbon Footprint recommendations"
        case .azureCarbonOptimization: return "Azure Carbon optimization"
        case .emissionsImpactDashboard: return "Emissions Impact Dashboard"
        case .codeCarbon: return "CodeCarbon"
        case .usageLog: return "API usage log"
        case .dcgm: return "NVIDIA DCGM exporter (Prometheus)"
        case .nvidiaSMI: return "nvidia-smi log"
        case .model: return "ReportGen model"
        }
    }
}

/// The GHG Protocol scope a figure covers, from the cloud customer's point of view or the provider's.
package enum EmissionScope: String, Sendable, Hashable, Codable {
    case scope1 = "1"
    case scope2 = "2"
    case scope3 = "3"
    /// Several scopes summed by the source (Azure Carbon optimization sums the scopes it was asked for).
    case scopes123 = "1+2+3"
    /// Operational (energy × grid) plus embodied, as CCF reports it.
    case operationalAndEmbodied = "operational+embodied"
    /// Operational energy only (measured electricity).
    case operational
}

/// How a figure was obtained, in decreasing order of data quality.
package enum RecordMethod: String, Sendable, Hashable, Codable {
    case measured
    case providerReported = "provider-reported"
    case estimated
    case allocated
}

/// Market-based or location-based electricity accounting (GHG Protocol Scope 2 Guidance).
package enum EmissionBasis: String, Sendable, Hashable, Codable {
    case market
    case location
}

/// Where a figure comes from: a file and a line, or a file and a JSON pointer.
package struct Provenance: Sendable, Hashable, Codable, CustomStringConvertible {
    package var file: String
    package var line: Int?
    /// The last line, when the figure sums rows from ``line`` to here (CodeCarbon runs).
    package var lastLine: Int?
    package var pointer: String?
    /// The measured series a figure comes from (GPU energy), when it is one.
    package var series: String?

    package var description: String {
        if let series { return "\(file) [\(series)]" }
        if let line, let lastLine { return "\(file):\(line)-\(lastLine)" }
        if let line { return "\(file):\(line)" }
        if let pointer { return "\(file)#\(pointer)" }
        return file
    }
}

/// The normalised record every stage after the importers works on. Units: kWh and kgCO2e.
package struct EmissionRecord: Sendable, Hashable, Codable {
    /// The calendar month the figure belongs to (UTC for cloud exports, the workspace time zone for CodeCarbon).
    package var period: YearMonth
    /// The day, `YYYY-MM-DD`, when the source is daily.
    package var day: String?
    /// The ReportGen service, once the mapping has run; `nil` before, "unallocated" when no rule matched.
    package var service: String?
    /// ISO 639-1 language when the source knows it.
    package var language: String?
    package var source: SourceKind
    package var scope: EmissionScope
    package var energyKWh: Double?
    package var kgCO2e: Double?
    package var method: RecordMethod
    package var basis: EmissionBasis?
    /// `false` when the source's kWh is not physical energy (CCF back-computes kWh from embodied emissions).
    package var isEnergyComparable: Bool = true
    package var provenance: Provenance
    /// The source's own identifiers: subscription, resource, region, service name, project, run, granularity…
    package var identifiers = SourceIdentifiers()
    /// Why the record is kept for display but not counted (a duplicate, or another source has precedence).
    package var setAsideReason: String?

    /// Whether the record counts in totals.
    package var isCounted: Bool { setAsideReason == nil }

    /// The source rows the record stands for in counts: the CodeCarbon runs it sums, 1 for any other record.
    package var runCount: Int { identifiers.codeCarbonRuns?.runs ?? 1 }
}
