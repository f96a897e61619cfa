import Foundation

/// The usage log's fields read straight from a line's bytes, without building a dictionary or a string: keys are
/// compared as bytes, numbers parsed in place, and the text fields kept as byte ranges of the line.
package struct UsageLineFields {
    package var timestamp: Range<Int>?
    package var service: Range<Int>?
    package var endpoint: Range<Int>?
    package var language: Range<Int>?
    /// The `file_id` when it is a string (any other kind of value is ignored, as the general parser does).
    package var fileID: Range<Int>?
    package var status: Double?
    /// Values of ``UsageLogImporter/numericFields``, in that order; NaN when absent or null.
    package var numbers = [Double](repeating: .nan, count: UsageLogImporter.numericFields.count)
    /// A key of the usage log that the line gives twice (strict JSON: the last would silently win).
    package var duplicateKey: String?
    private var seen: UInt32 = 0

    package init() {}

    private let keys = UsageLineKeys()

    /// Marks a known key (a code of ``UsageLineKeys``) as read; records it as duplicated when it was already.
    private mutating func see(_ code: Int) {
        if seen & (1 << code) != 0, duplicateKey == nil { duplicateKey = UsageLineKeys.names[code] }
        seen |= 1 << code
    }

    private mutating func reset() {
        timestamp = nil
        service = nil
        endpoint = nil
        language = nil
        fileID = nil
        status = nil
        for slot in numbers.indices { numbers[slot] = .nan }
        duplicateKey = nil
        seen = 0
    }

    /// The high bit of each byte of `word` (little-endian) that is a quote, a backslash or a control byte: exact for
    /// the lowest such byte, which is all a scan needs (a borrow may also flag bytes above it).
    static func specialBytes(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        func zeroBytes(_ x: UInt64) -> UInt64 { (x &- ones) & ~x & high }
        let quote = zeroBytes(word ^ (ones &* 0x22))
        let backslash = zeroBytes(word ^ (ones &* 0x5C))
        let control = (word &- ones &* 0x20) & ~word & high
        return quote | backslash | control
    }

    /// Reads a flat JSON object into `self`; `false` when the line needs the general parser (nesting, escapes, a key
    /// of the usage log with a value of the wrong kind: the general parser then words the error).
    package mutating func parse(_ bytes: UnsafeRawBufferPointer) -> Bool {
        reset()
        var index = 0
        let count = bytes.count
        func skipSpace() {
            while index < count, bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x0D { index += 1 }
        }
        func stringRange() -> Range<Int>? {
            guard index < count, bytes[index] == 0x22 else { return nil }
            index += 1
            let start = index
            // Eight bytes at a time up to the first quote, backslash or control byte, which the loop below then reads.
            while index + 8 <= count {
                let flags = Self.specialBytes(
                    UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)))
                guard flags == 0 else {
                    index += flags.trailingZeroBitCount >> 3
                    break
                }
                index += 8
            }
            while index < count, bytes[index] != 0x22 {
                // Escapes go to the general parser; raw control bytes (NUL included) are not JSON.
                if bytes[index] == 0x5C || bytes[index] < 0x20 { return nil }
                index += 1
            }
            guard index < count else { return nil }
            index += 1
            return start..<(index - 1)
        }
        skipSpace()
        guard index < count, bytes[index] == 0x7B else { return false }
        index += 1
        skipSpace()
        if index < count, bytes[index] == 0x7D {
            index += 1
            skipSpace()
            return index == count
        }
        while true {
            skipSpace()
            guard let keyRange = stringRange() else { return false }
            let key = keys.code(of: UnsafeRawBufferPointer(rebasing: bytes[keyRange]))
            let isNumeric = key >= UsageLineKeys.status && key < UsageLineKeys.fileID
            skipSpace()
            guard index < count, bytes[index] == 0x3A else { return false }
            index += 1
            skipSpace()
            guard index < count else { return false }
            let first = bytes[index]
            if first == 0x22 {
                guard let value = stringRange() else { return false }
                switch key {
                case UsageLineKeys.timestamp: timestamp = value
                case UsageLineKeys.service: service = value
                case UsageLineKeys.endpoint: endpoint = value
                case UsageLineKeys.language: language = value
                case UsageLineKeys.fileID: fileID = value
                default: if isNumeric { return false }
                }
                if key >= 0 { see(key) }
            } else if first == 0x6E {
                guard index + 4 <= count, bytes[index + 1] == 0x75, bytes[index + 2] == 0x6C, bytes[index + 3] == 0x6C
                else { return false }
                if key == UsageLineKeys.fileID { see(key) }
                index += 4
            } else if first == 0x74 || first == 0x66 {
                if isNumeric { return false }
                if key == UsageLineKeys.fileID { see(key) }
                index += first == 0x74 ? 4 : 5
                guard index <= count else { return false }
            } else if first == 0x7B || first == 0x5B {
                return false
            } else {
                let start = index
                let (end, number) = scanJSONNumber(bytes, from: start)
                index = end
                guard index > start, let value = number else { return false }
                if key == UsageLineKeys.status {
                    status = value
                } else if isNumeric {
                    numbers[key - UsageLineKeys.firstNumeric] = value
                }
                if isNumeric || key == UsageLineKeys.fileID { see(key) }
            }
            skipSpace()
            guard index < count else { return false }
            if bytes[index] == 0x2C {
                index += 1
                continue
            }
            guard bytes[index] == 0x7D else { return false }
            index += 1
            skipSpace()
            return index == count
        }
    }
}
