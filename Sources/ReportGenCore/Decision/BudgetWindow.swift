import Matrix

/// The twelve months the annual budget applies to, the actuals to date in them and the forecast months left.
///
/// Calendar year: January to December of the reporting month's year (of the next year when the reporting month is
/// December), the months up to the reporting month as actuals, the rest forecast. Rolling 12 months: the twelve
/// months after the reporting month, all forecast.
package struct BudgetWindow: Sendable {
    package let config: BudgetConfig
    /// The twelve months of the budget period.
    package let months: [YearMonth]
    /// The months of the period up to the reporting month, and their actual kgCO2e on the declared basis.
    package let actualMonths: [YearMonth]
    package let actualsKg: [Double]
    /// Months of the period up to the reporting month with no figure (counted as zero).
    package let missingActualMonths: [YearMonth]
    /// The forecast months' offsets from the reporting month (1 = the month after).
    package let forecastOffsets: [Int]

    /// Cumulative actuals to date, kgCO2e.
    package var yearToDateKg: Double { actualsKg.reduce(0, +) }

    package init(config: BudgetConfig, period: YearMonth, reconciliation: [ReconciliationRow]) {
        self.config = config
        let first: YearMonth
        switch config.period {
        case .calendarYear:
            first = YearMonth(year: period.month == 12 ? period.year + 1 : period.year, month: 1)
        case .rolling12Months:
            first = period.adding(months: 1)
        }
        months = (0..<12).map { first.adding(months: $0) }
        let past = months.filter { $0 <= period }
        var actuals: [Double] = []
        var missing: [YearMonth] = []
        for month in past {
            let row = reconciliation.first { $0.service == CarbonAssessment.allServices && $0.period == month }
            guard let row else {
                missing.append(month)
                actuals.append(0)
                continue
            }
            switch config.basis {
            case .location: actuals.append(row.modelled.p50)
            case .market: actuals.append(row.providerKg ?? row.modelled.p50)
            }
        }
        actualMonths = past
        actualsKg = actuals
        missingActualMonths = missing
        forecastOffsets = months.filter { $0 > period }.map { month in
            (month.year - period.year) * 12 + month.month - period.month
        }
    }

    /// The cumulative figure at the end of each of the twelve months: the actuals to date (exact), then the actuals
    /// plus a plan's forecast months (`monthly[month × columns + column]`, central last), draw by draw.
    package func cumulative(monthly: [Double], columns: Int) -> [PlanFigure] {
        var result: [PlanFigure] = []
        var running = 0.0
        for kg in actualsKg {
            running += kg
            result.append(PlanFigure(p5: running, p50: running, p95: running, central: running))
        }
        var paths = [Double](repeating: running, count: columns)
        for month in forecastOffsets.indices {
            for column in 0..<columns { paths[column] += monthly[month * columns + column] }
            result.append(PlanFigure(draws: paths[...]))
        }
        return result
    }

    /// The pro-rata budget to date: budget × months elapsed ÷ 12.
    package var proRataToDateKg: Double? {
        config.annualKgCO2e.map { $0 * Double(actualMonths.count) / 12 }
    }
}

/// A plan judged against the budget on the declared statistic.
package struct BudgetVerdict: Sendable, Hashable, Codable {
    /// Actuals to date + the plan's forecast of the rest of the period, kgCO2e.
    package var annual: PlanFigure
    /// The annual figure on the declared statistic (P50 or the chance constraint's quantile).
    package var statisticKg: Double
    /// `nil` without a budget.
    package var isWithinBudget: Bool?
    /// Share of draws in which the annual figure stays within the budget.
    package var probabilityWithinBudget: Double?
    /// The first month in which the cumulative figure (actuals, then the forecast on the declared statistic) exceeds
    /// the budget.
    package var exhaustedMonth: YearMonth?

    /// Judges the window totals (per draw column, central last) of a plan.
    package init(window: BudgetWindow, monthly: [Double], columns: Int) {
        let months = window.forecastOffsets.count
        var annual = [Double](repeating: window.yearToDateKg, count: columns)
        for month in 0..<months {
            for column in 0..<columns { annual[column] += monthly[month * columns + column] }
        }
        self.annual = PlanFigure(draws: annual[...])
        let quantile = window.config.quantile
        let drawn = Array(annual.dropLast())
        statisticKg = drawn.isEmpty ? annual.last ?? 0 : percentile(drawn, quantile * 100)
        guard let budget = window.config.annualKgCO2e else { return }
        isWithinBudget = statisticKg <= budget
        probabilityWithinBudget =
            drawn.isEmpty ? nil : Double(drawn.filter { $0 <= budget }.count) / Double(drawn.count)
        var cumulative = 0.0
        for (month, kg) in zip(window.actualMonths, window.actualsKg) {
            cumulative += kg
            if cumulative > budget {
                exhaustedMonth = month
                return
            }
        }
        var running = [Double](repeating: window.yearToDateKg, count: columns)
        for month in 0..<months {
            for column in 0..<columns { running[column] += monthly[month * columns + column] }
            let statistic =
                columns > 1 ? percentile(Array(running.dropLast()), quantile * 100) : running.last ?? 0
            if statistic > budget {
                exhaustedMonth = window.months.filter { !window.actualMonths.contains($0) }[month]
                return
            }
        }
    }
}
