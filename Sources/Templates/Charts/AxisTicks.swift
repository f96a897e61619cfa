import Foundation

/// Round tick values for an axis from `low` to `high`: steps of 1, 2 or 5 × 10ⁿ, about `target` of them,
/// starting at or below `low` and ending at or above `high`.
/// - Returns: ascending tick values; `[0, 1]` for an empty or degenerate range.
public func niceTicks(low: Double, high: Double, target: Int = 5) -> [Double] {
    guard high.isFinite, low.isFinite else { return [0, 1] }
    var low = low
    var high = high
    if high <= low {
        if high == 0 { return [0, 1] }
        low = min(0, low)
        high = max(0, high) == 0 ? 1 : max(0, high) * 1.0001
    }
    let rawStep = (high - low) / Double(max(1, target))
    let magnitude = pow(10, floor(log10(rawStep)))
    let fraction = rawStep / magnitude
    let step = (fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10) * magnitude
    let decimals = pow(10, max(0, -floor(log10(step))) + 1)
    let first = floor(low / step + 1e-9) * step
    let last = ceil(high / step - 1e-9) * step
    var ticks: [Double] = []
    var index = 0.0
    while first + index * step <= last + step / 2 {
        let value = ((first + index * step) * decimals).rounded() / decimals
        ticks.append(value == 0 ? 0 : value)
        index += 1
    }
    return ticks
}
