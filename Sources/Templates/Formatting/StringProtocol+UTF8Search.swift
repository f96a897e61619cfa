/// Substring search on UTF-8 bytes, for the renderer's hot paths: no Foundation bridging, no grapheme breaking.
///
/// A byte match of valid UTF-8 starts and ends on scalar boundaries, so for the ASCII or whole-word needles used
/// here it finds what a character search finds (it differs only where a needle's last character would take a
/// combining mark from the text).
extension StringProtocol {
    /// Whether `needle`'s bytes occur in the text's. An empty needle occurs everywhere.
    /// - Complexity: O(n × m) at worst; O(n) in practice for short needles.
    package func containsUTF8(_ needle: some StringProtocol) -> Bool {
        needle.isEmpty || firstUTF8Range(of: needle) != nil
    }

    /// The first range of the text whose bytes are `needle`'s; `nil` for an empty needle or none found.
    /// - Complexity: O(n × m) at worst; O(n) in practice for short needles.
    package func firstUTF8Range(of needle: some StringProtocol) -> Range<Index>? {
        let pattern = Array(needle.utf8)
        guard let first = pattern.first else { return nil }
        let offset =
            utf8.withContiguousStorageIfAvailable { bytes -> Int? in
                firstUTF8Offset(of: pattern, first: first, in: bytes)
            } ?? Array(utf8).withUnsafeBufferPointer { firstUTF8Offset(of: pattern, first: first, in: $0) }
        guard let offset else { return nil }
        let start = utf8.index(utf8.startIndex, offsetBy: offset)
        return start..<utf8.index(start, offsetBy: pattern.count)
    }

}

/// Where `pattern` (whose first byte is `first`) starts in `bytes`, as an offset; not generic, so that the loop is
/// compiled for bytes in memory.
private func firstUTF8Offset(of pattern: [UInt8], first: UInt8, in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
    let count = bytes.count
    guard pattern.count <= count else { return nil }
    var offset = 0
    while offset <= count - pattern.count {
        if bytes[offset] == first {
            var matched = 1
            while matched < pattern.count, bytes[offset + matched] == pattern[matched] { matched += 1 }
            if matched == pattern.count { return offset }
        }
        offset += 1
    }
    return nil
}
