import Foundation

/// Formats numbers and dates for people, in one report language, without depending on the machine's locale.
///
/// French: `1 234,5` (narrow no-break space as the thousands separator, decimal comma) and `29 novembre 2026`.
/// English: `1,234.5` and `29 November 2026`. The same input always gives the same bytes.
public struct NumberFormat: Sendable {
    public let language: ReportLanguage

    public init(language: ReportLanguage) { self.language = language }

    /// A number with a fixed count of decimals, grouped by thousands.
    public func decimal(_ value: Double, fractionDigits: Int) -> String {
        guard value.isFinite else { return "–" }
        let rounded = (value * pow(10, Double(fractionDigits))).rounded() / pow(10, Double(fractionDigits))
        let negative = rounded < 0 && rounded != 0
        let text = String(format: "%.\(fractionDigits)f", abs(rounded))
        let parts = text.split(separator: ".", maxSplits: 1)
        let integer = String(parts[0])
        var grouped = ""
        for (index, character) in integer.enumerated() {
            if index > 0, (integer.count - index) % 3 == 0 { grouped += language == .fr ? "\u{202F}" : "," }
            grouped.append(character)
        }
        if parts.count > 1 { grouped += (language == .fr ? "," : ".") + parts[1] }
        return (negative ? "−" : "") + grouped
    }

    /// A number with about three significant figures (at most 6 decimals), for kgCO2e and kWh.
    public func significant(_ value: Double) -> String {
        let magnitude = abs(value)
        let digits: Int
        switch magnitude {
        case 0: digits = 0
        case ..<1: digits = min(6, 2 - Int(floor(log10(magnitude))))
        case ..<10: digits = 2
        case ..<100: digits = 1
        default: digits = 0
        }
        return decimal(value, fractionDigits: digits)
    }

    /// A percentage from a ratio (0.123 → `12,3 %` in French, `12.3%` in English).
    public func percent(_ ratio: Double, fractionDigits: Int = 1) -> String {
        let number = decimal(ratio * 100, fractionDigits: fractionDigits)
        return language == .fr ? number + "\u{202F}%" : number + "%"
    }

    /// A signed percentage change, `+12.3%` or `−4.0%`.
    public func signedPercent(_ ratio: Double) -> String {
        (ratio > 0 ? "+" : "") + percent(ratio)
    }

    private static let monthsFR = [
        "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre",
        "décembre",
    ]
    private static let monthsEN = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
        "December",
    ]

    /// The name of month 1…12.
    public func monthName(_ month: Int) -> String {
        let names = language == .fr ? Self.monthsFR : Self.monthsEN
        return names[max(1, min(12, month)) - 1]
    }

    /// `29 novembre 2026` or `29 November 2026`.
    public func date(year: Int, month: Int, day: Int) -> String {
        "\(day) \(monthName(month)) \(year)"
    }

    /// `mars 2025` or `March 2025`.
    public func month(year: Int, month: Int) -> String {
        "\(monthName(month)) \(year)"
    }

    /// A short month label for chart axes: `mars 25`, `Mar 25`.
    public func shortMonth(year: Int, month: Int) -> String {
        let name = monthName(month)
        let short =
            language == .fr ? String(name.prefix(4)).replacingOccurrences(of: "é", with: "é") : String(name.prefix(3))
        return "\(short) \(String(year % 100).leftPadded(to: 2))"
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
