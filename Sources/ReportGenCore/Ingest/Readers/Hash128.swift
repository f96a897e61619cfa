/// A fast, non-cryptographic 128-bit hash over bytes, for telling records apart (the usage log's line identities):
/// two 64-bit lanes, each absorbing 16 bytes with a 64 × 64 → 128-bit multiply folded to 64 bits, as wyhash does.
/// Accidental collisions between n distinct inputs have a probability of about n² / 2¹²⁹; it is no defence against
/// an adversary who crafts collisions on purpose.
package struct Hash128: Sendable {
    private var a: UInt64 = 0x243F_6A88_85A3_08D3
    private var b: UInt64 = 0x1319_8A2E_0370_7344
    private var length: UInt64 = 0

    package init() {}

    private static func fold(_ x: UInt64, _ y: UInt64) -> UInt64 {
        let product = x.multipliedFullWidth(by: y)
        return product.high ^ product.low
    }

    private mutating func absorb(_ w0: UInt64, _ w1: UInt64) {
        a = Self.fold(a ^ w0 ^ 0xA409_3822_299F_31D0, w1 ^ 0x082E_FA98_EC4E_6C89)
        b = Self.fold(b ^ w1 ^ 0x4528_21E6_38D0_1377, w0 ^ 0xBE54_66CF_34E9_0C6C)
    }

    /// Absorbs `bytes`. Several calls hash like one call over the concatenation only at 16-byte boundaries: callers
    /// that hash several fields put a separator between them.
    package mutating func combine(_ bytes: UnsafeRawBufferPointer) {
        var index = 0
        let count = bytes.count
        while index + 16 <= count {
            absorb(
                bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self).littleEndian,
                bytes.loadUnaligned(fromByteOffset: index + 8, as: UInt64.self).littleEndian)
            index += 16
        }
        if index < count {
            var words: (UInt64, UInt64) = (0, 0)
            withUnsafeMutableBytes(of: &words) { raw in
                raw.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[index..<count]))
            }
            absorb(words.0.littleEndian ^ UInt64(count - index) << 56, words.1.littleEndian)
        }
        length &+= UInt64(count)
        absorb(length, 0x9E37_79B9_7F4A_7C15)
    }

    /// Absorbs one integer (8 bytes).
    package mutating func combine(_ value: Int64) {
        absorb(UInt64(bitPattern: value), 0xC2B2_AE3D_27D4_EB4F)
    }

    /// The 128 bits, as two words.
    package func finalize() -> (high: UInt64, low: UInt64) {
        let high = Self.fold(a ^ 0xE703_7ED1_A0B4_28DB, b ^ length ^ 0x8EBC_6AF0_9C88_C6E3)
        let low = Self.fold(b ^ 0x5899_65CC_7537_4CC3, a ^ 0x1D8E_4E27_C47D_124F)
        return (high, low)
    }
}
