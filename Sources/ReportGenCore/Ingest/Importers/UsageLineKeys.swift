import Foundation

/// The usage log's keys, told apart by a key's length and first byte and then confirmed with one comparison: each
/// key of a line costs one look-up, not a comparison with every known key.
struct UsageLineKeys {
    /// The known keys by code: the four texts, `status`, the numeric fields in ``UsageLogImporter/numericFields``'
    /// order, then `file_id`.
    static let names =
        ["timestamp", "service", "endpoint", "language", "status"] + UsageLogImporter.numericFields + ["file_id"]
    static let timestamp = 0
    static let service = 1
    static let endpoint = 2
    static let language = 3
    static let status = 4
    /// The code of the first numeric field; field `slot` has `firstNumeric + slot`.
    static let firstNumeric = 5
    static let fileID = names.count - 1

    /// The names one after another, and where each starts (one more entry for the end).
    private let bytes: [UInt8]
    private let offsets: [Int]
    /// The code of the only name of each length (below 32) and first byte, -1 for none.
    private let dispatch: [Int8]

    init() {
        var bytes: [UInt8] = []
        var offsets: [Int] = []
        var dispatch = [Int8](repeating: -1, count: 32 * 256)
        for (code, name) in Self.names.enumerated() {
            let utf8 = Array(name.utf8)
            precondition(utf8.count < 32, "a usage-log key of 32 bytes or more")
            let slot = utf8.count << 8 | Int(utf8[0])
            precondition(dispatch[slot] == -1, "two usage-log keys of the same length and first letter")
            dispatch[slot] = Int8(code)
            offsets.append(bytes.count)
            bytes += utf8
        }
        offsets.append(bytes.count)
        self.bytes = bytes
        self.offsets = offsets
        self.dispatch = dispatch
    }

    /// The code of a key given as its bytes (between the quotes); -1 when it is not one of ``names``.
    func code(of key: UnsafeRawBufferPointer) -> Int {
        guard key.count > 0, key.count < 32, let base = key.baseAddress else { return -1 }
        let code = Int(dispatch[key.count << 8 | Int(key[0])])
        guard code >= 0 else { return -1 }
        let same = bytes.withUnsafeBufferPointer { names in
            names.baseAddress.map { memcmp(base, $0 + offsets[code], key.count) == 0 } ?? false
        }
        return same ? code : -1
    }
}
