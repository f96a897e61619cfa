import Foundation

/// The fields of one CSV line found in its bytes, without a `String` per field: what the fast CodeCarbon reader
/// parses, with the same rules as ``CSVReader`` (a `"` opens or closes quoting anywhere in a field, `""` inside quotes
/// is one quote).
///
/// ``split(_:delimiter:)`` refuses the lines ``CSVReader`` treats specially, so that the caller reads the whole file
/// with it instead: a quote left open at the end of the line (a quoted line break), a NUL byte, bytes that are not
/// UTF-8 (read as Windows-1252 with a warning).
package struct CSVLineFields {
    /// Field bounds: into the line's bytes, or into ``unquoted`` for a line that has quotes.
    private var ranges: [Range<Int>] = []
    private var unquoted: [UInt8] = []
    private var usesUnquoted = false
    private var line = UnsafeRawBufferPointer(start: nil, count: 0)

    package init() {}

    /// How many fields the line has.
    package var count: Int { ranges.count }

    /// Splits `bytes` (one line without its ending, alive while the fields are read).
    /// - Returns: `false` when the line needs ``CSVReader``.
    package mutating func split(_ bytes: UnsafeRawBufferPointer, delimiter: UInt8) -> Bool {
        ranges.removeAll(keepingCapacity: true)
        line = bytes
        guard let base = bytes.baseAddress else {
            usesUnquoted = false
            ranges.append(0..<0)
            return true
        }
        let count = bytes.count
        // Most lines have neither a quote nor a NUL: one pass finds their delimiters.
        if let hasNonASCII = splitPlain(bytes, delimiter: delimiter) {
            usesUnquoted = false
            return !hasNonASCII || isValidUTF8(bytes)
        }
        ranges.removeAll(keepingCapacity: true)
        if memchr(base, 0, count) != nil || !isValidUTF8(bytes) { return false }
        usesUnquoted = true
        unquoted.removeAll(keepingCapacity: true)
        var inQuotes = false
        var fieldStart = 0
        var index = 0
        while index < count {
            let byte = bytes[index]
            index += 1
            if inQuotes {
                if byte == 0x22 {
                    if index < count, bytes[index] == 0x22 {
                        unquoted.append(byte)
                        index += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    unquoted.append(byte)
                }
            } else if byte == 0x22 {
                inQuotes = true
            } else if byte == delimiter {
                ranges.append(fieldStart..<unquoted.count)
                fieldStart = unquoted.count
            } else {
                unquoted.append(byte)
            }
        }
        guard !inQuotes else { return false }
        ranges.append(fieldStart..<unquoted.count)
        return true
    }

    /// Splits a line at its delimiters in one pass, eight bytes at a time, unless it holds a quote or a NUL byte.
    /// - Returns: `nil` (with some fields found) when the line holds a quote or a NUL, else whether a byte above
    ///   0x7F was seen (the line must then be checked for UTF-8).
    private mutating func splitPlain(_ bytes: UnsafeRawBufferPointer, delimiter: UInt8) -> Bool? {
        let count = bytes.count
        var start = 0
        var index = 0
        var highBits: UInt64 = 0
        while index + 8 <= count {
            let word = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self))
            if Self.bytesEqual(word, 0x22) | Self.bytesEqual(word, 0) != 0 { return nil }
            highBits |= word
            var delimiters = Self.bytesEqual(word, delimiter)
            while delimiters != 0 {
                let position = index + delimiters.trailingZeroBitCount >> 3
                ranges.append(start..<position)
                start = position + 1
                delimiters &= delimiters - 1
            }
            index += 8
        }
        while index < count {
            let byte = bytes[index]
            if byte == 0x22 || byte == 0 { return nil }
            highBits |= UInt64(byte)
            if byte == delimiter {
                ranges.append(start..<index)
                start = index + 1
            }
            index += 1
        }
        ranges.append(start..<count)
        return highBits & 0x8080_8080_8080_8080 != 0
    }

    /// The high bit of each byte of `word` that equals `byte`, and of no other (exact, unlike the borrow trick).
    @inline(__always)
    static func bytesEqual(_ word: UInt64, _ byte: UInt8) -> UInt64 {
        let low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        let difference = word ^ (0x0101_0101_0101_0101 &* UInt64(byte))
        return ~(((difference & low) &+ low) | difference | low)
    }

    /// The bytes of field `position` (unquoted), valid until the next ``split(_:delimiter:)``.
    package func withField<Result>(_ position: Int, _ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        if usesUnquoted {
            return unquoted.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[ranges[position]])) }
        }
        return body(UnsafeRawBufferPointer(rebasing: line[ranges[position]]))
    }

    /// Whether field `position` is empty.
    package func isEmpty(_ position: Int) -> Bool { ranges[position].isEmpty }

    /// The whole line as ``CSVReader`` would join its fields, for messages.
    package func joined() -> String {
        (0..<count).map { position in withField(position) { String(decoding: $0, as: UTF8.self) } }.joined(
            separator: ",")
    }
}

/// Whether `bytes` are well-formed UTF-8 (no overlong forms, no surrogates, nothing past U+10FFFF), checked eight
/// ASCII bytes at a time.
package func isValidUTF8(_ bytes: UnsafeRawBufferPointer) -> Bool {
    var index = 0
    let count = bytes.count
    while index < count {
        if index + 8 <= count, bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 == 0
        {
            index += 8
            continue
        }
        let lead = bytes[index]
        if lead < 0x80 {
            index += 1
            continue
        }
        let length: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0:
            length = 3
            low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED:
            length = 3
            high = 0x9F
        case 0xF0:
            length = 4
            low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4:
            length = 4
            high = 0x8F
        default: return false
        }
        guard index + length <= count, (low...high).contains(bytes[index + 1]) else { return false }
        for offset in 2..<max(length, 2) where !(0x80...0xBF).contains(bytes[index + offset]) { return false }
        index += length
    }
    return true
}
