/// The data-quality grade of a figure, best first (GHG Protocol / ISO 14064-1 practice).
package enum DataQuality: String, Sendable, Codable, CaseIterable {
    case measured
    case providerReported = "provider-reported"
    case modelledFromBenchmark = "modelled-from-published-benchmark"

    package init(_ record: EmissionRecord) {
        switch record.method {
        case .measured: self = .measured
        case .providerReported: self = .providerReported
        case .allocated:
            self =
                record.source == .codeCarbon
                ? .measured
                : record.source == .azureCarbonOptimization || record.source == .emissionsImpactDashboard
                    ? .providerReported : .modelledFromBenchmark
        case .estimated: self = .modelledFromBenchmark
        }
    }
}

/// One GHG Protocol data-quality indicator's grade (Scope 3 Standard, ch. 7: technological, temporal and
/// geographical representativeness, completeness, reliability).
package enum QualityGrade: String, Sendable, Codable, Comparable {
    case good, fair, poor

    private var rank: Int {
        switch self {
        case .good: return 0
        case .fair: return 1
        case .poor: return 2
        }
    }

    package static func < (a: QualityGrade, b: QualityGrade) -> Bool { a.rank < b.rank }
}

/// The five GHG Protocol data-quality indicators of one input.
package struct QualityIndicators: Sendable, Codable, Hashable {
    package var technological: QualityGrade
    package var temporal: QualityGrade
    package var geographical: QualityGrade
    package var completeness: QualityGrade
    package var reliability: QualityGrade

    /// The worst indicator: a figure is no better than its weakest input.
    package var overall: QualityGrade {
        [technological, temporal, geographical, completeness, reliability].max() ?? .poor
    }

    /// In the order the GHG Protocol lists them.
    package var all: [(name: String, grade: QualityGrade)] {
        [
            ("technological", technological), ("temporal", temporal), ("geographical", geographical),
            ("completeness", completeness), ("reliability", reliability),
        ]
    }
}

/// How a reference factor was obtained, as `data/reference-factors.csv` says: published as printed, computed by us
/// from public data or tools, or a derived engineering estimate (methodology, "How to read the numbers").
package enum FactorProvenance: String, Sendable, Codable {
    case published = "P"
    case computed = "C"
    case derived = "D"

    /// From the factor's source text: `derived…` is [D]; `computed…` or `run locally by us` is [C]; else [P].
    package init(_ factor: ReferenceFactor) {
        let source = factor.source.lowercased()
        if source.hasPrefix("derived") {
            self = .derived
        } else if source.hasPrefix("computed") || source.contains("run locally by us")
            || source.contains("computed by us")
        {
            self = .computed
        } else {
            self = .published
        }
    }
}

/// A cell's data quality, graded separately for its activity data (files, audio, tokens) and for its energy
/// factor, with the GHG Protocol indicators.
///
/// Activity: the usage log of the month is good on every indicator; a `workload` assumption is fair on
/// technology and geography, poor on time, completeness and reliability. Factor: measured on our VM is good on
/// every indicator; calibrated is good but fair on completeness (fair on reliability too when no request of the
/// cell itself was measured); a modelled factor is fair, with technology poor when it is not for the declared GPU and
/// reliability poor when it is a derived estimate [D].
package struct CellQuality: Sendable, Codable, Hashable {
    package var activitySource: ActivitySource
    package var activity: QualityIndicators
    package var energyBasis: EnergyBasis
    package var energyCoverage: Double
    /// The work factor's provenance.
    package var factorProvenance: FactorProvenance
    package var factor: QualityIndicators

    package init(cell: CellBasis, spec: ServiceModelSpec?, factors: ReferenceFactors) {
        activitySource = cell.source
        switch cell.source {
        case .usageLog:
            activity = QualityIndicators(
                technological: .good, temporal: .good, geographical: .good, completeness: .good, reliability: .good)
        case .assumption, .none:
            activity = QualityIndicators(
                technological: .fair, temporal: .poor, geographical: .fair, completeness: .poor, reliability: .poor)
        }
        energyBasis = cell.energyBasis
        energyCoverage = cell.energyCoverage
        let workKey = spec?.workKeys.first ?? ""
        let work = factors.factors[workKey]
        factorProvenance = work.map(FactorProvenance.init) ?? .derived
        switch cell.energyBasis {
        case .measured:
            factor = QualityIndicators(
                technological: .good, temporal: .good, geographical: .good, completeness: .good, reliability: .good)
        case .calibrated:
            factor = QualityIndicators(
                technological: .good, temporal: .good, geographical: .good, completeness: .fair,
                reliability: cell.energyCoverage > 0 ? .good : .fair)
        case .modelled:
            let gpu = spec.flatMap { EnergyCalibration.deviceMaximumKey(vm: $0.service.hardware.vm) }?.name.lowercased()
            let isForDevice = gpu.map { workKey.contains("-\($0).") } ?? false
            factor = QualityIndicators(
                technological: isForDevice ? .fair : .poor, temporal: .fair, geographical: .fair, completeness: .fair,
                reliability: factorProvenance == .derived ? .poor : .fair)
        }
    }
}
