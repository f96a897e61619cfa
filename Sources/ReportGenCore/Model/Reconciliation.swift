/// The known causes of a gap between two carbon figures; each has a translated explanation in the pack.
package enum GapCause: String, Sendable, Codable, CaseIterable {
    /// Microsoft's figures include Scope 3 (embodied, supply chain).
    case providerIncludesScope3 = "provider_scope3"
    /// Microsoft's figures are market-based; CCF and the model are location-based.
    case marketVersusLocation = "market_vs_location"
    /// CCF's kWh include energy back-computed from embodied emissions, with CCF's own coefficients.
    case ccfEmbodiedEnergy = "ccf_embodied_kwh"
    /// The model counts reserved capacity that no request uses (idle power and its embodied share).
    case idleCapacity = "idle_capacity"
    /// Measurements cover only some runs or requests, and never idle or embodied emissions.
    case partialMeasurement = "partial_measurement"
    /// Some CodeCarbon rows were recorded with PUE = 1 (no data-centre overhead).
    case pueNotApplied = "pue_not_applied"
}

/// Whether two figures agree.
package enum ReconciliationStatus: String, Sendable, Codable {
    case agrees
    case explained
    case unexplained
}

/// Provider, estimated, measured and modelled figures of one service (or of all services) for one month, side by
/// side, with the gap between the modelled and the provider's figure and why it exists.
///
/// Status rule: **agrees** when |modelled − provider| ≤ tolerance × provider; **explained** when it does not, but the
/// provider's figure lies within the model's pessimistic–optimistic bounds and at least one scope or basis cause
/// applies; **unexplained** otherwise (or when there is no provider figure to compare with and no model).
package struct ReconciliationRow: Sendable, Codable {
    package var service: String
    package var period: YearMonth
    /// Azure Carbon optimization (or the Emissions Impact Dashboard): market-based, Scopes 1–3.
    package var providerKg: Double?
    package var providerSource: SourceKind?
    /// Scope 3's share of the provider figure, when the Emissions Impact Dashboard gives the split.
    package var providerScope3Share: Double?
    /// Cloud Carbon Footprint: location-based estimate, embodied included.
    package var ccfKg: Double?
    /// CodeCarbon runs and usage-log energy, converted with the region's PUE and grid intensity.
    package var measuredKg: Double?
    package var measurementCoverage: String
    /// The model for the month's activity.
    package var modelled: UncertainFigure
    /// The model's unallocated idle and embodied emissions.
    package var modelledIdleKg: Double
    package var gapKg: Double?
    package var gapRatio: Double?
    /// CCF minus the provider: the classic "two tools disagree" gap.
    package var ccfGapKg: Double?
    package var ccfGapRatio: Double?
    /// agrees within tolerance; explained when the provider's figure includes Scope 3 or is market-based (it always
    /// is for Microsoft), which CCF's location-based estimate is not.
    package var ccfStatus: ReconciliationStatus?
    package var causes: [GapCause]
    package var status: ReconciliationStatus
    /// The figure the pack retains and its grade.
    package var retainedKg: Double
    package var retainedSource: SourceKind?
    package var quality: DataQuality

    package static func assess(
        service: String, period: YearMonth, provider: (kg: Double, source: SourceKind)?, scope3Share: Double?,
        ccf: Double?, measured: (kg: Double, coverage: String, pueOneRows: Int)?, modelled: UncertainFigure,
        idleKg: Double, retained: (kg: Double, source: SourceKind)?, tolerance: Double
    ) -> ReconciliationRow {
        var causes: [GapCause] = []
        if provider != nil {
            causes.append(.providerIncludesScope3)
            causes.append(.marketVersusLocation)
        }
        if ccf != nil { causes.append(.ccfEmbodiedEnergy) }
        if idleKg > 0.05 * max(modelled.central, 1e-9) { causes.append(.idleCapacity) }
        if measured != nil { causes.append(.partialMeasurement) }
        if let measured, measured.pueOneRows > 0 { causes.append(.pueNotApplied) }
        var gapKg: Double?
        var gapRatio: Double?
        let status: ReconciliationStatus
        if let provider {
            let gap = modelled.central - provider.kg
            gapKg = gap
            gapRatio = provider.kg != 0 ? gap / provider.kg : nil
            if abs(gap) <= tolerance * abs(provider.kg) {
                status = .agrees
            } else if provider.kg >= modelled.low && provider.kg <= modelled.high
                && causes.contains(where: { $0 == .providerIncludesScope3 || $0 == .marketVersusLocation })
            {
                status = .explained
            } else {
                status = .unexplained
            }
        } else {
            status = .unexplained
        }
        var ccfGapKg: Double?
        var ccfGapRatio: Double?
        var ccfStatus: ReconciliationStatus?
        if let provider, let ccf {
            ccfGapKg = ccf - provider.kg
            ccfGapRatio = provider.kg != 0 ? (ccf - provider.kg) / provider.kg : nil
            ccfStatus = abs(ccf - provider.kg) <= tolerance * abs(provider.kg) ? .agrees : .explained
        }
        let quality: DataQuality
        switch retained?.source {
        case .codeCarbon?: quality = .measured
        case .azureCarbonOptimization?, .emissionsImpactDashboard?: quality = .providerReported
        case .some: quality = .modelledFromBenchmark
        case nil: quality = .modelledFromBenchmark
        }
        return ReconciliationRow(
            service: service, period: period, providerKg: provider?.kg, providerSource: provider?.source,
            providerScope3Share: scope3Share, ccfKg: ccf, measuredKg: measured?.kg,
            measurementCoverage: measured?.coverage ?? "", modelled: modelled, modelledIdleKg: idleKg, gapKg: gapKg,
            gapRatio: gapRatio, ccfGapKg: ccfGapKg, ccfGapRatio: ccfGapRatio, ccfStatus: ccfStatus, causes: causes,
            status: status, retainedKg: retained?.kg ?? modelled.central,
            retainedSource: retained?.source, quality: quality)
    }
}
