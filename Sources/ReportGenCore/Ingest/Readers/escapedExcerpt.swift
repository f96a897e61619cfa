/// A short, printable rendering of bytes found in an input, for "found …" in messages: at most `limit` characters,
/// control characters and NUL escaped (`\0`, `\t`, `\u{1B}`), bytes that are not UTF-8 shown as `\x..`, and the total
/// length stated when the text is cut, so that a message never carries raw NULs or megabytes.
/// - Parameters:
///   - bytes: what was found.
///   - limit: the most characters shown before the cut (40 unless told).
/// - Returns: the escaped excerpt, with `… (N bytes)` appended when cut; runs of one repeated control byte are
///   shown once with their count (`\0×206476`).
package func escapedExcerpt(_ bytes: some Collection<UInt8>, limit: Int = 40) -> String {
    var output = ""
    var shown = 0
    var index = bytes.startIndex
    var truncated = false
    while index < bytes.endIndex {
        if shown >= limit {
            truncated = true
            break
        }
        let byte = bytes[index]
        if byte < 0x20 || byte == 0x7F {
            var run = 1
            var next = bytes.index(after: index)
            while next < bytes.endIndex, bytes[next] == byte {
                run += 1
                next = bytes.index(after: next)
            }
            let escaped: String
            switch byte {
            case 0x00: escaped = "\\0"
            case 0x09: escaped = "\\t"
            case 0x0A: escaped = "\\n"
            case 0x0D: escaped = "\\r"
            default: escaped = "\\u{" + String(byte, radix: 16, uppercase: true) + "}"
            }
            output += run > 3 ? "\(escaped)×\(run)" : String(repeating: escaped, count: run)
            shown += min(run, 4)
            index = next
            continue
        }
        if byte < 0x80 {
            output += byte == UInt8(ascii: "\"") ? "\\\"" : String(UnicodeScalar(byte))
            shown += 1
            index = bytes.index(after: index)
            continue
        }
        // A multi-byte UTF-8 sequence if it is one, otherwise the byte in hex.
        let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC2 ? 2 : 0
        var sequence: [UInt8] = []
        var cursor = index
        while sequence.count < length, cursor < bytes.endIndex {
            sequence.append(bytes[cursor])
            cursor = bytes.index(after: cursor)
        }
        if length > 0, sequence.count == length, let text = String(validating: sequence, as: UTF8.self) {
            output += text
            index = cursor
        } else {
            output += "\\x" + String(byte, radix: 16, uppercase: true)
            index = bytes.index(after: index)
        }
        shown += 1
    }
    if truncated { output += "… (\(bytes.count) bytes)" }
    return output
}

/// ``escapedExcerpt(_:limit:)`` of a string's UTF-8.
package func escapedExcerpt(_ text: String, limit: Int = 40) -> String {
    escapedExcerpt(Array(text.utf8), limit: limit)
}
