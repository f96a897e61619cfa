/// A short text held inline (no heap storage, no reference counting), for values made on every row and rarely read,
/// such as a CodeCarbon `run_id` (a 36-character UUID). Longer texts are kept as a `String`.
struct InlineText: Sendable {
    /// Bytes held inline.
    static let capacity = 48

    private var words: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0)
    private var count = 0
    private var long: String?

    init(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count <= Self.capacity else {
            long = String(decoding: bytes, as: UTF8.self)
            return
        }
        count = bytes.count
        withUnsafeMutableBytes(of: &words) { $0.copyMemory(from: bytes) }
    }

    init(_ text: String) {
        var text = text
        self = text.withUTF8 { InlineText(UnsafeRawBufferPointer($0)) }
    }

    /// Whether the text is these UTF-8 bytes.
    func equals(_ literal: StaticString) -> Bool {
        let other = UnsafeRawBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
        if let long { return long.utf8.elementsEqual(other) }
        return withUnsafeBytes(of: words) { UnsafeRawBufferPointer(rebasing: $0[0..<count]).elementsEqual(other) }
    }

    /// Absorbs the text's UTF-8 bytes into `hasher`.
    func hash(into hasher: inout Hash128) {
        if var long {
            long.withUTF8 { hasher.combine(UnsafeRawBufferPointer($0)) }
            return
        }
        withUnsafeBytes(of: words) { hasher.combine(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
    }

    var string: String {
        if let long { return long }
        return withUnsafeBytes(of: words) { String(decoding: $0[0..<count], as: UTF8.self) }
    }
}
