import Foundation

/// Formats numbers and dates for people, in one report language, without depending on the machine's locale.
///
/// The symbols follow CLDR for each language:
/// - French: `1 234,5` (narrow no-break space U+202F groups thousands, decimal comma), `12,8 %` (U+202F before
///   `%`), `29 novembre 2026`, abbreviated months `janv.`, `févr.`, `avr.`…
/// - English: `1,234.5`, `12.8%`, `29 November 2026`, `Jan`, `Feb`…
/// - Spanish: `12.345,6` (a point groups thousands from five digits on, CLDR's minimum grouping of 2, so `1234,5`),
///   `12,8 %` (no-break space U+00A0), `29 de noviembre de 2026`, `ene`, `feb`…
/// - Arabic: Western digits `1,234.5` and `12.8%`, as CLDR's `latn` numbering system for Arabic and as Arabic
///   business dashboards and spreadsheets show figures; a negative number starts with a left-to-right mark so that
///   its minus sign stays on its left in right-to-left text. Months are CLDR's Gregorian names (`مارس 2025`).
///
/// Negative numbers take the typographic minus U+2212. The same input always gives the same bytes.
public struct NumberFormat: Sendable {
    /// The language whose conventions apply.
    public let language: ReportLanguage

    /// A formatter for `language`.
    public init(language: ReportLanguage) { self.language = language }

    /// The thousands separator.
    public var groupingSeparator: String {
        switch language {
        case .fr: return "\u{202F}"
        case .en, .ar: return ","
        case .es: return "."
        }
    }

    /// The decimal separator.
    public var decimalSeparator: String {
        switch language {
        case .fr, .es: return ","
        case .en, .ar: return "."
        }
    }

    /// The smallest count of integer digits that gets grouped: 5 in Spanish (CLDR `minimumGroupingDigits` 2), else 4.
    private var minimumGroupedDigits: Int { language == .es ? 5 : 4 }

    private var minusSign: String { language == .ar ? "\u{200E}−" : "−" }

    /// A number with a fixed count of decimals, grouped by thousands; `–` for NaN and infinities.
    /// - Parameters:
    ///   - value: the number.
    ///   - fractionDigits: decimals shown, rounded half away from zero.
    public func decimal(_ value: Double, fractionDigits: Int) -> String {
        guard value.isFinite else { return "–" }
        let scale = pow(10, Double(fractionDigits))
        let rounded = (value * scale).rounded() / scale
        let negative = rounded < 0 && rounded != 0
        let (integer, fraction) = Self.fixedDigits(abs(rounded), fractionDigits: fractionDigits)
        var grouped = ""
        let separator = groupingSeparator
        let groups = integer.utf8.count >= minimumGroupedDigits
        for (index, digit) in integer.utf8.enumerated() {
            if groups, index > 0, (integer.utf8.count - index) % 3 == 0 { grouped += separator }
            grouped.unicodeScalars.append(Unicode.Scalar(digit))
        }
        if let fraction { grouped += decimalSeparator + fraction }
        return (negative ? minusSign : "") + grouped
    }

    /// The ASCII digits `String(format: "%.<fractionDigits>f", magnitude)` writes, before and after the point
    /// (`nil` after it for no decimals).
    ///
    /// For a magnitude already rounded to `fractionDigits` decimals and below 10^15 once scaled, they are the
    /// digits of the scaled integer: the `Double` nearest a decimal of at most 15 digits prints back as that decimal.
    /// Other magnitudes go through `String(format:)` itself.
    static func fixedDigits(_ magnitude: Double, fractionDigits: Int) -> (integer: String, fraction: String?) {
        let scale = pow(10, Double(fractionDigits))
        let scaled = (magnitude * scale).rounded()
        guard (0...9).contains(fractionDigits), magnitude >= 0, scaled < 1e15, scaled / scale == magnitude else {
            let text = String(format: "%.\(fractionDigits)f", magnitude)
            let parts = text.split(separator: ".", maxSplits: 1)
            return (String(parts.first ?? "0"), parts.count > 1 ? String(parts[1]) : nil)
        }
        let units = Int(scaled)
        let divisor = Int(scale)
        let integer = String(units / divisor)
        guard fractionDigits > 0 else { return (integer, nil) }
        let fraction = String(units % divisor)
        return (integer, String(repeating: "0", count: fractionDigits - fraction.utf8.count) + fraction)
    }

    /// A number with about three significant figures (at most 6 decimals), for kgCO2e and kWh.
    public func significant(_ value: Double) -> String {
        decimal(value, fractionDigits: Self.significantDigits(value))
    }

    /// The decimals ``significant(_:)`` shows for a value: 0 from 100 on, 1 from 10, 2 from 1, then enough for three
    /// significant figures (at most 6).
    public static func significantDigits(_ value: Double) -> Int {
        let magnitude = abs(value)
        guard magnitude.isFinite else { return 0 }
        switch magnitude {
        case 0: return 0
        case ..<1: return min(6, 2 - Int(floor(log10(magnitude))))
        case ..<10: return 2
        case ..<100: return 1
        default: return 0
        }
    }

    /// A percentage from a ratio: 0.123 → `12,3 %` (fr), `12.3%` (en, ar), `12,3 %` (es).
    public func percent(_ ratio: Double, fractionDigits: Int = 1) -> String {
        percentSign(decimal(ratio * 100, fractionDigits: fractionDigits))
    }

    /// A number already formatted, followed by the percent sign with the language's spacing.
    public func percentSign(_ number: String) -> String {
        switch language {
        case .fr: return number + "\u{202F}%"
        case .es: return number + "\u{00A0}%"
        case .en, .ar: return number + "%"
        }
    }

    /// The plus sign of a change; in Arabic after a left-to-right mark, so that it stays left of its number.
    private var plusSign: String { language == .ar ? "\u{200E}+" : "+" }

    /// A signed percentage change: `+12.3%` or `−4.0%`.
    public func signedPercent(_ ratio: Double) -> String {
        (ratio * 1000).rounded() > 0 ? plusSign + percent(ratio) : percent(ratio)
    }

    /// A signed number: `+1,5` or `−1,5`, for gaps.
    public func signedSignificant(_ value: Double) -> String {
        value > 0 && significant(value) != "0" ? plusSign + significant(value) : significant(value)
    }

    /// Rewrites the plain decimal numbers of a text built elsewhere (`0.861`, `1.2`, `-3`) in this language's
    /// symbols, keeping their count of decimals; digits that are part of a word or an identifier (`v3`, `3.3B`,
    /// `2025-03`) are left alone.
    public func localisingNumbers(in text: String) -> String {
        // A text without an ASCII digit has no number to rewrite: one pass over its bytes says so.
        guard language != .en, text.utf8.contains(where: { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
        else { return text }
        let characters = Array(text)
        var output = ""
        var index = 0
        func isWordCharacter(_ c: Character?) -> Bool {
            guard let c else { return false }
            return c.isLetter || c == "_" || c == "-" || c == "/"
        }
        while index < characters.count {
            let character = characters[index]
            let previous = index > 0 ? characters[index - 1] : nil
            // A minus sign after a space or an opening bracket (`-0.37`, not `2025-03` or `nllb-200`) is a sign.
            let before = index > 1 ? characters[index - 2] : nil
            let isSign = previous == "-" && !(before?.isASCIIDigit ?? false) && !isWordCharacter(before)
            if character.isASCIIDigit, !(previous?.isASCIIDigit ?? false), previous != ".", previous != ",",
                isSign || !isWordCharacter(previous)
            {
                var end = index
                while end < characters.count, characters[end].isASCIIDigit { end += 1 }
                var fraction = ""
                if end + 1 < characters.count, characters[end] == ".", characters[end + 1].isASCIIDigit {
                    var fractionEnd = end + 1
                    while fractionEnd < characters.count, characters[fractionEnd].isASCIIDigit { fractionEnd += 1 }
                    fraction = String(characters[(end + 1)..<fractionEnd])
                    end = fractionEnd
                }
                let next = end < characters.count ? characters[end] : nil
                let integer = String(characters[index..<end].prefix { $0.isASCIIDigit })
                let continues =
                    (next == "." || next == ",") && end + 1 < characters.count && characters[end + 1].isASCIIDigit
                if isWordCharacter(next) || continues {
                    output += String(characters[index..<end])
                } else if let value = Double(integer + (fraction.isEmpty ? "" : "." + fraction)) {
                    output += decimal(value, fractionDigits: fraction.count)
                } else {
                    output += String(characters[index..<end])
                }
                index = end
                continue
            }
            output.append(character)
            index += 1
        }
        return output
    }

    private static let monthsFR = [
        "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre",
        "décembre",
    ]
    private static let shortMonthsFR = [
        "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc.",
    ]
    private static let monthsEN = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
        "December",
    ]
    private static let shortMonthsEN = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]
    private static let monthsES = [
        "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre",
        "diciembre",
    ]
    private static let shortMonthsES = [
        "ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic",
    ]
    /// CLDR's Gregorian month names for Arabic (`ar`), whose abbreviated forms are the same words.
    private static let monthsAR = [
        "يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر",
    ]

    /// The CLDR name of month 1…12 (stand-alone wide form, lower case in French and Spanish).
    public func monthName(_ month: Int) -> String {
        let index = max(1, min(12, month)) - 1
        switch language {
        case .fr: return Self.monthsFR[index]
        case .en: return Self.monthsEN[index]
        case .es: return Self.monthsES[index]
        case .ar: return Self.monthsAR[index]
        }
    }

    /// The CLDR abbreviation of month 1…12: `avr.`, `Apr`, `abr`, `أبريل`.
    public func shortMonthName(_ month: Int) -> String {
        let index = max(1, min(12, month)) - 1
        switch language {
        case .fr: return Self.shortMonthsFR[index]
        case .en: return Self.shortMonthsEN[index]
        case .es: return Self.shortMonthsES[index]
        case .ar: return Self.monthsAR[index]
        }
    }

    /// A day: `29 novembre 2026`, `29 November 2026`, `29 de noviembre de 2026`, `29 نوفمبر 2026`.
    public func date(year: Int, month: Int, day: Int) -> String {
        language == .es
            ? "\(day) de \(monthName(month)) de \(year)" : "\(day) \(monthName(month)) \(year)"
    }

    /// A month: `mars 2025`, `March 2025`, `marzo de 2025`, `مارس 2025`.
    public func month(year: Int, month: Int) -> String {
        language == .es ? "\(monthName(month)) de \(year)" : "\(monthName(month)) \(year)"
    }

    /// A short month label for chart axes and table headers: `mars 25`, `avr. 25`, `Mar 25`, `abr 25`.
    public func shortMonth(year: Int, month: Int) -> String {
        "\(shortMonthName(month))\u{00A0}\(String(year % 100).leftPadded(to: 2))"
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
