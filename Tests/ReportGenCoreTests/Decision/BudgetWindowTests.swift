import Foundation
import Matrix
import Testing

@testable import ReportGenCore

/// The budget stated once: its keys in `reportgen.yaml`, its twelve months, the actuals to date and the verdict.
@Suite struct BudgetWindowTests {
    static let yaml = """
        organisation: Test
        languages: [fr]
        services:
          - id: transcription
            model: whisper-large-v3
            region: francecentral
            functional_unit: audio_minute
            business_value: 5
            match: {usage_services: [transcription]}
        budget:
          annual_kgco2e: 120
          period: calendar_year
          statistic: chance
          confidence: 0.8
          basis: market
        """

    func errors(_ text: String) -> [String] {
        do {
            _ = try WorkspaceConfig.parse(text, file: "reportgen.yaml")
            return []
        } catch {
            return error.errors.map(\.description)
        }
    }

    /// A reconciliation row for the whole subscription: modelled median `model`, provider figure `provider`.
    func row(_ month: YearMonth, model: Double, provider: Double?) -> ReconciliationRow {
        ReconciliationRow.assess(
            service: CarbonAssessment.allServices, period: month,
            provider: provider.map { ($0, .azureCarbonOptimization) }, scope3Share: nil, ccf: nil, measured: nil,
            modelled: UncertainFigure(central: model, p5: model, p50: model, p95: model, low: model, high: model),
            idleKg: 0, retained: nil, tolerance: 0.1)
    }

    @Test func theBudgetKeysAreReadOnce() throws {
        let config = try WorkspaceConfig.parse(Self.yaml, file: "reportgen.yaml")
        #expect(config.budget.annualKgCO2e == 120 && config.budget.period == .calendarYear)
        #expect(config.budget.statistic == .chance && config.budget.confidence == 0.8 && config.budget.basis == .market)
        #expect(config.budget.quantile == 0.8)
        #expect(config.budget.statisticName == "P80 (P(annual ≤ budget) ≥ 80 %)")
    }

    @Test func anUnknownBudgetPeriodNamesItsLineAndTheValuesExpected() {
        let text = Self.yaml.replacingOccurrences(of: "period: calendar_year", with: "period: fiscal_year")
        #expect(
            errors(text) == [
                "reportgen.yaml:12: budget.period: expected one of calendar_year, rolling_12_months, found fiscal_year"
            ])
    }

    @Test func aCalendarYearCountsTheActualsToDateOnTheDeclaredBasis() throws {
        var budget = BudgetConfig(annualKgCO2e: 120)
        budget.basis = .market
        let march = YearMonth(year: 2025, month: 3)
        let rows = [
            row(YearMonth(year: 2025, month: 1), model: 10, provider: 14),
            row(YearMonth(year: 2025, month: 2), model: 11, provider: nil),
            row(march, model: 12, provider: 16),
        ]
        let window = BudgetWindow(config: budget, period: march, reconciliation: rows)
        // January–December 2025; actuals January–March on the market basis: 14 + 11 (no provider figure: the
        // model's) + 16 = 41 kg; pro rata 120 × 3 ÷ 12 = 30 kg, so the actuals are already over it.
        #expect(window.months.first == YearMonth(year: 2025, month: 1))
        #expect(window.months.last == YearMonth(year: 2025, month: 12))
        #expect(window.yearToDateKg == 41 && window.proRataToDateKg == 30)
        #expect(window.forecastOffsets == Array(1...9))
        // Nine forecast months of 9 kg, no draw (central column only): 41 + 81 = 122 kg > 120; the cumulative
        // figure passes 120 kg in the ninth forecast month, December (41 + 8 × 9 = 113, + 9 = 122).
        let verdict = BudgetVerdict(window: window, monthly: [Double](repeating: 9, count: 9), columns: 1)
        #expect(verdict.annual.central == 122 && verdict.isWithinBudget == false)
        #expect(verdict.exhaustedMonth == YearMonth(year: 2025, month: 12))
        // On the location basis the actuals are 10 + 11 + 12 = 33 kg: 33 + 81 = 114 kg, within the budget.
        let location = BudgetWindow(config: BudgetConfig(annualKgCO2e: 120), period: march, reconciliation: rows)
        let within = BudgetVerdict(window: location, monthly: [Double](repeating: 9, count: 9), columns: 1)
        #expect(location.yearToDateKg == 33 && within.isWithinBudget == true && within.exhaustedMonth == nil)
    }

    @Test func decemberLooksAtTheNextYearAndRollingMonthsAreAllForecast() {
        let december = YearMonth(year: 2025, month: 12)
        let next = BudgetWindow(config: BudgetConfig(annualKgCO2e: 100), period: december, reconciliation: [])
        #expect(next.months.first == YearMonth(year: 2026, month: 1) && next.yearToDateKg == 0)
        #expect(next.forecastOffsets == Array(1...12))
        var rolling = BudgetConfig(annualKgCO2e: 100)
        rolling.period = .rolling12Months
        let window = BudgetWindow(config: rolling, period: YearMonth(year: 2025, month: 3), reconciliation: [])
        #expect(window.months.first == YearMonth(year: 2025, month: 4) && window.forecastOffsets == Array(1...12))
        #expect(window.actualMonths.isEmpty)
    }

    @Test func aConstantCriterionIsLeftOutOfTheCellMatrixWithItsName() throws {
        // One service: business_value is 5 for every cell, so it cannot rank anything.
        let config = try WorkspaceConfig.parse(
            Self.yaml.replacingOccurrences(of: "languages: [fr]", with: "languages: [fr, en]"), file: "reportgen.yaml")
        let cells = ["fr", "en"].map { language in
            CellBasis(
                key: CellKey(service: "transcription", language: language), files: language == "fr" ? 100 : 40,
                source: .usageLog, audioHoursPerFile: 0.5, outputTokensPerFile: nil, inputTokensPerFile: nil,
                charactersPerFile: nil, busyHoursPerFile: nil, measuredEnergyKWh: 0, requestsWithEnergy: 0)
        }
        let figure = PlanFigure(p5: 1, p50: 2, p95: 3, central: 2)
        let avoidable = AvoidableCarbon(avoided: figure, variable: figure, capacityFreed: .zero, allocatedShare: figure)
        let matrix = try CellDecisionMatrix(
            cells: cells, services: config.services, criteria: config.criteria,
            avoidable: [cells[0].key: avoidable, cells[1].key: avoidable], windowFiles: [:])
        // carbon (2 kg both), intensity (0 without files), business value (5) and language priority (3 by
        // default) are constant; volume (100 vs 40) is left.
        #expect(matrix.droppedCriteria == ["carbon", "intensity", "business_value", "language_priority"])
        #expect(matrix.matrix.criteria.map(\.id) == ["volume"])
        #expect(matrix.value(0, .volume) == 100 && matrix.value(0, .carbon) == nil)
    }
}
