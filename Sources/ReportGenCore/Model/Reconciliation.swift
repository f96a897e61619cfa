/// The known causes of a gap between two carbon figures; each has a translated explanation in the pack.
///
/// A cause is attached to a gap only when its sign and size fit it (``GapCandidate``).
package enum GapCause: String, Sendable, Codable, CaseIterable {
    /// Microsoft's figures include Scope 3 (embodied, supply chain): only a cause where no split is known and the
    /// comparison is not like with like. Kept for older packs; the component comparisons replace it.
    case providerIncludesScope3 = "provider_scope3"
    /// Microsoft's Scope 1+2 is market-based (renewable purchases count); the model is location-based. Fits a
    /// model above the provider by at most the model's whole operational figure (market-based ≥ 0).
    case marketVersusLocation = "market_vs_location"
    /// CCF's kWh include energy back-computed from embodied emissions, with CCF's own coefficients.
    case ccfEmbodiedEnergy = "ccf_embodied_kwh"
    /// The model counts reserved capacity that no request uses (idle power and its embodied share).
    case idleCapacity = "idle_capacity"
    /// Measurements cover only some runs or requests, and never idle or embodied emissions.
    case partialMeasurement = "partial_measurement"
    /// Some CodeCarbon rows were recorded with PUE = 1 (no data-centre overhead).
    case pueNotApplied = "pue_not_applied"
    /// Microsoft's Scope 3 covers more than server manufacturing (buildings, transport, end of life): fits a
    /// provider Scope 3 above the model's embodied by at most as much again.
    case providerScope3Wider = "provider_scope3_wider"
    /// The embodied factor's published range (allocation by GPU or vCPU share, GPU and host values): fits a gap
    /// up to the model's embodied at the factor's low or high value.
    case embodiedFactorRange = "embodied_factor_range"
    /// CCF counts vCPU power and allocates embodied emissions by vCPU share: fits a model above CCF by at most
    /// its embodied above the embodied factor's low value (the vCPU-share allocation) plus its idle operational
    /// emissions.
    case ccfVCPUBasis = "ccf_vcpu_basis"
}

/// Whether two figures agree.
package enum ReconciliationStatus: String, Sendable, Codable, Comparable {
    case agrees
    case explained
    case unexplained

    private var rank: Int {
        switch self {
        case .agrees: return 0
        case .explained: return 1
        case .unexplained: return 2
        }
    }

    package static func < (a: ReconciliationStatus, b: ReconciliationStatus) -> Bool { a.rank < b.rank }
}

/// A cause that could explain a gap of one sign, up to a size in kgCO2e.
package struct GapCandidate: Sendable, Hashable {
    package var cause: GapCause
    /// +1: the model is above the reference; −1: below.
    package var sign: Double
    package var maximumKg: Double
}

/// One like-with-like comparison: the model's component against the reference figure for the same component.
package struct ComponentComparison: Sendable, Codable, Hashable {
    package var modelKg: Double
    package var referenceKg: Double
    /// model − reference.
    package var gapKg: Double
    package var gapRatio: Double?
    package var status: ReconciliationStatus
    package var causes: [GapCause]

    /// The printed rule of every comparison.
    package static let rule =
        "agrees when |model − reference| ≤ tolerance × reference; explained when the causes whose sign fits the gap can together account for the part beyond the tolerance; unexplained otherwise"

    /// Compares `model` with `reference` under ``rule``.
    package static func compare(
        model: Double, reference: Double, tolerance: Double, candidates: [GapCandidate]
    ) -> ComponentComparison {
        let gap = model - reference
        let ratio = reference != 0 ? gap / reference : nil
        let allowed = tolerance * abs(reference)
        if abs(gap) <= allowed {
            return ComponentComparison(
                modelKg: model, referenceKg: reference, gapKg: gap, gapRatio: ratio, status: .agrees, causes: [])
        }
        let fitting = candidates.filter { $0.maximumKg > 0 && $0.sign * gap > 0 }
        let explainable = fitting.reduce(0) { $0 + $1.maximumKg }
        if !fitting.isEmpty, abs(gap) - allowed <= explainable {
            var causes: [GapCause] = []
            for candidate in fitting where !causes.contains(candidate.cause) { causes.append(candidate.cause) }
            return ComponentComparison(
                modelKg: model, referenceKg: reference, gapKg: gap, gapRatio: ratio, status: .explained,
                causes: causes)
        }
        return ComponentComparison(
            modelKg: model, referenceKg: reference, gapKg: gap, gapRatio: ratio, status: .unexplained, causes: [])
    }
}

/// The model's month for one service (or all), split as the provider splits its figures. Units: kgCO2e, central
/// factors.
package struct ModelComponents: Sendable, Hashable, Codable {
    /// Location-based operational: dynamic and idle energy × grid intensity.
    package var operationalKg = 0.0
    /// Of which idle (reserved capacity no request uses).
    package var idleOperationalKg = 0.0
    /// Embodied: busy and idle hours × embodied g per reserved hour.
    package var embodiedKg = 0.0
    /// The embodied figure at the embodied factor's low and high values.
    package var embodiedLowKg = 0.0
    package var embodiedHighKg = 0.0

    package var totalKg: Double { operationalKg + embodiedKg }

    package mutating func add(_ other: ModelComponents) {
        operationalKg += other.operationalKg
        idleOperationalKg += other.idleOperationalKg
        embodiedKg += other.embodiedKg
        embodiedLowKg += other.embodiedLowKg
        embodiedHighKg += other.embodiedHighKg
    }

    /// The components of a service's central evaluation; `embodiedRatio` is the embodied factor's (low, high) ÷
    /// central.
    package init(_ estimate: ServiceEstimate, embodiedRatio: (low: Double, high: Double)) {
        operationalKg = estimate.cells.valuesInKeyOrder.reduce(0) { $0 + $1.operationalKg } + estimate.unallocatedIdleKg
        idleOperationalKg = estimate.unallocatedIdleKg
        embodiedKg = estimate.cells.valuesInKeyOrder.reduce(0) { $0 + $1.embodiedKg } + estimate.unallocatedEmbodiedKg
        embodiedLowKg = embodiedKg * embodiedRatio.low
        embodiedHighKg = embodiedKg * embodiedRatio.high
    }

    package init() {}
}

/// Provider, estimated, measured and modelled figures of one service (or of all services) for one month, side by
/// side, compared like with like:
///
/// - operational: the model's location-based operational emissions against the provider's Scope 1+2
///   (market-based for Microsoft);
/// - embodied: the model's embodied emissions against the provider's Scope 3;
/// - CCF (location-based, operational + embodied) against the model's total.
///
/// Each comparison follows ``ComponentComparison/rule``. The row's status is the worst of its operational and
/// embodied comparisons where the provider gives the scope split, else that of the totals; it is `unexplained`
/// when there is no provider figure.
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
    /// CodeCarbon runs and usage-log energy, converted with the region's PUE and grid intensity; where GPU telemetry
    /// measured the service's month, its Scope 2 (``measuredGPU``) instead, which includes the same work.
    package var measuredKg: Double?
    package var measurementCoverage: String
    /// The GPU telemetry's Scope 2 with its overhead, PUE and grid factor named; `nil` without telemetry.
    package var measuredGPU: MeasuredOperational? = nil
    /// The measured Scope 2 against the provider's Scope 1+2, like with like; `nil` without telemetry or without
    /// the provider's scope split.
    package var measuredScope12: ComponentComparison? = nil
    /// The model for the month's activity.
    package var modelled: UncertainFigure
    /// The model's unallocated idle and embodied emissions.
    package var modelledIdleKg: Double
    /// The model's central month by component.
    package var components: ModelComponents
    /// Totals: model (central) − provider.
    package var gapKg: Double?
    package var gapRatio: Double?
    /// Model operational (location-based) against provider Scope 1+2; model embodied against provider Scope 3.
    package var operational: ComponentComparison?
    package var embodied: ComponentComparison?
    /// Model (central) − CCF, like with like (both location-based, embodied included).
    package var ccfGapKg: Double?
    package var ccfGapRatio: Double?
    package var ccfStatus: ReconciliationStatus?
    package var ccfCauses: [GapCause]
    /// The causes of the totals' gap (or of the components' gaps, where split), each fitting in sign and size.
    package var causes: [GapCause]
    /// Facts about the measurement beside the model (partial coverage, PUE = 1 rows).
    package var measurementNotes: [GapCause]
    package var status: ReconciliationStatus
    /// The figure the pack retains and its grade.
    package var retainedKg: Double
    package var retainedSource: SourceKind?
    package var quality: DataQuality
    package var tolerance: Double

    package static func assess(
        service: String, period: YearMonth, provider: (kg: Double, source: SourceKind)?, scope3Share: Double?,
        ccf: Double?, measured: (kg: Double, coverage: String, pueOneRows: Int)?, modelled: UncertainFigure,
        components: ModelComponents = ModelComponents(), idleKg: Double, retained: (kg: Double, source: SourceKind)?,
        tolerance: Double
    ) -> ReconciliationRow {
        let model = components.totalKg > 0 ? components.totalKg : modelled.central
        let embodiedDown = max(0, components.embodiedKg - components.embodiedLowKg)
        let embodiedUp = max(0, components.embodiedHighKg - components.embodiedKg)
        var operational: ComponentComparison?
        var embodied: ComponentComparison?
        var total: ComponentComparison?
        if let provider {
            if let scope3Share {
                operational = .compare(
                    model: components.operationalKg, reference: provider.kg * (1 - scope3Share), tolerance: tolerance,
                    candidates: [.init(cause: .marketVersusLocation, sign: 1, maximumKg: components.operationalKg)])
                embodied = .compare(
                    model: components.embodiedKg, reference: provider.kg * scope3Share, tolerance: tolerance,
                    candidates: [
                        .init(cause: .embodiedFactorRange, sign: 1, maximumKg: embodiedDown),
                        .init(cause: .embodiedFactorRange, sign: -1, maximumKg: embodiedUp),
                        .init(cause: .providerScope3Wider, sign: -1, maximumKg: components.embodiedKg),
                    ])
            }
            total = .compare(
                model: model, reference: provider.kg, tolerance: tolerance,
                candidates: [
                    .init(cause: .marketVersusLocation, sign: 1, maximumKg: components.operationalKg),
                    .init(cause: .embodiedFactorRange, sign: 1, maximumKg: embodiedDown),
                    .init(cause: .embodiedFactorRange, sign: -1, maximumKg: embodiedUp),
                    .init(cause: .providerScope3Wider, sign: -1, maximumKg: components.embodiedKg),
                ])
        }
        let status: ReconciliationStatus
        var causes: [GapCause] = []
        if let operational, let embodied {
            status = max(operational.status, embodied.status)
            for cause in operational.causes + embodied.causes where !causes.contains(cause) { causes.append(cause) }
        } else if let total {
            status = total.status
            causes = total.causes
        } else {
            status = .unexplained
        }
        let ccfComparison = ccf.map { ccf in
            ComponentComparison.compare(
                model: model, reference: ccf, tolerance: tolerance,
                candidates: [
                    // The vCPU-share allocation is the embodied factor's low end: one cause, not two.
                    .init(cause: .ccfVCPUBasis, sign: 1, maximumKg: embodiedDown + components.idleOperationalKg),
                    .init(cause: .embodiedFactorRange, sign: -1, maximumKg: embodiedUp),
                ])
        }
        var notes: [GapCause] = []
        if let measured {
            if measured.kg < model { notes.append(.partialMeasurement) }
            if measured.pueOneRows > 0 { notes.append(.pueNotApplied) }
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
            measurementCoverage: measured?.coverage ?? "", modelled: modelled, modelledIdleKg: idleKg,
            components: components, gapKg: total?.gapKg, gapRatio: total?.gapRatio, operational: operational,
            embodied: embodied, ccfGapKg: ccfComparison?.gapKg, ccfGapRatio: ccfComparison?.gapRatio,
            ccfStatus: ccfComparison?.status, ccfCauses: ccfComparison?.causes ?? [], causes: causes,
            measurementNotes: notes, status: status, retainedKg: retained?.kg ?? modelled.central,
            retainedSource: retained?.source, quality: quality, tolerance: tolerance)
    }
}
