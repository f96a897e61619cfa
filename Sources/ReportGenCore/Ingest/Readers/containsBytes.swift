import Foundation

/// Whether `bytes` contain `needle`'s UTF-8 bytes anywhere: what a format detector asks of a file's first bytes,
/// answered on the bytes (`memchr` for the first byte, then `memcmp`), with no text decoded.
func containsBytes<Bytes: ContiguousBytes>(_ bytes: Bytes, _ needle: StaticString) -> Bool {
    bytes.withUnsafeBytes { (haystack: UnsafeRawBufferPointer) -> Bool in containsBytes(haystack, needle) }
}

private func containsBytes(_ haystack: UnsafeRawBufferPointer, _ needle: StaticString) -> Bool {
    let length = needle.utf8CodeUnitCount
    guard length > 0 else { return true }
    guard let base = haystack.baseAddress, haystack.count >= length else { return false }
    let first = Int32(needle.utf8Start.pointee)
    // The last place the needle can start.
    let last = haystack.count - length
    var offset = 0
    while offset <= last, let found = memchr(base + offset, first, last - offset + 1) {
        if memcmp(found, needle.utf8Start, length) == 0 { return true }
        offset = UnsafeRawPointer(found) - base + 1
    }
    return false
}

/// Whether `line` starts with `prefix`'s UTF-8 bytes.
func startsWithBytes(_ line: ArraySlice<UInt8>, _ prefix: StaticString) -> Bool {
    guard line.count >= prefix.utf8CodeUnitCount else { return false }
    return line.withUnsafeBytes { bytes in
        bytes.baseAddress.map { memcmp($0, prefix.utf8Start, prefix.utf8CodeUnitCount) == 0 } ?? false
    }
}
