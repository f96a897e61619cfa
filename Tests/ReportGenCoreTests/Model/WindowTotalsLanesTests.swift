import Matrix
import Testing

@testable import ReportGenCore

/// The plan search sums four draw columns at a time: each lane must give the scalar arithmetic's bits, on ordinary
/// figures and on the edges (zeros of either sign, NaN, infinities, the VM threshold and its neighbours, ties).
@Suite struct WindowTotalsLanesTests {
    typealias Lanes = PlanEvaluator.Lanes

    /// Busy hours around a lever's thresholds: `threshold` (busy hours of the configured VMs at the target
    /// utilisation) and its neighbours, zeros, NaN, infinities and a seeded sweep.
    static func busyHours(threshold: Double) -> [Double] {
        var values: [Double] = [
            0, -0.0, 1e-300, 0.5, 1, 100, threshold, threshold.nextDown, threshold.nextUp,
            threshold * (1 - 1e-9), (threshold * (1 - 1e-9)).nextUp, 2 * threshold, -5, .nan, .infinity,
            -.infinity, 0x1p53, 1e300,
        ]
        var generator = SeededGenerator(seed: 17)
        for _ in 0..<400 { values.append(threshold * 2 * generator.unit()) }
        return values
    }

    static let options: [ServiceOption] = [
        .asIs, ServiceOption(levers: [.scaleToZero]), ServiceOption(levers: [.minReplicas], minReplicas: 1),
    ]

    @Test(arguments: options, [0, 1, 3])
    func fourColumnsAtATimeGiveTheScalarIdleHoursToTheBit(option: ServiceOption, vmCount: Int) {
        let lever = PlanEvaluator.CapacityLever(option: option, margin: 0.5, vmCount: vmCount, utilisation: 0.7)
        for hours in [730.0, 0, 1] {
            let values = Self.busyHours(threshold: Double(vmCount) * (hours * 0.7))
            // Each value alone in all four lanes (the fast paths), then four different values a block.
            var blocks = values.map { Lanes(repeating: $0) }
            for start in stride(from: 0, to: values.count - 3, by: 1) {
                blocks.append(Lanes(values[start], values[start + 1], values[start + 2], values[start + 3]))
            }
            for busy in blocks {
                let lanes = lever.idleHours(busy: busy, hours: hours)
                for lane in 0..<4 {
                    let scalar = lever.idleHours(busy: busy[lane], hours: hours)
                    #expect(lanes[lane].bitPattern == scalar.bitPattern, "busy \(busy[lane]), \(hours) h")
                }
            }
        }
    }

    @Test func roundingUpFourLanesIsRoundingUpEachLane() {
        let values: [Double] = [
            0, -0.0, -0.3, -1.5, 0.5, 1.5, 2.5, 1, 1.000_000_1, 0x1p52 - 0.5, 0x1p52, 0x1p52 + 2, 0x1p53, .nan,
            .infinity, -.infinity, .leastNonzeroMagnitude, .greatestFiniteMagnitude, 4_503_599_627_370_495.5,
        ]
        for value in values {
            #expect(Lanes.roundedUp(Lanes(repeating: value))[0].bitPattern == value.rounded(.up).bitPattern)
        }
        for start in 0..<(values.count - 3) {
            let lanes = Lanes(values[start], values[start + 1], values[start + 2], values[start + 3])
            let rounded = Lanes.roundedUp(lanes)
            for lane in 0..<4 { #expect(rounded[lane].bitPattern == lanes[lane].rounded(.up).bitPattern) }
        }
    }

    @Test func theVectorLoopAndTheScalarLoopGiveTheSameWindowTotalsOnTheDemo() throws {
        // Every service's as-is configuration and every one of its options, with the demo's draws (201 columns: 50
        // groups of four and one more), cells kept whole and at seeded shares: the same bits either way, whichever
        // loop the build's default takes (the scalar one in a debug build).
        let decisions = try SharedDemo.content().decisions
        let evaluator = decisions.evaluator
        var generator = SeededGenerator(seed: 2026)
        var compared = 0
        for service in evaluator.services.indices {
            let options = decisions.options.options[evaluator.services[service].id] ?? [.asIs]
            for option in options where !option.isDropped {
                guard let index = evaluator.variantIndex(service: service, option: option) else { continue }
                let variant = evaluator.variants[service][index]
                let hours = evaluator.hoursPerVM(variant, option: option)
                let cells = evaluator.cells[service].count * evaluator.months.count
                for kept in [[Double](repeating: 1, count: cells), (0..<cells).map { _ in generator.unit() }] {
                    var vector = [Double](repeating: 0, count: evaluator.columns)
                    var scalar = vector
                    evaluator.windowTotals(
                        variant: variant, option: option, hours: hours, kept: kept, into: &vector, vectorised: true)
                    evaluator.windowTotals(
                        variant: variant, option: option, hours: hours, kept: kept, into: &scalar, vectorised: false)
                    #expect(vector.map(\.bitPattern) == scalar.map(\.bitPattern), "\(service) \(option)")
                    compared += 1
                }
            }
        }
        #expect(evaluator.columns % 4 != 0)
        #expect(compared >= 6)
    }
}
