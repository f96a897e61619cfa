/// Sorts `elements` by a 64-bit key, keeping the order of elements with equal keys: a least-significant-digit radix
/// sort in four passes of 16 bits (a pass where every key has the same digit is skipped), for the hundreds of
/// thousands of runs a CodeCarbon folder can hold, where a comparison sort was the slowest step after reading; a
/// comparison sort below 16,384 elements.
/// - Complexity: O(n) time; n more elements of memory, and 2 MiB of digit counts (4 × 65,536 `Int`s).
func radixSortStably<Element>(_ elements: inout [Element], key: (Element) -> UInt64) {
    let count = elements.count
    guard count > 1 else { return }
    if count < 1 << 14 {
        // Below about 16,000 elements, four 65,536-entry histograms cost more than comparing: sort by key, then
        // original place.
        var keyed = elements.indices.map { (key: key(elements[$0]), place: $0) }
        keyed.sort { ($0.key, $0.place) < ($1.key, $1.place) }
        elements = keyed.map { elements[$0.place] }
        return
    }
    let digitCount = 1 << 16
    // counts[pass × 65,536 + digit]: how many keys have that digit in that pass.
    var counts = [Int](repeating: 0, count: 4 * digitCount)
    counts.withUnsafeMutableBufferPointer { counts in
        for element in elements {
            let value = key(element)
            for pass in 0..<4 { counts[pass * digitCount + Int((value >> (16 * pass)) & 0xFFFF)] += 1 }
        }
    }
    var buffer = elements
    var sourceIsElements = true
    for pass in 0..<4 {
        let base = pass * digitCount
        let firstDigit = Int((key(elements[0]) >> (16 * pass)) & 0xFFFF)
        // Every key has the same digit here whatever the order so far (a pass only moves elements).
        if counts[base + firstDigit] == count { continue }
        var start = 0
        for digit in 0..<digitCount {
            let digitTotal = counts[base + digit]
            counts[base + digit] = start
            start += digitTotal
        }
        func scatter(_ source: [Element], into target: inout [Element]) {
            counts.withUnsafeMutableBufferPointer { next in
                target.withUnsafeMutableBufferPointer { out in
                    for element in source {
                        let digit = base + Int((key(element) >> (16 * pass)) & 0xFFFF)
                        out[next[digit]] = element
                        next[digit] += 1
                    }
                }
            }
        }
        if sourceIsElements { scatter(elements, into: &buffer) } else { scatter(buffer, into: &elements) }
        sourceIsElements.toggle()
    }
    if !sourceIsElements { elements = buffer }
}
