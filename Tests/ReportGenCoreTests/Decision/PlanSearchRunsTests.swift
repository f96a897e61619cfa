import Matrix
import Testing

@testable import ReportGenCore

/// The services' fronts are worked on every core in runs of combinations: the runs must change nothing, neither the
/// configurations nor their order nor a bit of their figures.
@Suite struct PlanSearchRunsTests {
    typealias Fronts = (fronts: [[PlanArbitration.Configuration]], every: [[PlanConfiguration]], evaluated: Int)

    /// The shared demo's service fronts, each option's combinations split in `runs` runs.
    static func fronts(runs: Int) throws -> Fronts {
        let content = try SharedDemo.content()
        let decisions = content.decisions
        let statistic = PlanArbitration.DrawStatistic(
            percentile: decisions.window.config.quantile * 100, columns: decisions.evaluator.columns)
        return try PlanArbitration.serviceFronts(
            evaluator: decisions.evaluator, options: decisions.options, rules: content.config.decisions,
            statistic: statistic, runsPerOption: runs)
    }

    /// The fronts worked in one piece an option, once for the suite (the debug build takes seconds).
    private static let serial = Result { try fronts(runs: 1) }

    /// Whether two evaluations hold the same configurations in the same order, to the bit.
    func expectSame(_ a: Fronts, _ b: Fronts) {
        #expect(a.evaluated == b.evaluated)
        #expect(a.every.map(\.count) == b.every.map(\.count))
        for (left, right) in zip(a.every, b.every) {
            #expect(left.map(\.option) == right.map(\.option))
            #expect(left.map(\.shares) == right.map(\.shares))
            #expect(left.map { $0.window.map(\.bitPattern) } == right.map { $0.window.map(\.bitPattern) })
        }
        #expect(a.fronts.map(\.count) == b.fronts.map(\.count))
        for (left, right) in zip(a.fronts, b.fronts) {
            #expect(left.map(\.candidate) == right.map(\.candidate))
            #expect(left.map { $0.assignments.map(\.option) } == right.map { $0.assignments.map(\.option) })
            #expect(left.map { $0.assignments.map(\.caps) } == right.map { $0.assignments.map(\.caps) })
        }
    }

    @Test func splittingTheCombinationsInRunsGivesTheSerialFrontsToTheBit() throws {
        let serial = try Self.serial.get()
        // The demo evaluates thousands of configurations a service: several services, options and runs each.
        #expect(serial.evaluated > 1_000)
        expectSame(try Self.fronts(runs: 3), serial)
    }

    @Test func moreRunsThanCombinationsGiveOneConfigurationARun() throws {
        // An option with fewer combinations than runs is split in one-combination runs, none empty.
        expectSame(try Self.fronts(runs: 1_000_000), try Self.serial.get())
    }

    @Test func theArbitrationKeepsTheConfigurationsOfTheSerialEvaluation() throws {
        let arbitration = try SharedDemo.content().decisions.arbitration
        let serial = try Self.serial.get()
        #expect(arbitration.configurations.map(\.count) == serial.every.map(\.count))
        for (left, right) in zip(arbitration.configurations, serial.every) {
            #expect(left.map { $0.window.map(\.bitPattern) } == right.map { $0.window.map(\.bitPattern) })
        }
    }

    @Test func theDrawStatisticIsThePercentileOfTheDrawsWithoutTheCentralColumn() {
        // Draws 1…5 and a central 100: the median of the draws is 3 (the central value is not a draw).
        let statistic = PlanArbitration.DrawStatistic(percentile: 50, columns: 6)
        var scratch: [Double] = [9, 9, 9, 9, 9, 9, 9, 9]
        #expect(statistic([5, 1, 4, 2, 3, 100]) == 3)
        #expect(statistic([5, 1, 4, 2, 3, 100], scratch: &scratch) == 3)
        // Between the 4th and 5th of 5 draws at the 90th percentile: 4 + (5 − 4) × 0.6.
        let p90 = PlanArbitration.DrawStatistic(percentile: 90, columns: 6)
        #expect(abs(p90([5, 1, 4, 2, 3, 100], scratch: &scratch) - 4.6) < 1e-12)
        // Without draws, the central value.
        #expect(PlanArbitration.DrawStatistic(percentile: 50, columns: 1)([7]) == 7)
    }
}
