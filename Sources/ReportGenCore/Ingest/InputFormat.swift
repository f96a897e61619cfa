/// Every export format ReportGen reads. Detected from content, or forced with `--kind`.
package enum InputFormat: String, Sendable, Hashable, Codable, CaseIterable {
    case ccfCLIDay = "ccf-cli-day"
    case ccfCLIService = "ccf-cli-service"
    case ccfCLIDayAndService = "ccf-cli-day-and-service"
    case ccfFootprintJSON = "ccf-api-footprint"
    case ccfRecommendationsJSON = "ccf-api-recommendations"
    case azureCarbonJSON = "azure-carbon-optimization-json"
    case azureCarbonCSV = "azure-carbon-optimization-csv"
    case eidCSV = "emissions-impact-dashboard-csv"
    case eidJSON = "emissions-impact-dashboard-odata"
    case eidXLSX = "emissions-impact-dashboard-xlsx"
    case codeCarbonCSV = "codecarbon"
    case usageLogJSONL = "usage-log-jsonl"
    case usageLogCSV = "usage-log-csv"
    case usageRollupCSV = "usage-rollup-csv"
    case prometheusQueryRange = "prometheus-query-range"
    case prometheusText = "prometheus-text"
    case nvidiaSMICSV = "nvidia-smi-csv"

    /// What a user would call it, for messages and the pack's inputs table.
    package var displayName: String {
        switch self {
        case .ccfCLIDay: return "Cloud Carbon Footprint CLI CSV (--groupBy day)"
        case .ccfCLIService: return "Cloud Carbon Footprint CLI CSV (--groupBy service)"
        case .ccfCLIDayAndService: return "Cloud Carbon Footprint CLI CSV (--groupBy dayAndService)"
        case .ccfFootprintJSON: return "Cloud Carbon Footprint API footprint JSON"
        case .ccfRecommendationsJSON: return "Cloud Carbon Footprint API recommendations JSON"
        case .azureCarbonJSON: return "Azure Carbon optimization REST JSON"
        case .azureCarbonCSV: return "Azure Carbon optimization CSV"
        case .eidCSV: return "Emissions Impact Dashboard CSV (EnrollmentEmission)"
        case .eidJSON: return "Emissions Impact Dashboard OData JSON (EnrollmentEmission)"
        case .eidXLSX: return "Emissions Impact Dashboard Excel workbook (EnrollmentEmission)"
        case .codeCarbonCSV: return "CodeCarbon emissions.csv"
        case .usageLogJSONL: return "API usage log (JSON Lines)"
        case .usageLogCSV: return "API usage log (CSV)"
        case .usageRollupCSV: return "API usage monthly rollup (CSV)"
        case .prometheusQueryRange: return "Prometheus query_range JSON (DCGM exporter)"
        case .prometheusText: return "Prometheus text exposition (DCGM exporter)"
        case .nvidiaSMICSV: return "nvidia-smi --query-gpu CSV log"
        }
    }

    /// The source family, which decides precedence and reconciliation roles.
    package var source: SourceKind {
        switch self {
        case .ccfCLIDay, .ccfCLIService, .ccfCLIDayAndService: return .ccfCSV
        case .ccfFootprintJSON: return .ccfJSON
        case .ccfRecommendationsJSON: return .ccfRecommendations
        case .azureCarbonJSON, .azureCarbonCSV: return .azureCarbonOptimization
        case .eidCSV, .eidJSON, .eidXLSX: return .emissionsImpactDashboard
        case .codeCarbonCSV: return .codeCarbon
        case .usageLogJSONL, .usageLogCSV, .usageRollupCSV: return .usageLog
        case .prometheusQueryRange, .prometheusText: return .dcgm
        case .nvidiaSMICSV: return .nvidiaSMI
        }
    }

    /// What the detector looks for, listed when a file matches nothing.
    package static let signatures: [String] = [
        "CCF CLI (Date,kilowatt hours,… | Service,kilowatt hours,… | Date (UTC),… kilowatt hours)",
        "CodeCarbon (timestamp/task_name, duration, emissions, energy_consumed)",
        "Emissions Impact Dashboard (dateKey, totalEmissions)",
        "Azure Carbon optimization (latestMonthEmissions)",
        "usage log (timestamp, service, endpoint, language, status)",
        "usage rollup (period, service, language, requests)",
        "JSON: CCF EstimationResult[] / recommendations, Azure CarbonEmissionDataListResult, OData value[]",
        "Excel workbook (.xlsx) with dateKey and totalEmissions columns",
        "Prometheus API JSON (data.resultType) or text exposition of DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION / DCGM_FI_DEV_POWER_USAGE",
        "nvidia-smi --query-gpu CSV (timestamp, power.draw [W])",
    ]
}
