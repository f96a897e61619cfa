import Foundation
import Testing

@testable import ReportGenCore

/// The usage log reads each number in the pass that finds its end; what it finds must be what the number's bytes
/// alone give (`Double(String)`, which the fast path is tested against) and end where the old scan ended.
@Suite struct ScanJSONNumberTests {
    /// Where the old scan ended: the first byte that is none of the digits, `.`, `-`, `+`, `e`, `E`.
    static func referenceEnd(_ bytes: [UInt8], from start: Int) -> Int {
        var index = start
        while index < bytes.count, "0123456789.-+eE".utf8.contains(bytes[index]) { index += 1 }
        return index
    }

    @Test(arguments: [
        "0", "-0", "12", "-12.5", "1.", ".5", "-.5", "1.2.3", "1e5", "1E+5", "3e-4", "+1", "--1", "-", ".", "",
        "1234567890123456", "123456789012345", "0.1234567890123456789012", "0.12345678901234567890123", "1e400",
        "-1e400", "007", "0.000000000000000000001", "9007199254740993", "1-2", "e5", "12a",
        // 16 and 17 significant digits: past the fast path, where a mantissa over 2⁵³ divided by a power of ten would
        // round twice.
        "0.1234567890123456", "0.12345678901234567", "2.2250738585072011", "9.007199254740993", "1.0000000000000002",
    ])
    func aNumberEndsAndReadsAsItsBytesAloneDo(text: String) {
        for follower in [",", "}", ""] {
            let bytes = Array(("\"k\":" + text + follower).utf8)
            let start = 4
            let (end, value) = bytes.withUnsafeBytes { scanJSONNumber($0, from: start) }
            let expectedEnd = Self.referenceEnd(bytes, from: start)
            #expect(end == expectedEnd, "\(text)\(follower)")
            let number = String(decoding: bytes[start..<expectedEnd], as: UTF8.self)
            let expected = Double(number)
            #expect(
                value?.bitPattern == expected?.bitPattern || (value?.isNaN == true && expected?.isNaN == true),
                "\(text)\(follower): \(String(describing: value)) against \(String(describing: expected))")
            // The whole-field form agrees with the scan on the number's own bytes.
            let alone = Array(number.utf8).withUnsafeBytes { parseJSONNumber($0) }
            #expect(alone?.bitPattern == expected?.bitPattern, "\(text)")
        }
    }
}
