/// Requests and busy seconds per (UTC hour, triple) key of one usage log or one block of it: an open-addressing table
/// with a multiplicative hash. A log's lines fall in random hours, so nearly every line adds to its own key, in its
/// block and again in the merge; a `Dictionary` would hash each of those keys with SipHash.
///
/// A key is `hoursSinceEpoch << 17 | triple` (``UsageKeyTable``'s triple number). Memory: 32 bytes a slot (the key
/// beside its amount, so that an addition touches one cache line), at most 4 slots for 3 keys past the capacity it
/// was made with (a block's table is made for one key per 256 bytes: 8,192 slots, 256 KiB, for a 1 MiB block,
/// however few keys it gets); look-ups and additions are O(1) on average (linear probing at most 75 % full).
struct UsageHourTable {
    private struct Entry {
        var key: Int
        var amount: HourlyUsage.Amount
    }

    /// The marker of an empty slot: no hour since 1970 shifted by 17 bits gives it.
    private static let empty = Entry(key: Int.min, amount: HourlyUsage.Amount())
    private var entries: [Entry]
    /// Keys held.
    private(set) var count = 0

    /// An empty table with room for `keys` keys before it grows (64 slots at least).
    init(minimumCapacity keys: Int = 0) {
        var slots = 64
        while slots * 3 < keys * 4 { slots *= 2 }
        entries = [Entry](repeating: Self.empty, count: slots)
    }

    /// The slot where `key`'s probe starts: a Fibonacci hash folded and masked to the capacity (a power of 2).
    private static func home(_ key: Int, mask: Int) -> Int {
        let mixed = UInt64(bitPattern: Int64(key)) &* 0x9E37_79B9_7F4A_7C15
        return Int(truncatingIfNeeded: mixed >> 32 ^ mixed) & mask
    }

    /// Adds `amount` to `key`'s (from zero for a new key, as `Dictionary`'s `default:` would).
    mutating func add(_ amount: HourlyUsage.Amount, to key: Int) {
        if (count + 1) * 4 > entries.count * 3 { grow() }
        let isNew = entries.withUnsafeMutableBufferPointer { entries -> Bool in
            let mask = entries.count - 1
            var slot = Self.home(key, mask: mask)
            while true {
                if entries[slot].key == key {
                    entries[slot].amount.add(amount)
                    return false
                }
                if entries[slot].key == Int.min {
                    var fresh = HourlyUsage.Amount()
                    fresh.add(amount)
                    entries[slot] = Entry(key: key, amount: fresh)
                    return true
                }
                slot = (slot + 1) & mask
            }
        }
        if isNew { count += 1 }
    }

    /// Calls `body` with every key and its amount, in no particular order.
    func forEach(_ body: (_ key: Int, _ amount: HourlyUsage.Amount) -> Void) {
        for entry in entries where entry.key != Int.min { body(entry.key, entry.amount) }
    }

    private mutating func grow() {
        let old = entries
        entries = [Entry](repeating: Self.empty, count: old.count * 2)
        entries.withUnsafeMutableBufferPointer { entries in
            let mask = entries.count - 1
            for entry in old where entry.key != Int.min {
                var slot = Self.home(entry.key, mask: mask)
                while entries[slot].key != Int.min { slot = (slot + 1) & mask }
                entries[slot] = entry
            }
        }
    }
}
