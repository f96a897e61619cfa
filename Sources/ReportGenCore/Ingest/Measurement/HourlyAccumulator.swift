/// Spreads energy over UTC hour buckets, with the time each bucket covers.
struct HourlyAccumulator: Sendable {
    private(set) var energyKWh: [UTCHour: Double] = [:]
    private(set) var coveredSeconds: [UTCHour: Double] = [:]

    /// The hours an interval overlaps, with the overlap's bounds. Both ends must be accepted times
    /// (``UTCHour/acceptedSeconds``) and `start < end`.
    private func pieces(_ start: Double, _ end: Double) -> [(hour: UTCHour, from: Double, to: Double)] {
        guard start < end, let first = UTCHour(containing: start), let last = UTCHour(containing: end) else {
            return []
        }
        var result: [(UTCHour, Double, Double)] = []
        for hour in first...last {
            let from = max(start, hour.startSeconds)
            let to = min(end, hour.startSeconds + 3600)
            if to > from { result.append((hour, from, to)) }
        }
        return result
    }

    /// Adds an energy spread evenly over `start..<end` (a counter delta: its split across hour boundaries is pro
    /// rata by time).
    mutating func addUniform(start: Double, end: Double, energyKWh total: Double) {
        let length = end - start
        for (hour, from, to) in pieces(start, end) {
            energyKWh[hour, default: 0] += total * (to - from) / length
            coveredSeconds[hour, default: 0] += to - from
        }
    }

    /// Adds the integral of power varying linearly from `startWatts` to `endWatts` over `start..<end` (the
    /// trapezoid rule; the split across hour boundaries follows the same straight line, so the parts sum to the
    /// trapezoid). W·s → kWh is ÷ 3.6e6.
    mutating func addLinearPower(start: Double, end: Double, startWatts: Double, endWatts: Double) {
        let length = end - start
        func power(at time: Double) -> Double { startWatts + (endWatts - startWatts) * (time - start) / length }
        for (hour, from, to) in pieces(start, end) {
            energyKWh[hour, default: 0] += (power(at: from) + power(at: to)) / 2 * (to - from) / 3.6e6
            coveredSeconds[hour, default: 0] += to - from
        }
    }
}
