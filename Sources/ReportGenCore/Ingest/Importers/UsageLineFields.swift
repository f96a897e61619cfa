/// The usage log's fields read straight from a line's bytes, without building a dictionary: keys are compared as
/// bytes, numbers parsed in place, and only the four text fields become strings.
package struct UsageLineFields {
    package var timestamp: String?
    package var service: String?
    package var endpoint: String?
    package var language: String?
    package var status: Double?
    /// Values of ``UsageLogImporter/numericFields``, in that order; NaN when absent or null.
    package var numbers = [Double](repeating: .nan, count: UsageLogImporter.numericFields.count)
    /// A key of the usage log that the line gives twice (strict JSON: the last would silently win).
    package var duplicateKey: String?
    private var seen: UInt32 = 0

    /// Marks a known key as read; records it as duplicated when it was already.
    private mutating func see(_ bit: Int, _ name: String) {
        if seen & (1 << bit) != 0, duplicateKey == nil { duplicateKey = name }
        seen |= 1 << bit
    }

    private static let numericKeys: [[UInt8]] = UsageLogImporter.numericFields.map { Array($0.utf8) }

    /// Reads a flat JSON object; `nil` when the line needs the general parser (nesting, escapes, a key of the
    /// usage log with a value of the wrong kind: the general parser then words the error).
    package static func parse(_ bytes: UnsafeRawBufferPointer) -> UsageLineFields? {
        var fields = UsageLineFields()
        var index = 0
        let count = bytes.count
        func skipSpace() {
            while index < count, bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x0D { index += 1 }
        }
        func stringRange() -> Range<Int>? {
            guard index < count, bytes[index] == 0x22 else { return nil }
            index += 1
            let start = index
            while index < count, bytes[index] != 0x22 {
                // Escapes go to the general parser; raw control bytes (NUL included) are not JSON.
                if bytes[index] == 0x5C || bytes[index] < 0x20 { return nil }
                index += 1
            }
            guard index < count else { return nil }
            index += 1
            return start..<(index - 1)
        }
        func equals(_ range: Range<Int>, _ key: StaticString) -> Bool {
            guard range.count == key.utf8CodeUnitCount else { return false }
            let pointer = key.utf8Start
            for offset in 0..<range.count where bytes[range.lowerBound + offset] != pointer[offset] { return false }
            return true
        }
        func equals(_ range: Range<Int>, _ key: [UInt8]) -> Bool {
            guard range.count == key.count else { return false }
            for offset in 0..<range.count where bytes[range.lowerBound + offset] != key[offset] { return false }
            return true
        }
        skipSpace()
        guard index < count, bytes[index] == 0x7B else { return nil }
        index += 1
        skipSpace()
        if index < count, bytes[index] == 0x7D { return fields }
        while true {
            skipSpace()
            guard let key = stringRange() else { return nil }
            skipSpace()
            guard index < count, bytes[index] == 0x3A else { return nil }
            index += 1
            skipSpace()
            guard index < count else { return nil }
            let first = bytes[index]
            if first == 0x22 {
                guard let value = stringRange() else { return nil }
                let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[value]), as: UTF8.self)
                if equals(key, "timestamp") {
                    fields.see(0, "timestamp")
                    fields.timestamp = text
                } else if equals(key, "service") {
                    fields.see(1, "service")
                    fields.service = text
                } else if equals(key, "endpoint") {
                    fields.see(2, "endpoint")
                    fields.endpoint = text
                } else if equals(key, "language") {
                    fields.see(3, "language")
                    fields.language = text
                } else if equals(key, "status") || numericKeys.contains(where: { equals(key, $0) }) {
                    return nil
                }
            } else if first == 0x6E {
                guard index + 4 <= count else { return nil }
                index += 4
            } else if first == 0x74 || first == 0x66 {
                if equals(key, "status") || numericKeys.contains(where: { equals(key, $0) }) { return nil }
                index += first == 0x74 ? 4 : 5
                guard index <= count else { return nil }
            } else {
                let start = index
                while index < count,
                    (bytes[index] >= 0x30 && bytes[index] <= 0x39) || bytes[index] == 0x2D
                        || bytes[index] == 0x2B || bytes[index] == 0x2E || bytes[index] == 0x65 || bytes[index] == 0x45
                { index += 1 }
                guard index > start,
                    let value = Double(
                        Substring(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
                else { return nil }
                if equals(key, "status") {
                    fields.see(4, "status")
                    fields.status = value
                } else if let slot = numericKeys.firstIndex(where: { equals(key, $0) }) {
                    fields.see(5 + slot, UsageLogImporter.numericFields[slot])
                    fields.numbers[slot] = value
                }
            }
            skipSpace()
            guard index < count else { return nil }
            if bytes[index] == 0x2C {
                index += 1
                continue
            }
            guard bytes[index] == 0x7D else { return nil }
            index += 1
            skipSpace()
            return index == count ? fields : nil
        }
    }
}
