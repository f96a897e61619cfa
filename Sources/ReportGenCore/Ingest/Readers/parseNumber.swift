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
