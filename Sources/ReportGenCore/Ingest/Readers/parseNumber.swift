import Foundation

/// Parses a number as exports write it: decimal point or (with `;`-delimited files) decimal comma, scientific
/// notation, a leading `$` (CCF's cost column), surrounding spaces. An empty field is `nil`.
/// - Returns: `.some(nil)` for an empty field, `nil` when the text is not a number.
func parseNumber(_ text: String, decimalComma: Bool = false) -> Double?? {
    var trimmed = Substring(text).drop { $0 == " " }
    while trimmed.last == " " { trimmed = trimmed.dropLast() }
    if trimmed.isEmpty { return .some(nil) }
    if trimmed.first == "$" { trimmed = trimmed.dropFirst() }
    var candidate = String(trimmed)
    if decimalComma { candidate = candidate.replacingOccurrences(of: ",", with: ".") }
    candidate = candidate.replacingOccurrences(of: "\u{202F}", with: "").replacingOccurrences(of: "\u{00A0}", with: "")
    guard let value = Double(candidate), value.isFinite else { return nil }
    return .some(value)
}

/// The largest magnitude ReportGen accepts for any quantity read from an input (kgCO2e, kWh, seconds, counts):
/// a thousand megatonnes, far above any real export and far below where sums or integer conversions overflow.
package let maximumInputQuantity = 1e12

/// Why a quantity read from an input cannot be used, or `nil` when it can: not finite, negative where only
/// non-negative values make sense (emissions, energy, durations, counts), or beyond ``maximumInputQuantity``.
package func quantityProblem(_ value: Double, allowsNegative: Bool = false) -> String? {
    guard value.isFinite else { return "a finite number" }
    if !allowsNegative, value < 0 { return "a number ≥ 0" }
    guard abs(value) <= maximumInputQuantity else { return "a number of at most 1e12" }
    return nil
}

/// Parses a JSON number's bytes (`-12.5`, `3e-4`): plain decimals of at most 15 significant digits are computed in
/// place, exactly as `Double(String)` rounds them (a mantissa below 2⁵³ divided by an exact power of ten is correctly
/// rounded); anything else goes through `Double(Substring)`.
/// - Returns: the value, or `nil` when the bytes are not a number.
package func parseJSONNumber(_ bytes: UnsafeRawBufferPointer) -> Double? {
    let (end, value) = scanJSONNumber(bytes, from: 0)
    return end == bytes.count ? value : Double(Substring(decoding: bytes, as: UTF8.self))
}

/// Reads the number starting at byte `start` in one pass: it runs up to the first byte that cannot be part of one
/// (anything but digits, `.`, `-`, `+`, `e`, `E`), and its value is what ``parseJSONNumber(_:)`` gives for those
/// bytes.
/// - Parameters:
///   - bytes: a line or a field.
///   - start: where the number starts.
/// - Returns: where it ends (`start` when no number byte is there), and its value, `nil` when those bytes are not a
///   number.
@inline(__always)
package func scanJSONNumber(_ bytes: UnsafeRawBufferPointer, from start: Int) -> (end: Int, value: Double?) {
    var index = start
    let count = bytes.count
    var isNegative = false
    if index < count, bytes[index] == 0x2D {
        isNegative = true
        index += 1
    }
    let digitsStart = index
    var mantissa: UInt64 = 0
    var digits = 0
    var fractionDigits = 0
    var seenPoint = false
    while index < count {
        let byte = bytes[index]
        let digit = byte &- 0x30
        if digit < 10 {
            if digits > 0 || digit != 0 { digits += 1 }
            mantissa = mantissa &* 10 &+ UInt64(digit)
            if seenPoint { fractionDigits += 1 }
        } else if byte == 0x2E, !seenPoint {
            seenPoint = true
        } else {
            break
        }
        index += 1
    }
    let plainEnd = index
    // An exponent, a sign inside or a second point: bytes of a number that the plain decimal above does not read.
    while index < count, isJSONNumberByte(bytes[index]) { index += 1 }
    let hasDigit = plainEnd > digitsStart + (seenPoint ? 1 : 0)
    if index == plainEnd, hasDigit, digits <= 15, fractionDigits <= 22 {
        let value = Double(mantissa) / exactPowersOfTen[fractionDigits]
        return (index, isNegative ? -value : value)
    }
    return (index, Double(Substring(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)))
}

/// Whether a byte can be part of a JSON number (a digit, `.`, `-`, `+`, `e` or `E`).
@inline(__always)
func isJSONNumberByte(_ byte: UInt8) -> Bool {
    switch byte {
    case 0x30...0x39, 0x2E, 0x2D, 0x2B, 0x65, 0x45: return true
    default: return false
    }
}

/// 10⁰ to 10²², every one exact in a `Double`.
private let exactPowersOfTen: [Double] = [
    1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20,
    1e21, 1e22,
]

/// ``parseNumber(_:decimalComma:)`` over a field's bytes: plain numbers (digits, `.`, `-`, `+`, `e`) are parsed in
/// place, anything else (a `$`, a decimal comma, no-break spaces) through the text version, so both agree.
func parseNumber(bytes: UnsafeRawBufferPointer, decimalComma: Bool = false) -> Double?? {
    var start = 0
    var end = bytes.count
    while start < end, bytes[start] == 0x20 { start += 1 }
    while end > start, bytes[end - 1] == 0x20 { end -= 1 }
    if start == end { return .some(nil) }
    let field = UnsafeRawBufferPointer(rebasing: bytes[start..<end])
    if field.contains(where: { !isJSONNumberByte($0) }) {
        return parseNumber(String(decoding: field, as: UTF8.self), decimalComma: decimalComma)
    }
    guard let value = parseJSONNumber(field), value.isFinite else { return nil }
    return .some(value)
}
