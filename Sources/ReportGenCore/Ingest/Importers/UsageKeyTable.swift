import Foundation

/// The (month, service, endpoint, language) keys of one usage log, found from a line's bytes without making a string:
/// one hash and one dictionary look-up a line, strings made once per key.
///
/// A key is a *slot*: a month and a *triple* (service, endpoint, language). Triples are numbered so that the hourly
/// busy time can be keyed by (hour, triple) as one integer.
struct UsageKeyTable {
    struct Triple {
        var service: [UInt8]
        var endpoint: [UInt8]
        /// The two lower-case ASCII letters of the language, as one number.
        var language: UInt16
        var key: HourlyUsage.Key
    }

    private(set) var triples: [Triple] = []
    /// Per slot: its month and triple.
    private(set) var slots: [(period: YearMonth, triple: Int)] = []
    private var slotHeads: [Int: Int] = [:]
    private var slotNext: [Int] = []
    private var tripleHeads: [Int: Int] = [:]
    private var tripleNext: [Int] = []

    var slotCount: Int { slots.count }

    private static func hash(_ service: UnsafeRawBufferPointer, _ endpoint: UnsafeRawBufferPointer, _ language: UInt16)
        -> Int
    {
        var hasher = Hash128()
        hasher.combine(service)
        hasher.combine(endpoint)
        hasher.combine(Int64(language))
        return Int(truncatingIfNeeded: hasher.finalize().low)
    }

    private static func same(_ stored: [UInt8], _ bytes: UnsafeRawBufferPointer) -> Bool {
        guard stored.count == bytes.count else { return false }
        guard let base = bytes.baseAddress else { return true }
        return stored.withUnsafeBytes { stored in stored.baseAddress.map { memcmp($0, base, bytes.count) == 0 } ?? false
        }
    }

    /// The slot last found in each of 256 buckets of the (key, month) hash: most lines find their slot there, without
    /// hashing again into `slotHeads` (a log names a few hundred keys at most).
    private var recentSlots = [Int](repeating: -1, count: 256)

    private func holds(
        _ slot: Int, month: Int, service: UnsafeRawBufferPointer, endpoint: UnsafeRawBufferPointer, language: UInt16
    ) -> Bool {
        let (period, triple) = slots[slot]
        let entry = triples[triple]
        return period.year * 12 + period.month == month && entry.language == language
            && Self.same(entry.service, service) && Self.same(entry.endpoint, endpoint)
    }

    /// The slot of a key, `nil` when the table does not hold it yet.
    mutating func slot(
        month: Int, service: UnsafeRawBufferPointer, endpoint: UnsafeRawBufferPointer, language: UInt16,
        hash: Int
    ) -> Int? {
        let slotHash = hash &+ month &* 0x9E37_79B9
        let bucket = Int(truncatingIfNeeded: UInt(bitPattern: slotHash) >> 7 ^ UInt(bitPattern: slotHash)) & 255
        let recent = recentSlots[bucket]
        if recent >= 0, holds(recent, month: month, service: service, endpoint: endpoint, language: language) {
            return recent
        }
        var candidate = slotHeads[slotHash]
        while let slot = candidate {
            if holds(slot, month: month, service: service, endpoint: endpoint, language: language) {
                recentSlots[bucket] = slot
                return slot
            }
            candidate = slotNext[slot] >= 0 ? slotNext[slot] : nil
        }
        return nil
    }

    /// The hash ``slot(month:service:endpoint:language:hash:)`` and ``addSlot`` take.
    static func keyHash(_ service: UnsafeRawBufferPointer, _ endpoint: UnsafeRawBufferPointer, _ language: UInt16)
        -> Int
    {
        hash(service, endpoint, language)
    }

    /// Adds a key known to be absent; returns its slot.
    mutating func addSlot(
        period: YearMonth, service: UnsafeRawBufferPointer, endpoint: UnsafeRawBufferPointer, language: UInt16,
        hash: Int
    ) -> Int {
        var triple: Int?
        var candidate = tripleHeads[hash]
        while let index = candidate {
            let entry = triples[index]
            if entry.language == language, Self.same(entry.service, service), Self.same(entry.endpoint, endpoint) {
                triple = index
                break
            }
            candidate = tripleNext[index] >= 0 ? tripleNext[index] : nil
        }
        if triple == nil {
            let languageText = String(
                decoding: [UInt8(truncatingIfNeeded: language >> 8), UInt8(truncatingIfNeeded: language)],
                as: UTF8.self)
            let key = HourlyUsage.Key(
                service: String(decoding: service, as: UTF8.self), endpoint: String(decoding: endpoint, as: UTF8.self),
                language: languageText)
            triples.append(Triple(service: Array(service), endpoint: Array(endpoint), language: language, key: key))
            tripleNext.append(tripleHeads[hash] ?? -1)
            tripleHeads[hash] = triples.count - 1
            triple = triples.count - 1
        }
        let month = period.year * 12 + period.month
        let slotHash = hash &+ month &* 0x9E37_79B9
        slots.append((period, triple ?? 0))
        slotNext.append(slotHeads[slotHash] ?? -1)
        slotHeads[slotHash] = slots.count - 1
        return slots.count - 1
    }

    /// The activity key of a slot.
    func activityKey(_ slot: Int) -> ActivityKey {
        let (period, triple) = slots[slot]
        let key = triples[triple].key
        return ActivityKey(period: period, service: key.service, endpoint: key.endpoint, language: key.language)
    }
}
