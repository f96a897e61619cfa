/// A calendar month, the reporting grain of every figure in a pack.
package struct YearMonth: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    package var year: Int
    package var month: Int

    /// Parses `YYYY-MM`, `YYYY-MM-DD…` (ISO date or timestamp) or `YYYYMMDD` (Microsoft's `dateKey`).
    package init?(_ text: some StringProtocol) {
        let digits = Array(text.utf8.prefix(10))
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= digits.count else { return nil }
            var value = 0
            for byte in digits[range] {
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        if digits.count >= 7, digits[4] == UInt8(ascii: "-"), let y = number(0..<4), let m = number(5..<7) {
            self.init(year: y, month: m)
        } else if digits.count == 8, let y = number(0..<4), let m = number(4..<6), number(6..<8) != nil {
            self.init(year: y, month: m)
        } else {
            return nil
        }
        guard (1...12).contains(month), (1900...2200).contains(year) else { return nil }
    }

    package init(year: Int, month: Int) {
        self.year = year
        self.month = month
    }

    /// The month `count` months later (earlier when negative).
    package func adding(months count: Int) -> YearMonth {
        let index = year * 12 + (month - 1) + count
        return YearMonth(year: index / 12, month: index % 12 + 1)
    }

    /// Days in the month, leap years included (Gregorian calendar).
    package var dayCount: Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Whole months from `self` to `other`.
    package func months(to other: YearMonth) -> Int { (other.year - year) * 12 + (other.month - month) }

    package var description: String { "\(year)-\(month < 10 ? "0" : "")\(month)" }

    package static func < (a: YearMonth, b: YearMonth) -> Bool { (a.year, a.month) < (b.year, b.month) }

    package init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = YearMonth(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not YYYY-MM"))
        }
        self = value
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
