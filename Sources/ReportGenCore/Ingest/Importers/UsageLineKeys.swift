import Foundation

/// The usage log's keys, told apart by a key's length and first byte and then confirmed by comparing two words: each
/// key of a line costs one look-up, not a comparison with every known key (nor a call to `memcmp`).
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

    /// Each name's first and last eight bytes (four for a name shorter than eight), which overlap: together they are
    /// the whole name, since every name has from 4 to 16 bytes.
    private let words: [(head: UInt64, tail: UInt64)]
    /// The code of the only name of each length (below 32) and first byte, -1 for none.
    private let dispatch: [Int8]

    init() {
        var words: [(head: UInt64, tail: UInt64)] = []
        var dispatch = [Int8](repeating: -1, count: 32 * 256)
        for (code, name) in Self.names.enumerated() {
            let utf8 = Array(name.utf8)
            precondition((4...16).contains(utf8.count), "a usage-log key outside 4 to 16 bytes")
            let slot = utf8.count << 8 | Int(utf8[0])
            precondition(dispatch[slot] == -1, "two usage-log keys of the same length and first letter")
            dispatch[slot] = Int8(code)
            words.append(utf8.withUnsafeBytes { Self.words(of: $0) })
        }
        self.words = words
        self.dispatch = dispatch
    }

    /// The first and last words of 4 to 16 bytes, as ``words`` holds them.
    private static func words(of bytes: UnsafeRawBufferPointer) -> (head: UInt64, tail: UInt64) {
        let count = bytes.count
        if count >= 8 {
            return (
                bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self),
                bytes.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
            )
        }
        return (
            UInt64(bytes.loadUnaligned(fromByteOffset: 0, as: UInt32.self)),
            UInt64(bytes.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self))
        )
    }

    /// The code of a key given as its bytes (between the quotes); -1 when it is not one of ``names``.
    func code(of key: UnsafeRawBufferPointer) -> Int {
        guard key.count >= 4, key.count <= 16 else { return -1 }
        let code = Int(dispatch[key.count << 8 | Int(key[0])])
        guard code >= 0 else { return -1 }
        let (head, tail) = Self.words(of: key)
        return words[code].head == head && words[code].tail == tail ? code : -1
    }
}
