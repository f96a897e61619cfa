import Foundation
import Matrix

/// The results of evaluating a list of scenarios (the base month and each forecast month) under uncertainty.
package struct ScenarioResults: Sendable {
    /// For each scenario: cell → figure (total kgCO2e allocated to the cell).
    package var cells: [[CellKey: UncertainFigure]]
    /// For each scenario: service → figure (total kgCO2e of the service).
    package var services: [[String: UncertainFigure]]
    /// For each scenario: the total of all services.
    package var totals: [UncertainFigure]
    /// For each scenario: the central evaluation, with every component.
    package var centralEstimates: [[String: ServiceEstimate]]
    /// Per cell (``CarbonModel/cells`` order) and draw: the sum over the `annual` scenarios of the cell's total and
    /// attributable kgCO2e; per service and draw, the sum of its unallocated idle and embodied kgCO2e.
    package var annualCellTotals: [[Double]] = []
    package var annualCellAttributable: [[Double]] = []
    package var annualServiceOverhead: [[Double]] = []
}

/// The distribution each factor is drawn from, named in the pack.
package let factorDistributionName =
    "log-triangular over (low, central, high): ln(factor) is triangular over (ln low, ln central, ln high)"

/// A log-triangular draw: ln(x) triangular over (ln low, ln mode, ln high), so a range of ×4 either side is
/// symmetric and the median is the central value when the range is symmetric in log space. Falls back to a
/// linear triangular draw when a bound is not positive.
package func logTriangular(low: Double, mode: Double, high: Double, u: Double) -> Double {
    guard low > 0, mode > 0, high > low else { return triangular(low: low, mode: mode, high: high, u: u) }
    return exp(triangular(low: log(low), mode: log(mode), high: log(high), u: u))
}

extension CarbonModel {
    /// Evaluates scenarios at the central factors, at all-low and all-high factors, and over `draws` Monte Carlo
    /// draws in which each factor is log-triangular over (low, central, high) (``factorDistributionName``). One
    /// draw of the factors is shared by every scenario and cell, since the uncertainty is about the factors, not
    /// about each month. The median (P50) is the best estimate; the all-low and all-high evaluations bound services
    /// and totals (each is non-decreasing in every factor) but not cells, whose share of idle capacity moves with
    /// the other cells' busy time.
    /// - Complexity: O(draws × scenarios × cells).
    package func evaluateUnderUncertainty(
        _ scenarios: [Scenario], factors: ReferenceFactors, draws: Int, seed: UInt64, annual: Set<Int> = []
    ) -> ScenarioResults {
        let central = values(\.value, from: factors)
        let lows = values(\.lowOrValue, from: factors)
        let highs = values(\.highOrValue, from: factors)
        let centralRuns = scenarios.map { evaluate($0, factors: central) }
        let lowRuns = scenarios.map { evaluate($0, factors: lows) }
        let highRuns = scenarios.map { evaluate($0, factors: highs) }

        let cellCount = cells.count
        let serviceCount = specs.count
        let slotCount = cellCount + serviceCount + 1
        // samples[(scenario × slots + slot) × draws + draw]: slots are the cells, then the services, then the total.
        var samples = [Double](repeating: 0, count: scenarios.count * slotCount * draws)
        let scenarioFiles = scenarios.map(files(of:))
        var cellBuffer = [CellEstimate](repeating: CellEstimate(), count: cellCount)
        var serviceBuffer = [ServiceEstimate](repeating: ServiceEstimate(), count: serviceCount)
        var annualTotals = [[Double]](
            repeating: [Double](repeating: 0, count: draws), count: annual.isEmpty ? 0 : cellCount)
        var annualAttributable = annualTotals
        var annualOverhead = [[Double]](
            repeating: [Double](repeating: 0, count: draws), count: annual.isEmpty ? 0 : serviceCount)
        var generator = SeededGenerator(seed: seed)
        var drawn = central
        for draw in 0..<draws {
            for index in drawn.indices {
                drawn[index] = logTriangular(
                    low: lows[index], mode: central[index], high: highs[index], u: generator.unit())
            }
            for (scenarioIndex, scenario) in scenarios.enumerated() {
                run(
                    files: scenarioFiles[scenarioIndex], factors: drawn, scalesCapacity: scenario.scalesCapacity,
                    servicesOff: scenario.servicesOff, period: scenario.period, cells: &cellBuffer,
                    services: &serviceBuffer)
                let base = scenarioIndex * slotCount
                var total = 0.0
                for slot in 0..<cellCount { samples[(base + slot) * draws + draw] = cellBuffer[slot].totalKg }
                for offset in 0..<serviceCount {
                    var value = serviceBuffer[offset].unallocatedIdleKg + serviceBuffer[offset].unallocatedEmbodiedKg
                    for slot in 0..<cellCount where cells[slot].key.service == specs[offset].service.id {
                        value += cellBuffer[slot].attributableKg
                    }
                    samples[(base + cellCount + offset) * draws + draw] = value
                    total += value
                }
                samples[(base + slotCount - 1) * draws + draw] = total
                if annual.contains(scenarioIndex) {
                    for slot in 0..<cellCount {
                        annualTotals[slot][draw] += cellBuffer[slot].totalKg
                        annualAttributable[slot][draw] += cellBuffer[slot].attributableKg
                    }
                    for offset in 0..<serviceCount {
                        annualOverhead[offset][draw] +=
                            serviceBuffer[offset].unallocatedIdleKg + serviceBuffer[offset].unallocatedEmbodiedKg
                    }
                }
            }
        }
        func figure(_ slot: Int, _ scenario: Int, central: Double, low: Double, high: Double) -> UncertainFigure {
            let start = (scenario * slotCount + slot) * draws
            let values = Array(samples[start..<start + draws])
            return UncertainFigure(
                central: central, p5: percentile(values, 5), p50: percentile(values, 50), p95: percentile(values, 95),
                low: min(low, high), high: max(low, high))
        }
        var results = ScenarioResults(cells: [], services: [], totals: [], centralEstimates: centralRuns)
        results.annualCellTotals = annualTotals
        results.annualCellAttributable = annualAttributable
        results.annualServiceOverhead = annualOverhead
        for index in scenarios.indices {
            var cellFigures: [CellKey: UncertainFigure] = [:]
            for (slot, cell) in cells.enumerated() {
                func total(_ run: [String: ServiceEstimate]) -> Double {
                    run[cell.key.service]?.cells[cell.key.language]?.totalKg ?? 0
                }
                cellFigures[cell.key] = figure(
                    slot, index, central: total(centralRuns[index]), low: total(lowRuns[index]),
                    high: total(highRuns[index]))
            }
            var serviceFigures: [String: UncertainFigure] = [:]
            for (offset, spec) in specs.enumerated() {
                let id = spec.service.id
                serviceFigures[id] = figure(
                    cellCount + offset, index, central: centralRuns[index][id]?.totalKg ?? 0,
                    low: lowRuns[index][id]?.totalKg ?? 0, high: highRuns[index][id]?.totalKg ?? 0)
            }
            // Summed in key order: a dictionary's order changes from one instance to the next, and so would the last digit.
            func sum(_ run: [String: ServiceEstimate]) -> Double {
                run.keys.sorted().reduce(0) { $0 + (run[$1]?.totalKg ?? 0) }
            }
            results.cells.append(cellFigures)
            results.services.append(serviceFigures)
            results.totals.append(
                figure(
                    slotCount - 1, index, central: sum(centralRuns[index]), low: sum(lowRuns[index]),
                    high: sum(highRuns[index])))
        }
        return results
    }
}
