/// The identities of the usage-log lines read so far in one ingestion, so that the same request arriving in two files
/// counts once (README, "Each figure counts once").
///
/// A line's identity is a 128-bit hash (``Hash128``) of its `file_id`, `timestamp`, `service`, `endpoint` and
/// `status` when it has a `file_id` (the same request however the line is written), else of all its bytes. The table
/// keeps 112 of those bits beside the number of the file that first held the identity, in 16 bytes a slot, spread
/// over 256 shards that grow by doubling up to ``maximumSlotsPerShard``: at most 256 × 8,192 slots, so **32 MiB
/// whatever the input size**, for up to about 1.7 million identities (a shard is full at 85 %). Past that, new lines are
/// still counted but no longer remembered, with one warning.
///
/// Thread safety: ``earlierFile(of:current:)`` may run on several threads at once; ``insert(_:file:)`` must not
/// overlap with any other call. The usage-log importer calls `insert` only between parallel batches.
package final class UsageLineIdentities: @unchecked Sendable {
    /// The most slots one shard grows to.
    package static let maximumSlotsPerShard = 8192
    /// The shards' number: the top 8 bits of the identity choose one.
    static let shardCount = 256
    /// The fill (in 1/100) past which a shard grows, or refuses when it is at its maximum.
    static let maximumLoadPercent = 85

    private struct Shard {
        /// Pairs of words: the high word, then the low word with its 16 low bits replaced by the file number + 1
        /// (0 marks an empty slot).
        var slots = [UInt64](repeating: 0, count: 2 * 64)
        var count = 0
        var capacity: Int { slots.count / 2 }
    }

    private var shards = [Shard](repeating: Shard(), count: shardCount)
    /// The files, by number.
    package private(set) var files: [String] = []
    /// Whether some identity could not be remembered because its shard was full.
    package private(set) var isFull = false
    /// Identities remembered.
    package private(set) var count = 0

    package init() {}

    /// Registers a file and returns its number (files past 65,534 are not told apart).
    package func beginFile(_ name: String) -> Int {
        files.append(name)
        return min(files.count - 1, 65_534)
    }

    /// Whether any identity is remembered (when none is, no line can repeat an earlier file's).
    package var isEmpty: Bool { count == 0 }

    /// The number of an earlier file (below `current`) that holds `identity`, if any.
    package func earlierFile(of identity: (high: UInt64, low: UInt64), current: Int) -> Int? {
        let shard = Int(identity.high >> 56)
        let low = identity.low & ~0xFFFF
        return shards[shard].slots.withUnsafeBufferPointer { slots -> Int? in
            let mask = slots.count / 2 - 1
            var slot = Int(truncatingIfNeeded: identity.low >> 16) & mask
            while true {
                let stored = slots[2 * slot + 1]
                if stored == 0 { return nil }
                if slots[2 * slot] == identity.high, stored & ~0xFFFF == low {
                    let file = Int(stored & 0xFFFF) - 1
                    return file < current ? file : nil
                }
                slot = (slot + 1) & mask
            }
        }
    }

    /// Remembers `identity` as first seen in `file`, unless it is already known (the earliest file is kept).
    package func insert(_ identity: (high: UInt64, low: UInt64), file: Int) {
        let index = Int(identity.high >> 56)
        if shards[index].count * 100 >= shards[index].capacity * Self.maximumLoadPercent {
            guard shards[index].capacity < Self.maximumSlotsPerShard else {
                isFull = true
                return
            }
            grow(index)
        }
        if Self.place(identity.high, identity.low & ~0xFFFF | UInt64(file + 1), in: &shards[index].slots) {
            shards[index].count += 1
            count += 1
        }
    }

    /// Places a slot's words; `false` when the identity was already there.
    private static func place(_ high: UInt64, _ low: UInt64, in slots: inout [UInt64]) -> Bool {
        let mask = slots.count / 2 - 1
        var slot = Int(truncatingIfNeeded: low >> 16) & mask
        while slots[2 * slot + 1] != 0 {
            if slots[2 * slot] == high, slots[2 * slot + 1] & ~0xFFFF == low & ~0xFFFF { return false }
            slot = (slot + 1) & mask
        }
        slots[2 * slot] = high
        slots[2 * slot + 1] = low
        return true
    }

    private func grow(_ index: Int) {
        let old = shards[index].slots
        var slots = [UInt64](repeating: 0, count: old.count * 2)
        for slot in 0..<(old.count / 2) where old[2 * slot + 1] != 0 {
            _ = Self.place(old[2 * slot], old[2 * slot + 1], in: &slots)
        }
        shards[index].slots = slots
    }
}
