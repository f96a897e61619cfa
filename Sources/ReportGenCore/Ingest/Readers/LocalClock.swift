import Foundation

/// Reads zone-less local timestamps (`YYYY-MM-DDTHH:MM:SS[.ffffff]`, or with a space) in a time zone: the month is the
/// local one, and the UTC instant uses the zone's offset at that time (cached per local hour, so a file of a million
/// rows costs a few hundred zone look-ups).
package struct LocalClock {
    package let timeZone: TimeZone
    private var offsets: [Int: Int] = [:]

    package init(timeZone: TimeZone) { self.timeZone = timeZone }

    /// The local month and the UTC instant (seconds since 1970), or `nil` when the text is not a valid timestamp of
    /// the years 1900 to 2200 (a day that the month does not have, such as 02-31, is refused, not rolled over).
    package mutating func parse(_ text: String) -> (month: YearMonth, utcSeconds: Int)? {
        var text = text
        return text.withUTF8 { parse(bytes: UnsafeRawBufferPointer($0)) }
    }

    /// ``parse(_:)`` over the text's bytes: the first six runs between separators (`-`, `T`, space, `:`, `.`), each
    /// at most four characters, an optional `+` then digits.
    package mutating func parse(bytes: UnsafeRawBufferPointer) -> (month: YearMonth, utcSeconds: Int)? {
        var parts = (0, 0, 0, 0, 0, 0)
        var found = 0
        var index = 0
        let count = bytes.count
        while found < 6, index < count {
            let byte = bytes[index]
            if byte == 0x2D || byte == 0x54 || byte == 0x20 || byte == 0x3A || byte == 0x2E {
                index += 1
                continue
            }
            let start = index
            while index < count {
                let next = bytes[index]
                if next == 0x2D || next == 0x54 || next == 0x20 || next == 0x3A || next == 0x2E { break }
                index += 1
            }
            guard index - start <= 4 else { return nil }
            var digitsStart = start
            if bytes[start] == 0x2B { digitsStart += 1 }
            guard digitsStart < index else { return nil }
            var value = 0
            for offset in digitsStart..<index {
                guard bytes[offset] >= 0x30, bytes[offset] <= 0x39 else { return nil }
                value = value * 10 + Int(bytes[offset] - 0x30)
            }
            switch found {
            case 0: parts.0 = value
            case 1: parts.1 = value
            case 2: parts.2 = value
            case 3: parts.3 = value
            case 4: parts.4 = value
            default: parts.5 = value
            }
            found += 1
        }
        let (year, month, day, hour, minute, second) = parts
        guard found == 6, (1900...2200).contains(year), (1...12).contains(month),
            (1...daysIn(year: year, month: month)).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        let local = daysFromCivil(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second
        let key = local / 3600
        let offset: Int
        if let cached = offsets[key] {
            offset = cached
        } else {
            // The offset at the local time read as UTC, then at the UTC instant it gives: right except within the
            // hour of a change of offset.
            let first = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(local)))
            offset = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(local - first)))
            if offsets.count >= 100_000 { offsets.removeAll() }
            offsets[key] = offset
        }
        return (YearMonth(year: year, month: month), local - offset)
    }
}

/// The number of days of a month of the proleptic Gregorian calendar.
func daysIn(year: Int, month: Int) -> Int {
    switch month {
    case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
}
