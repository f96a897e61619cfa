import Foundation
import Testing

@testable import ReportGenCore

/// The busy profile reads only the hours around its month, and matches each usage-log service and endpoint once.
@Suite struct WeeklyBusyProfileTests {
    /// The profile as it was built before the month's window: every hour of the log asks the calendar, in order.
    static func referenceProfile(
        _ usage: HourlyUsage, period: YearMonth, timeZone: TimeZone
    ) -> [String: [String: [Double]]] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        var amounts: [String: [String: [Double]]] = [:]
        for hour in usage.amounts.keys.sorted() {
            let parts = calendar.dateComponents(
                [.year, .month, .weekday, .hour], from: Date(timeIntervalSince1970: hour.startSeconds))
            guard parts.year == period.year, parts.month == period.month, let weekday = parts.weekday,
                let local = parts.hour
            else { continue }
            let slot = ((weekday + 5) % 7) * 24 + local
            for (key, amount) in (usage.amounts[hour] ?? [:]).sorted(by: { $0.key < $1.key }) {
                amounts[key.service, default: [:]][key.language, default: [Double](repeating: 0, count: 168)][slot] +=
                    amount.busySeconds
            }
        }
        return amounts
    }

    @Test(arguments: [
        "Europe/Paris", "Asia/Kolkata", "Pacific/Chatham", "America/St_Johns", "America/Sao_Paulo", "UTC",
    ])
    func theMonthsWindowKeepsEveryHourTheCalendarPutsInTheMonth(zone: String) throws {
        let timeZone = try #require(TimeZone(identifier: zone))
        // One request of 1,800 s at the start of every UTC hour from 2024-09-01 to 2026-02-01, two services and two
        // languages taking turns: the months include DST changes (March and October in Europe, April and September
        // in Chatham, none in Kolkata), a year's end and half-hour and 45-minute offsets.
        var usage = HourlyUsage()
        let start = 1_725_148_800.0  // 2024-09-01T00:00:00Z
        for hour in 0..<(517 * 24) {
            usage.addRequest(
                startSeconds: start + Double(hour) * 3600, busySeconds: 1800,
                service: hour % 3 == 0 ? "generation" : "translation", endpoint: "/v1",
                language: hour % 2 == 0 ? "fr" : "en")
        }
        for period in [(2024, 10), (2024, 12), (2025, 1), (2025, 3), (2025, 4), (2025, 9), (2025, 10)] {
            let month = YearMonth(year: period.0, month: period.1)
            let profile = WeeklyBusyProfile(usage: usage, period: month, timeZone: timeZone) { service, _ in service }
            let expected = Self.referenceProfile(usage, period: month, timeZone: timeZone)
            #expect(profile.amounts == expected, "\(zone) \(month)")
            // Every local hour of the month holds one request's 1,800 s: a 31-day month has 744 of them, less one on
            // a spring-forward day, one more on a fall-back day.
            let total = profile.amounts.values.flatMap(\.values).flatMap { $0 }.reduce(0, +)
            #expect(total.truncatingRemainder(dividingBy: 1800) == 0 && total / 1800 >= 671 && total / 1800 <= 745)
        }
    }

    @Test func aServiceAndEndpointAreMatchedOnceButCanonicallyEquivalentSpellingsApart() {
        var lookup = UsageServiceLookup()
        var calls: [String] = []
        func match(_ service: String, _ endpoint: String) -> String? {
            calls.append(service)
            // A rule written in NFC, compared scalar by scalar as the glob rules are.
            return service.unicodeScalars.elementsEqual("café".unicodeScalars) ? "cafe-service" : nil
        }
        let nfd = "cafe\u{301}"
        #expect(lookup.service("café", "/v1", match: match) == "cafe-service")
        #expect(lookup.service("café", "/v1", match: match) == "cafe-service")
        // Equal as `String`s, but not the bytes the rule matched.
        #expect(nfd == "café")
        #expect(lookup.service(nfd, "/v1", match: match) == nil)
        #expect(lookup.service("café", "/v2", match: match) == "cafe-service")
        #expect(calls.count == 3)
    }
}
