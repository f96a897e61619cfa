import Foundation

/// The identities of the usage-log lines read so far in one ingestion, so that the same request arriving in two files
/// counts once (README, "Each figure counts once").
///
/// A line's identity is a 128-bit hash (``Hash128``) of its `file_id`, `timestamp`, `service`, `endpoint` and
/// `status` when it has a `file_id` (the same request however the line is written), else of all its bytes. The table
/// keeps 48 of those bits beside the number of the file that first held the identity, in 8 bytes a slot, spread over
/// 256 shards (chosen by 8 more bits) that grow by doubling up to ``maximumSlotsPerShard``: at most 256 × 8,192 slots,
/// so **16 MiB whatever the input size**, for up to about 1.7 million identities (a shard is full at 85 %). Past that,
/// new lines are still counted but no longer remembered, with one warning. A distinct request is taken for an earlier
/// one only when a slot it probes holds the same 56 bits: at most about 22 probes a look-up in a shard 85 % full
/// (linear probing), so 22 × 2⁻⁴⁸ a line, under one chance in 10,000 over a billion lines.
///
/// Thread safety: every shard has its own lock, so blocks read on several cores look up and insert at once. The
/// table's content does not depend on the order of insertion (an identity keeps the earliest file's number), except
/// past the bound, where the warning says which lines may not be checked.
package final class UsageLineIdentities: @unchecked Sendable {
    /// The most slots one shard grows to.
    package static let maximumSlotsPerShard = 8192
    /// The shards' number: the top 8 bits of the identity choose one.
    static let shardCount = 256
    /// The most memory the slots take: 256 shards × 8,192 slots × 8 bytes = 16 MiB.
    package static let maximumBytes = shardCount * maximumSlotsPerShard * MemoryLayout<UInt64>.size
    /// The fill (in 1/100) past which a shard grows, or refuses when it is at its maximum.
    static let maximumLoadPercent = 85

    private struct Shard {
        /// One word a slot: 48 bits of the identity, then the file number + 1 in the 16 low bits (0 marks an empty
        /// slot).
        var slots = [UInt64](repeating: 0, count: 64)
        var count = 0
        var isFull = false
        var capacity: Int { slots.count }
    }

    /// The word stored for `identity` in `file`: the low 48 bits of its high word (the top 8 choose the shard), then
    /// the file number + 1.
    private static func word(_ identity: (high: UInt64, low: UInt64), file: Int) -> UInt64 {
        identity.high << 16 | UInt64(file + 1)
    }

    /// The slot where a word's probe starts, in a shard of `capacity` slots (a power of 2): from its 48 bits, so
    /// that a shard that grows places its words again without the identities.
    private static func home(_ word: UInt64, capacity: Int) -> Int {
        Int(truncatingIfNeeded: word >> 16) & (capacity - 1)
    }

    /// One shard per lock; a pointer, not an array, so that threads change distinct shards without sharing a buffer.
    private let shards: UnsafeMutablePointer<Shard>
    /// The files, by number.
    package private(set) var files: [String] = []
    /// Whether some identity could not be remembered because its shard was full.
    package var isFull: Bool {
        (0..<Self.shardCount).contains { index in
            pthread_mutex_lock(locks + index)
            defer { pthread_mutex_unlock(locks + index) }
            return shards[index].isFull
        }
    }
    /// Identities remembered (reads every shard: for tests and messages, not for the hot loop).
    package var count: Int {
        (0..<Self.shardCount).reduce(0) { total, index in
            pthread_mutex_lock(locks + index)
            defer { pthread_mutex_unlock(locks + index) }
            return total + shards[index].count
        }
    }

    private let locks: UnsafeMutablePointer<pthread_mutex_t>

    package init() {
        shards = UnsafeMutablePointer<Shard>.allocate(capacity: Self.shardCount)
        shards.initialize(repeating: Shard(), count: Self.shardCount)
        locks = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: Self.shardCount)
        for index in 0..<Self.shardCount { pthread_mutex_init(locks + index, nil) }
    }

    deinit {
        for index in 0..<Self.shardCount { pthread_mutex_destroy(locks + index) }
        locks.deallocate()
        shards.deinitialize(count: Self.shardCount)
        shards.deallocate()
    }

    /// Registers a file and returns its number (files past 65,534 are not told apart). Called between files only.
    package func beginFile(_ name: String) -> Int {
        files.append(name)
        return min(files.count - 1, 65_534)
    }

    /// Whether any identity is remembered (when none is, no line can repeat an earlier file's).
    package var isEmpty: Bool { count == 0 }

    /// The number of an earlier file (below `current`) that holds `identity`, if any.
    package func earlierFile(of identity: (high: UInt64, low: UInt64), current: Int) -> Int? {
        let shard = Int(identity.high >> 56)
        let bits = Self.word(identity, file: 0) & ~0xFFFF
        pthread_mutex_lock(locks + shard)
        defer { pthread_mutex_unlock(locks + shard) }
        return shards[shard].slots.withUnsafeBufferPointer { slots -> Int? in
            let mask = slots.count - 1
            var slot = Self.home(bits, capacity: slots.count)
            while true {
                let stored = slots[slot]
                if stored == 0 { return nil }
                if stored & ~0xFFFF == bits {
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
        pthread_mutex_lock(locks + index)
        defer { pthread_mutex_unlock(locks + index) }
        if shards[index].count * 100 >= shards[index].capacity * Self.maximumLoadPercent {
            guard shards[index].capacity < Self.maximumSlotsPerShard else {
                shards[index].isFull = true
                return
            }
            grow(index)
        }
        if Self.place(Self.word(identity, file: file), in: &shards[index].slots) {
            shards[index].count += 1
        }
    }

    /// Places a slot's word; `false` when the identity was already there.
    private static func place(_ word: UInt64, in slots: inout [UInt64]) -> Bool {
        slots.withUnsafeMutableBufferPointer { slots in
            let mask = slots.count - 1
            var slot = home(word, capacity: slots.count)
            while slots[slot] != 0 {
                if slots[slot] & ~0xFFFF == word & ~0xFFFF { return false }
                slot = (slot + 1) & mask
            }
            slots[slot] = word
            return true
        }
    }

    private func grow(_ index: Int) {
        let old = shards[index].slots
        var slots = [UInt64](repeating: 0, count: old.count * 2)
        for word in old where word != 0 { _ = Self.place(word, in: &slots) }
        shards[index].slots = slots
    }
}
