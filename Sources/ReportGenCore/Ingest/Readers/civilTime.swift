/// Parses `YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM|±HHMM)` to seconds since 1970 (UTC). A timestamp without an offset
/// is refused: the usage log must say which instant it means, and so is a date the calendar does not have
/// (`2025-02-31`) or a year outside 1900–2200.
func parseISO8601Seconds(_ text: String) -> Int? {
    var text = text
    return text.withUTF8 { parseISO8601Seconds(UnsafeRawBufferPointer($0)) }
}

/// ``parseISO8601Seconds(_:)`` over the bytes of the text, as the usage log's byte-level reader finds them.
func parseISO8601Seconds(_ bytes: UnsafeRawBufferPointer) -> Int? {
    guard bytes.count >= 20 else { return nil }
    func digits(_ start: Int, _ count: Int) -> Int? {
        guard start + count <= bytes.count else { return nil }
        var value = 0
        for offset in start..<start + count {
            let byte = bytes[offset]
            guard byte >= 48, byte <= 57 else { return nil }
            value = value * 10 + Int(byte - 48)
        }
        return value
    }
    guard let year = digits(0, 4), bytes[4] == 45, let month = digits(5, 2), bytes[7] == 45, let day = digits(8, 2),
        bytes[10] == 84 || bytes[10] == 32, let hour = digits(11, 2), bytes[13] == 58, let minute = digits(14, 2),
        bytes[16] == 58, let second = digits(17, 2), (1900...2200).contains(year), (1...12).contains(month),
        (1...daysIn(year: year, month: month)).contains(day), hour < 24,
        minute < 60, second < 61
    else { return nil }
    var index = 19
    if index < bytes.count, bytes[index] == 46 {
        index += 1
        while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 { index += 1 }
    }
    guard index < bytes.count else { return nil }
    var offset = 0
    if bytes[index] == 90 {
        guard index + 1 == bytes.count else { return nil }
    } else if bytes[index] == 43 || bytes[index] == 45 {
        let sign = bytes[index] == 43 ? 1 : -1
        guard let offsetHours = digits(index + 1, 2) else { return nil }
        var minutesStart = index + 3
        if minutesStart < bytes.count, bytes[minutesStart] == 58 { minutesStart += 1 }
        guard let offsetMinutes = digits(minutesStart, 2), minutesStart + 2 == bytes.count else { return nil }
        offset = sign * (offsetHours * 3600 + offsetMinutes * 60)
    } else {
        return nil
    }
    return daysFromCivil(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second - offset
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yearOfEra = y - era * 400
    let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146_097 + dayOfEra - 719_468
}

/// The calendar month containing a count of seconds since 1970 (already shifted to local time).
func civilMonth(fromEpochSeconds seconds: Int) -> YearMonth {
    let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
    let z = days + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let dayOfEra = z - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let mp = (5 * dayOfYear + 2) / 153
    let month = mp + (mp < 10 ? 3 : -9)
    return YearMonth(year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month: month)
}

extension Int {
    /// `self ÷ divisor` rounded towards −∞ (days before 1970 stay on their calendar day).
    func flooredQuotient(by divisor: Int) -> Int {
        let (quotient, remainder) = quotientAndRemainder(dividingBy: divisor)
        return remainder < 0 ? quotient - 1 : quotient
    }
}
