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
