import Foundation
import Templates

/// Whether `bytes` contain `needle`'s UTF-8 bytes anywhere: what a format detector asks of a file's first bytes,
/// answered on the bytes (``firstByteOffset(of:in:)``), with no text decoded.
func containsBytes<Bytes: ContiguousBytes>(_ bytes: Bytes, _ needle: StaticString) -> Bool {
    guard needle.utf8CodeUnitCount > 0 else { return true }
    let pattern = UnsafeRawBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount)
    return bytes.withUnsafeBytes { firstByteOffset(of: pattern, in: $0) != nil }
}

/// Whether `line` starts with `prefix`'s UTF-8 bytes.
func startsWithBytes(_ line: ArraySlice<UInt8>, _ prefix: StaticString) -> Bool {
    guard line.count >= prefix.utf8CodeUnitCount else { return false }
    return line.withUnsafeBytes { bytes in
        bytes.baseAddress.map { memcmp($0, prefix.utf8Start, prefix.utf8CodeUnitCount) == 0 } ?? false
    }
}
