import Matrix
import Testing

@testable import ReportGenCore

/// The radix sort that orders CodeCarbon runs by identity gives exactly the order of the comparison sort it replaced:
/// by key, then by original place.
@Suite struct RadixSortStablyTests {
    struct Tagged: Equatable {
        var key: UInt64
        var place: Int
    }

    /// The first place where two orders differ, `nil` when they agree (a short message, not 20,000 elements).
    static func firstDifference(_ a: [Tagged], _ b: [Tagged]) -> Int? {
        a.count != b.count ? min(a.count, b.count) : a.indices.first { a[$0] != b[$0] }
    }

    /// `count` elements whose keys are drawn from `distinctKeys` values spread over all 64 bits (or, with
    /// `lowBitsOnly`, the low 16 bits only, so that three of the four passes are skipped).
    static func elements(count: Int, distinctKeys: Int, lowBitsOnly: Bool, seed: UInt64) -> [Tagged] {
        var generator = SeededGenerator(seed: seed)
        let keys = (0..<max(distinctKeys, 1)).map { _ in lowBitsOnly ? generator.next() & 0xFFFF : generator.next() }
        return (0..<count).map { Tagged(key: keys[Int(generator.next() % UInt64(keys.count))], place: $0) }
    }

    @Test(arguments: [0, 1, 2, 63, 64, 1000, 16_383, 16_384, 16_385, 100_000])
    func ordersByKeyThenPlaceAsTheComparisonSortDid(count: Int) {
        for (distinctKeys, lowBitsOnly) in [(count, false), (count / 3 + 1, false), (5, false), (count, true)] {
            let input = Self.elements(
                count: count, distinctKeys: distinctKeys, lowBitsOnly: lowBitsOnly, seed: UInt64(count) &+ 7)
            let expected = input.sorted { ($0.key, $0.place) < ($1.key, $1.place) }
            var sorted = input
            radixSortStably(&sorted) { $0.key }
            #expect(
                Self.firstDifference(sorted, expected) == nil,
                "\(count) elements, \(distinctKeys) keys, low bits only: \(lowBitsOnly)")
        }
    }

    @Test func keepsPlaceOrderWhenEveryKeyIsEqualOrAtTheExtremes() {
        // One key for all (every pass skipped), and keys 0 and UInt64.max mixed (every digit at its edge).
        var same = (0..<20_000).map { Tagged(key: 42, place: $0) }
        radixSortStably(&same) { $0.key }
        #expect(Self.firstDifference(same, (0..<20_000).map { Tagged(key: 42, place: $0) }) == nil)
        // The first element's key (UInt64.max) held by a third of them, then by two thirds, the rest 0: a pass is
        // skipped only when every key shares the first one's digit.
        for maximumWhere in [{ (place: Int) in place % 3 == 0 }, { (place: Int) in place % 3 != 2 }] {
            let edges = (0..<20_000).map { Tagged(key: maximumWhere($0) ? .max : 0, place: $0) }
            var sorted = edges
            radixSortStably(&sorted) { $0.key }
            #expect(Self.firstDifference(sorted, edges.filter { $0.key == 0 } + edges.filter { $0.key == .max }) == nil)
        }
    }
}
