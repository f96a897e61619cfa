import Foundation

/// Where `needle`'s bytes first start in `haystack`, as an offset (`memchr` for the first byte, then `memcmp`); `nil`
/// for an empty needle or none found. The one byte search of the package: the renderer's text searches and the
/// importers' format detection both use it.
/// - Complexity: O(n × m) at worst; O(n) in practice for short needles.
package func firstByteOffset(of needle: UnsafeRawBufferPointer, in haystack: UnsafeRawBufferPointer) -> Int? {
    guard let pattern = needle.baseAddress, let base = haystack.baseAddress, needle.count > 0,
        haystack.count >= needle.count
    else { return nil }
    let first = Int32(needle[0])
    // The last place the needle can start.
    let last = haystack.count - needle.count
    var offset = 0
    while offset <= last, let found = memchr(base + offset, first, last - offset + 1) {
        if memcmp(found, pattern, needle.count) == 0 { return UnsafeRawPointer(found) - base }
        offset = UnsafeRawPointer(found) - base + 1
    }
    return nil
}
