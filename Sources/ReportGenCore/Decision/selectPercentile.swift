/// The `p`-th percentile of `values` with the interpolation of Matrix's `percentile` (between the ⌊position⌋-th and
/// the next order statistic), by selection instead of a full sort: the arbitration's statistic, taken once per
/// configuration. Reorders `values`.
/// - Complexity: O(n) expected (quickselect, median-of-three pivots).
func selectPercentile(_ values: inout [Double], _ p: Double) -> Double {
    guard !values.isEmpty else { return .nan }
    let position = p / 100 * Double(values.count - 1)
    let lower = Int(position.rounded(.down))
    return values.withUnsafeMutableBufferPointer { buffer -> Double in
        var low = 0
        var high = buffer.count - 1
        while low < high {
            let middle = low + (high - low) / 2
            // Median of three to the middle, then Hoare's partition around it.
            if buffer[middle] < buffer[low] { buffer.swapAt(middle, low) }
            if buffer[high] < buffer[low] { buffer.swapAt(high, low) }
            if buffer[high] < buffer[middle] { buffer.swapAt(high, middle) }
            let pivot = buffer[middle]
            var i = low
            var j = high
            while i <= j {
                while buffer[i] < pivot { i += 1 }
                while buffer[j] > pivot { j -= 1 }
                if i <= j {
                    buffer.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            if lower <= j {
                high = j
            } else if lower >= i {
                low = i
            } else {
                break
            }
        }
        let at = buffer[lower]
        guard lower + 1 < buffer.count, position > Double(lower) else { return at }
        // The next order statistic: the least value after the lower one.
        var next = Double.infinity
        for index in (lower + 1)..<buffer.count where buffer[index] < next { next = buffer[index] }
        return at + (next - at) * (position - Double(lower))
    }
}
