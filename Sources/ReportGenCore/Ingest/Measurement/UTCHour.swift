import Foundation

/// One hour of UTC time, the bucket measured energy is summed in. Hours are counted from 1970-01-01T00:00Z, so the
/// key does not depend on a time zone; a month in the workspace's zone is a range of them (``hours(of:in:)``).
struct UTCHour: Sendable, Hashable, Comparable, Strideable, CustomStringConvertible {
    /// Whole hours since 1970-01-01T00:00Z.
    var hoursSinceEpoch: Int

    /// The earliest and latest instants accepted as measurement times: 2000-01-01 and 2200-01-01 UTC. Keeps
    /// conversions to `Int` away from hostile values (1e300 seconds) and flags millisecond/second mix-ups.
    static let acceptedSeconds: Range<Double> = 946_684_800..<7_258_118_400

    init(hoursSinceEpoch: Int) { self.hoursSinceEpoch = hoursSinceEpoch }

    /// The hour containing an instant, `nil` when the instant is not finite or outside ``acceptedSeconds``.
    init?(containing seconds: Double) {
        guard Self.acceptedSeconds.contains(seconds) else { return nil }
        self.init(hoursSinceEpoch: Int((seconds / 3600).rounded(.down)))
    }

    /// The hour's first second, seconds since 1970.
    var startSeconds: Double { Double(hoursSinceEpoch) * 3600 }

    func advanced(by n: Int) -> UTCHour { UTCHour(hoursSinceEpoch: hoursSinceEpoch + n) }

    func distance(to other: UTCHour) -> Int { other.hoursSinceEpoch - hoursSinceEpoch }

    static func < (a: UTCHour, b: UTCHour) -> Bool { a.hoursSinceEpoch < b.hoursSinceEpoch }

    /// `2025-03-10T09:00Z`.
    var description: String { String(utcTimestampText(startSeconds).dropLast(4)) + "Z" }

    /// The calendar month, in `timeZone`, of the hour's first second.
    func month(in timeZone: TimeZone) -> YearMonth {
        let start = hoursSinceEpoch * 3600
        let offset = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(start)))
        return civilMonth(fromEpochSeconds: start + offset)
    }

    /// The hours whose first second falls in `month` as lived in `timeZone`: 743 for March 2025 in Europe/Paris
    /// (31 × 24, less the hour skipped on 30 March). In a zone offset by a fraction of an hour, the hour straddling
    /// local midnight belongs to the month it starts in.
    static func hours(of month: YearMonth, in timeZone: TimeZone) -> Range<UTCHour> {
        func start(of month: YearMonth) -> Int {
            let local = daysFromCivil(year: month.year, month: month.month, day: 1) * 86_400
            let first = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(local)))
            return local - timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(local - first)))
        }
        func firstHour(atOrAfter seconds: Int) -> UTCHour {
            UTCHour(hoursSinceEpoch: Int((Double(seconds) / 3600).rounded(.up)))
        }
        return firstHour(atOrAfter: start(of: month))..<firstHour(atOrAfter: start(of: month.adding(months: 1)))
    }
}

/// `2025-03-10T09:30:15Z`, with milliseconds when the instant has them (`…:15.250Z`). For messages.
func utcTimestampText(_ seconds: Double) -> String {
    guard seconds.isFinite, abs(seconds) < 1e12 else { return "\(seconds) s" }
    let milliseconds = Int((seconds * 1000).rounded())
    let whole = milliseconds >= 0 ? milliseconds / 1000 : (milliseconds - 999) / 1000
    let fraction = milliseconds - whole * 1000
    let days = whole >= 0 ? whole / 86_400 : (whole - 86_399) / 86_400
    let secondOfDay = whole - days * 86_400
    // Civil date from days (Howard Hinnant's algorithm, the inverse of daysFromCivil).
    let z = days + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let dayOfEra = z - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let mp = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * mp + 2) / 5 + 1
    let month = mp + (mp < 10 ? 3 : -9)
    let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    var text = String(
        format: "%04d-%02d-%02dT%02d:%02d:%02d", year, month, day, secondOfDay / 3600, secondOfDay / 60 % 60,
        secondOfDay % 60)
    if fraction != 0 { text += String(format: ".%03d", fraction) }
    return text + "Z"
}
