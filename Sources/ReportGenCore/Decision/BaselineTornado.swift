import Matrix

/// What moves the baseline's annual figure most: each uncertain factor at its low and high value (the others at
/// their central values), and each methodological choice at its conventions, one at a time.
///
/// The figure is the budget period's: actuals to date (as the budget window reports them) plus the baseline's
/// forecast of the rest, every cell at its whole forecast, VMs added when busy time exceeds the target utilisation,
/// evaluated at the central factors (the plan evaluator's central column). A factor bar re-runs the carbon model
/// over the window's forecast months with that one factor changed; a choice's bar spans its conventions' central
/// figures (``MethodScenario``).
package struct BaselineTornado: Sendable {
    /// One bar: the figure at each end of what it varies.
    package struct Bar: Sendable, Hashable {
        /// A factor key, or a ``MethodGroup`` raw value.
        package var id: String
        package var isConvention: Bool
        /// The annual kgCO2e at the low end and at the high end.
        package var lowKg: Double
        package var highKg: Double
        /// What gives each end: the factor's low and high values, or the conventions' ids.
        package var lowSetting: String
        package var highSetting: String

        /// |high − low|, kgCO2e.
        package var swingKg: Double { abs(highKg - lowKg) }
    }

    /// The baseline's annual kgCO2e at the central factors and default conventions.
    package let centralKg: Double
    /// Every bar that moves the figure, the largest swing first (a choice whose conventions give the same figure has
    /// none).
    package let bars: [Bar]

    /// - Complexity: O(factors × forecast months × cells).
    package init(
        model: CarbonModel, factors: ReferenceFactors, config: WorkspaceConfig, period: YearMonth,
        window: BudgetWindow, scenarios: [MethodScenario]
    ) {
        let central = model.values(\.value, from: factors)
        let lows = model.values(\.lowOrValue, from: factors)
        let highs = model.values(\.highOrValue, from: factors)
        var cellBuffer = [CellEstimate](repeating: CellEstimate(), count: model.cells.count)
        var serviceBuffer = [ServiceEstimate](repeating: ServiceEstimate(), count: model.specs.count)
        let months = window.forecastOffsets.map { t in
            (
                period.adding(months: t),
                model.cells.map { $0.files * pow1p(config.workload.growth(for: $0.key.language), t) }
            )
        }
        func annual(_ values: [Double]) -> Double {
            var total = window.yearToDateKg
            for (month, files) in months {
                model.run(
                    files: files, factors: values, scalesCapacity: true, period: month, cells: &cellBuffer,
                    services: &serviceBuffer)
                total += cellBuffer.reduce(0) { $0 + $1.attributableKg }
                total += serviceBuffer.reduce(0) { $0 + $1.unallocatedIdleKg + $1.unallocatedEmbodiedKg }
            }
            return total
        }
        let centralKg = annual(central)
        var bars: [Bar] = []
        for (index, key) in model.factorKeys.enumerated() where lows[index] < highs[index] {
            var low = central
            low[index] = lows[index]
            var high = central
            high[index] = highs[index]
            let bar = Bar(
                id: key, isConvention: false, lowKg: annual(low), highKg: annual(high),
                lowSetting: MethodConventions.rounded(lows[index]), highSetting: MethodConventions.rounded(highs[index])
            )
            if bar.swingKg > 0 { bars.append(bar) }
        }
        for group in MethodGroup.allCases {
            let members = scenarios.filter { $0.convention.group == group }
            guard members.count > 1,
                let low = members.min(by: { $0.baseline.annual.central < $1.baseline.annual.central }),
                let high = members.max(by: { $0.baseline.annual.central < $1.baseline.annual.central }),
                high.baseline.annual.central > low.baseline.annual.central
            else { continue }
            bars.append(
                Bar(
                    id: group.rawValue, isConvention: true, lowKg: low.baseline.annual.central,
                    highKg: high.baseline.annual.central, lowSetting: low.convention.id,
                    highSetting: high.convention.id))
        }
        self.centralKg = centralKg
        self.bars = bars.sorted { ($1.swingKg, $0.id) < ($0.swingKg, $1.id) }
    }
}
