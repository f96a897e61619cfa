/// The monthly forecast: files(t) = files(0) × (1 + g)^t per language, with VMs added in steps when busy time
/// exceeds the target utilisation, evaluated under uncertainty.
package struct Forecast: Sendable {
    /// The forecast months, first the month after the base month.
    package let months: [YearMonth]
    /// files per cell for each month.
    package let files: [[CellKey: Double]]
    /// Results for each month (index 0 is the first forecast month).
    package let cells: [[CellKey: UncertainFigure]]
    package let services: [[String: UncertainFigure]]
    package let totals: [UncertainFigure]
    /// VMs per service each month, central path.
    package let vmCounts: [[String: Int]]
    package let annualBudgetKgCO2e: Double?

    /// The scenarios of the forecast months, from the base month's files and the configured growth.
    package static func scenarios(model: CarbonModel, base: YearMonth, months count: Int) -> (
        months: [YearMonth], scenarios: [CarbonModel.Scenario]
    ) {
        let months = (1...count).map { base.adding(months: $0) }
        let scenarios = (1...count).map { t in
            CarbonModel.Scenario(
                files: Dictionary(
                    uniqueKeysWithValues: model.cells.map { cell in
                        let growth = model.workload.growth(for: cell.key.language)
                        return (cell.key, cell.files * pow1p(growth, t))
                    }), scalesCapacity: true, period: months[t - 1])
        }
        return (months, scenarios)
    }
}

/// (1 + g)^t for whole t.
func pow1p(_ growth: Double, _ t: Int) -> Double {
    var result = 1.0
    for _ in 0..<max(0, t) { result *= 1 + growth }
    return result
}
