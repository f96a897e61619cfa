/// SplitMix64 (Steele, Lea & Flood 2014): a small, fast, seeded generator, so that every Monte Carlo run of a pack
/// can be repeated exactly from its seed.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator whose sequence is fixed by `seed`.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits of the sequence.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform number in [0, 1) with 53 random bits.
    public mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }
}

/// Draws from a triangular distribution with the given minimum, mode and maximum by inverting its CDF.
/// - Parameter u: a uniform number in [0, 1).
public func triangular(low: Double, mode: Double, high: Double, u: Double) -> Double {
    guard high > low else { return mode }
    let cut = (mode - low) / (high - low)
    if u < cut { return low + ((high - low) * (mode - low) * u).squareRoot() }
    return high - ((high - low) * (high - mode) * (1 - u)).squareRoot()
}

/// The `p`-th percentile (0…100) of values, by linear interpolation between closest ranks (NumPy's default).
/// - Complexity: O(n log n) for the sort.
public func percentile(_ values: [Double], _ p: Double) -> Double {
    guard !values.isEmpty else { return .nan }
    let sorted = values.sorted()
    let position = p / 100 * Double(sorted.count - 1)
    let lower = Int(position.rounded(.down))
    let upper = min(lower + 1, sorted.count - 1)
    return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - Double(lower))
}
