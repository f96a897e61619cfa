import Foundation
import Matrix

extension LocalRobustness {
    /// What every draw's plan is solved over: each service's configurations (their option, kept shares and window
    /// kgCO2e per draw), each cell's whole-forecast value and the logarithms its value exponents multiply, and the
    /// room left in the budget. A block of draws is solved from it alone, so blocks run on any core.
    struct DrawSpace: Sendable {
        /// Draws whose windows are transposed at once (see ``choices(draws:exponents:)``).
        static let tileDraws = 16

        let configurations: [[PlanConfiguration]]
        let fullValues: [[Double]]
        let logBusiness: [[Double]]
        let logPriority: [[Double]]
        let room: Double
        /// Per service: each configuration's kept shares, flat (configuration × cell), 0 for a dropped one.
        let shares: [[Double]]

        init(
            configurations: [[PlanConfiguration]], fullValues: [[Double]], logBusiness: [[Double]],
            logPriority: [[Double]], room: Double
        ) {
            self.configurations = configurations
            self.fullValues = fullValues
            self.logBusiness = logBusiness
            self.logPriority = logPriority
            self.room = room
            shares = configurations.indices.map { service in
                let cellCount = fullValues[service].count
                return configurations[service].flatMap { configuration in
                    (0..<cellCount).map { configuration.option.isDropped ? 0 : configuration.shares[$0] }
                }
            }
        }

        /// Each draw's plan: per draw of `draws` (at most ``tileDraws`` of them), the configuration each service takes.
        /// - Parameter exponents: per draw (all of them), the exponents' shifts a − 1 and b − 1 of the business value
        ///   and the language priority.
        /// - Complexity: O(draws × (configurations × cells + services × configurations × log configurations)).
        func choices(draws: Range<Int>, exponents: [(business: Double, priority: Double)]) -> [[Int]] {
            let serviceCount = configurations.count
            let tileDraws = Self.tileDraws
            precondition(draws.count <= tileDraws)
            var kg = configurations.map { [Double](repeating: 0, count: $0.count) }
            // tiles[service][(draw − first) × configurations + configuration]: the window kgCO2e of the draws being
            // solved, transposed, so that the loop below reads it in order without a second copy of every
            // configuration's window (18.6 MB on the benchmark's usage workspace).
            var tiles = (0..<serviceCount).map { [Double](repeating: 0, count: tileDraws * configurations[$0].count) }
            for service in 0..<serviceCount {
                let list = configurations[service]
                tiles[service].withUnsafeMutableBufferPointer { tile in
                    for index in list.indices {
                        list[index].window.withUnsafeBufferPointer { window in
                            for offset in 0..<draws.count {
                                tile[offset * list.count + index] = window[draws.lowerBound + offset]
                            }
                        }
                    }
                }
            }
            var value = kg
            func meets(_ choice: [Int]) -> Bool {
                (0..<serviceCount).reduce(0) { $0 + kg[$1][choice[$1]] } <= room
            }
            var result: [[Int]] = []
            for draw in draws {
                let a = exponents[draw].business
                let b = exponents[draw].priority
                var choice = [Int](repeating: 0, count: serviceCount)
                for service in 0..<serviceCount {
                    let multipliers = fullValues[service].indices.map {
                        fullValues[service][$0] * exp(a * logBusiness[service][$0] + b * logPriority[service][$0])
                    }
                    let cellCount = multipliers.count
                    let count = kg[service].count
                    // One pass: each configuration's value and kgCO2e in this draw, and the one of most value (ties
                    // to the lower carbon). Most often that plan fits as it is (no carbon price); only a draw where
                    // it does not needs the fronts and the price.
                    var best = 0
                    shares[service].withUnsafeBufferPointer { kept in
                        tiles[service].withUnsafeBufferPointer { drawnKg in
                            kg[service].withUnsafeMutableBufferPointer { kgOut in
                                value[service].withUnsafeMutableBufferPointer { out in
                                    let base = (draw - draws.lowerBound) * count
                                    for index in 0..<count {
                                        var sum = 0.0
                                        for cell in 0..<cellCount {
                                            sum += kept[index * cellCount + cell] * multipliers[cell]
                                        }
                                        out[index] = sum
                                        kgOut[index] = drawnKg[base + index]
                                        if sum > out[best] || (sum == out[best] && kgOut[index] < kgOut[best]) {
                                            best = index
                                        }
                                    }
                                }
                            }
                        }
                    }
                    choice[service] = best
                }
                if !meets(choice) {
                    let fronts = (0..<serviceCount).map { service in
                        paretoFront(zip(kg[service], value[service]).map { PlanCandidate(kgCO2e: $0, value: $1) })
                    }
                    /// Per service, the front's configuration maximising value − price × kg (ties to the lower carbon).
                    func choose(_ price: Double) -> [Int] {
                        (0..<serviceCount).map { service in
                            var best = fronts[service][0]
                            for index in fronts[service]
                            where value[service][index] - price * kg[service][index]
                                > value[service][best] - price * kg[service][best]
                            {
                                best = index
                            }
                            return best
                        }
                    }
                    var high = 1.0
                    while !meets(choose(high)), high < 1e12 { high *= 4 }
                    if meets(choose(high)) {
                        var low = high > 1 ? high / 4 : 0
                        for _ in 0..<48 {
                            let middle = (low + high) / 2
                            if meets(choose(middle)) { high = middle } else { low = middle }
                        }
                        choice = choose(high)
                    } else {
                        // No plan fits this draw: the closest, every service at its least carbon.
                        choice = fronts.map { $0[0] }
                    }
                }
                result.append(choice)
            }
            return result
        }
    }
}
