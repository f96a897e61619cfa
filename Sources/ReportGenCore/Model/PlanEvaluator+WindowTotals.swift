/// The plan search's inner loop, four draw columns at a time.
///
/// Every lane does the scalar arithmetic of ``PlanEvaluator/monthly(service:option:shares:capacityShares:guestBusy:)``
/// in its order (a column's cells summed in cell order from 0, then its months in month order), with `max` and the
/// rounding up taken lane by lane exactly as the scalar functions do, so the totals are bit-identical to a loop over
/// the columns one by one.
extension PlanEvaluator {
    /// Four draw columns.
    typealias Lanes = SIMD4<Double>

    /// Whether ``windowTotals(variant:option:hours:kept:into:vectorised:)`` works four columns at a time: in an
    /// optimised build. Unoptimised, `SIMD4` arithmetic is a generic call a lane and the loop is twice as slow as the
    /// scalar one (the test suite's demo builds), whose figures are the same to the bit.
    static let vectorisesWindowTotals = !_isDebugAssertConfiguration()

    /// The inner loop on a prepared option: `kept[month × cells + cell]` the multiplier of each cell's forecast busy
    /// hours and attributable emissions (cap share × energy ratio × share inside the service hours), `hours` the
    /// hours a VM may run each month. Adds to `totals` (one entry per draw column).
    /// - Parameter vectorised: four columns at a time (``Lanes``), or one; the totals are the same to the bit.
    /// - Complexity: O(months × columns × cells), no allocation.
    func windowTotals(
        variant: Variant, option: ServiceOption, hours: [Double], kept: [Double], into totals: inout [Double],
        vectorised: Bool = PlanEvaluator.vectorisesWindowTotals
    ) {
        let count = variant.busy.count / max(1, months.count * columns)
        let monthCount = months.count
        let columns = self.columns
        let lever = CapacityLever(
            option: option, margin: scaleToZeroMargin, vmCount: variant.vmCount, utilisation: targetUtilisation)
        variant.busy.withUnsafeBufferPointer { busyHours in
            variant.attributable.withUnsafeBufferPointer { attributableKg in
                variant.idleKgPerHour.withUnsafeBufferPointer { idleRate in
                    kept.withUnsafeBufferPointer { kept in
                        totals.withUnsafeMutableBufferPointer { out in
                            guard let busyHours = busyHours.baseAddress,
                                let attributableKg = attributableKg.baseAddress,
                                let idleRate = idleRate.baseAddress, let out = out.baseAddress
                            else { return }
                            let vectorColumns = vectorised ? columns - columns % Lanes.scalarCount : 0
                            for month in 0..<monthCount {
                                let h = hours[month]
                                let row = month * count
                                var column = 0
                                while column < vectorColumns {
                                    var busy = Lanes()
                                    var attributable = Lanes()
                                    for cell in 0..<count {
                                        let factor = Lanes(repeating: kept[row + cell])
                                        let at = (row + cell) * columns + column
                                        busy += factor * Lanes.load(busyHours + at)
                                        attributable += factor * Lanes.load(attributableKg + at)
                                    }
                                    let idle = lever.idleHours(busy: busy, hours: h)
                                    let sum =
                                        Lanes.load(out + column) + (attributable + idle * Lanes.load(idleRate + column))
                                    sum.store(to: out + column)
                                    column += Lanes.scalarCount
                                }
                                while column < columns {
                                    var busy = 0.0
                                    var attributable = 0.0
                                    for cell in 0..<count {
                                        let at = (row + cell) * columns + column
                                        busy += kept[row + cell] * busyHours[at]
                                        attributable += kept[row + cell] * attributableKg[at]
                                    }
                                    out[column] +=
                                        attributable + lever.idleHours(busy: busy, hours: h) * idleRate[column]
                                    column += 1
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// An option's capacity lever, hoisted out of the loop: the idle reserved hours of a VM-month for its busy hours
    /// (see ``reserved(_:option:hours:busy:)``).
    struct CapacityLever {
        let scalesToZero: Bool
        let floor: Double?
        let warm: Double
        let vmCount: Double
        let utilisation: Double

        init(option: ServiceOption, margin: Double, vmCount: Int, utilisation: Double) {
            scalesToZero = option.scalesToZero
            floor = option.levers.contains(.minReplicas) ? option.minReplicas.map(Double.init) : nil
            warm = 1 + margin
            self.vmCount = Double(vmCount)
            self.utilisation = utilisation
        }

        /// max(0, reserved − busy) for one column.
        @inline(__always)
        func idleHours(busy: Double, hours h: Double) -> Double {
            let reserved: Double
            if scalesToZero {
                reserved = busy * warm
            } else if let floor {
                reserved = max(floor * h, busy * warm)
            } else if h > 0 {
                reserved = h * max(vmCount, (busy / (h * utilisation)).rounded(.up))
            } else {
                reserved = 0
            }
            return max(0, reserved - busy)
        }

        /// max(0, reserved − busy) for four columns, lane by lane as ``idleHours(busy:hours:)``.
        @inline(__always)
        func idleHours(busy: Lanes, hours h: Double) -> Lanes {
            let reserved: Lanes
            if scalesToZero {
                reserved = busy * warm
            } else if let floor {
                reserved = Lanes.maximum(Lanes(repeating: floor * h), busy * warm)
            } else if h > 0 {
                // Busy hours within the configured VMs need no division: below `within`, busy ÷ (h × utilisation)
                // rounds to at most vmCount (an integer), so max(vmCount, its rounding up) is vmCount in every lane.
                let within = vmCount * (h * utilisation) * (1 - 1e-9)
                if vmCount >= 1, all((busy .> Lanes()) .& (busy .<= Lanes(repeating: within))) {
                    reserved = Lanes(repeating: h * vmCount)
                } else {
                    reserved =
                        h * Lanes.maximum(Lanes(repeating: vmCount), Lanes.roundedUp(busy / (h * utilisation)))
                }
            } else {
                reserved = Lanes()
            }
            return Lanes.maximum(Lanes(), reserved - busy)
        }
    }
}

extension SIMD4<Double> {
    /// Four doubles from memory (no alignment needed).
    @inline(__always)
    static func load(_ pointer: UnsafePointer<Double>) -> Self {
        UnsafeRawPointer(pointer).loadUnaligned(as: Self.self)
    }

    /// Stores the four lanes to memory (no alignment needed).
    @inline(__always)
    func store(to pointer: UnsafeMutablePointer<Double>) {
        UnsafeMutableRawPointer(pointer).storeBytes(of: self, as: Self.self)
    }

    /// Swift's `max(x, y)` lane by lane: `y` where `y >= x`, else `x` (not IEEE `maximum`, which differs on NaN
    /// and on the sign of zero).
    @inline(__always)
    static func maximum(_ x: Self, _ y: Self) -> Self {
        x.replacing(with: y, where: y .>= x)
    }

    /// `rounded(.up)` lane by lane. For lanes in [0, 2⁵²) adding and subtracting 2⁵² rounds to the nearest integer
    /// exactly, one more where that fell below the lane; a zero keeps its sign. Others go through `rounded(.up)`.
    @inline(__always)
    static func roundedUp(_ x: Self) -> Self {
        let big = Self(repeating: 0x1p52)
        guard all((x .>= Self()) .& (x .< big)) else {
            return Self(x[0].rounded(.up), x[1].rounded(.up), x[2].rounded(.up), x[3].rounded(.up))
        }
        let nearest = (x + big) - big
        return nearest.replacing(with: nearest + 1, where: nearest .< x).replacing(with: x, where: x .== Self())
    }
}
