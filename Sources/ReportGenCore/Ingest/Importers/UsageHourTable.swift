/// Requests and busy seconds per (UTC hour, triple) key of one usage log or one block of it: an open-addressing table
/// with a multiplicative hash. A log's lines fall in random hours, so nearly every line adds to its own key, in its
/// block and again in the merge; a `Dictionary` would hash each of those keys with SipHash.
///
/// A key is `hoursSinceEpoch << 17 | triple` (``UsageKeyTable``'s triple number). Memory: 32 bytes a slot, at most
/// 4 slots for 3 keys; look-ups and additions are O(1) on average (linear probing at most 75 % full).
struct UsageHourTable {
    /// The marker of an empty slot: no hour since 1970 shifted by 17 bits gives it.
    private static let empty = Int.min
    private var keys = [Int](repeating: empty, count: 64)
    private var amounts = [HourlyUsage.Amount](repeating: HourlyUsage.Amount(), count: 64)
    /// Keys held.
    private(set) var count = 0

    /// The slot where `key`'s probe starts: the top bits of a Fibonacci hash, masked to the capacity (a power of 2).
    private static func home(_ key: Int, mask: Int) -> Int {
        let mixed = UInt64(bitPattern: Int64(key)) &* 0x9E37_79B9_7F4A_7C15
        return Int(truncatingIfNeeded: mixed >> 32 ^ mixed) & mask
    }

    /// Adds `amount` to `key`'s (from zero for a new key, as `Dictionary`'s `default:` would).
    mutating func add(_ amount: HourlyUsage.Amount, to key: Int) {
        if (count + 1) * 4 > keys.count * 3 { grow() }
        let mask = keys.count - 1
        var slot = Self.home(key, mask: mask)
        while true {
            let stored = keys[slot]
            if stored == key {
                amounts[slot].add(amount)
                return
            }
            if stored == Self.empty {
                keys[slot] = key
                var fresh = HourlyUsage.Amount()
                fresh.add(amount)
                amounts[slot] = fresh
                count += 1
                return
            }
            slot = (slot + 1) & mask
        }
    }

    /// Calls `body` with every key and its amount, in no particular order.
    func forEach(_ body: (_ key: Int, _ amount: HourlyUsage.Amount) -> Void) {
        for slot in keys.indices where keys[slot] != Self.empty { body(keys[slot], amounts[slot]) }
    }

    private mutating func grow() {
        let oldKeys = keys
        let oldAmounts = amounts
        keys = [Int](repeating: Self.empty, count: oldKeys.count * 2)
        amounts = [HourlyUsage.Amount](repeating: HourlyUsage.Amount(), count: oldKeys.count * 2)
        let mask = keys.count - 1
        for index in oldKeys.indices where oldKeys[index] != Self.empty {
            var slot = Self.home(oldKeys[index], mask: mask)
            while keys[slot] != Self.empty { slot = (slot + 1) & mask }
            keys[slot] = oldKeys[index]
            amounts[slot] = oldAmounts[index]
        }
    }
}
