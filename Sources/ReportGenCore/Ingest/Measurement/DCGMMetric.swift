/// The DCGM exporter metrics ReportGen reads, with their source units (NVIDIA/dcgm-exporter
/// `etc/default-counters.csv`: `DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION` counter "in mJ", `DCGM_FI_DEV_POWER_USAGE`
/// gauge "in W").
enum DCGMMetric: String, Sendable, Hashable, CaseIterable {
    case totalEnergyConsumption = "DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION"
    case powerUsage = "DCGM_FI_DEV_POWER_USAGE"

    /// The metric a sample name stands for: the exact name, or with OpenMetrics' `_total` counter suffix.
    init?(sampleName: String) {
        if let metric = DCGMMetric(rawValue: sampleName) {
            self = metric
        } else if sampleName.hasSuffix("_total"), let metric = DCGMMetric(rawValue: String(sampleName.dropLast(6))),
            metric == .totalEnergyConsumption
        {
            self = metric
        } else {
            return nil
        }
    }

    /// What the metric measures.
    var quantity: MeasuredQuantity {
        switch self {
        case .totalEnergyConsumption: return .energyCounterKWh
        case .powerUsage: return .powerWatts
        }
    }

    /// The factor from the exported unit to the internal one: mJ → kWh is ÷ 3.6e9 (1 kWh = 3.6e6 J = 3.6e9 mJ).
    var toInternalUnit: Double {
        switch self {
        case .totalEnergyConsumption: return 1 / 3.6e9
        case .powerUsage: return 1
        }
    }

    /// The names accepted, for "expected …" in messages.
    static let acceptedNames = allCases.map(\.rawValue)
}
