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
        let offset = pattern.withUnsafeBytes { pattern in
            utf8.withContiguousStorageIfAvailable { firstByteOffset(of: pattern, in: UnsafeRawBufferPointer($0)) }
                ?? Array(utf8).withUnsafeBytes { firstByteOffset(of: pattern, in: $0) }
        }
        guard let offset else { return nil }
        let start = utf8.index(utf8.startIndex, offsetBy: offset)
        return start..<utf8.index(start, offsetBy: pattern.count)
    }
}
