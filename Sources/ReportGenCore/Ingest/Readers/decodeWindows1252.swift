/// Decodes bytes as Windows-1252 (the code page of French and English Windows, in which CodeCarbon 1.x on Windows
/// wrote `Île-de-France`), or `nil` when a byte is one of the five the code page leaves undefined.
///
/// 0x80–0x9F follow the WHATWG encoding standard's table; every other byte is the Unicode scalar of the same value.
package func decodeWindows1252(_ bytes: some Collection<UInt8>) -> String? {
    var scalars = String.UnicodeScalarView()
    for byte in bytes {
        if byte >= 0x80, byte <= 0x9F {
            let value = windows1252High[Int(byte - 0x80)]
            guard value != 0, let scalar = Unicode.Scalar(value) else { return nil }
            scalars.append(scalar)
        } else {
            scalars.append(Unicode.Scalar(byte))
        }
    }
    return String(scalars)
}

/// 0x80…0x9F of Windows-1252; 0 where the code page defines nothing (0x81, 0x8D, 0x8F, 0x90, 0x9D).
private let windows1252High: [UInt32] = [
    0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
    0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E,
    0x0178,
]
