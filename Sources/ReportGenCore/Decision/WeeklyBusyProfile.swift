import Foundation

/// The usage log's busy GPU seconds of the reporting month by service, language, local weekday and local hour: what a
/// scheduled-hours lever keeps and loses.
///
/// Hours are the workspace's time zone (`time_zone`), as the service hours are declared. Request counts stand in
/// where no request carried `gpu_seconds`. A service the hourly log does not cover has no profile, and the lever is
/// not offered for it.
package struct WeeklyBusyProfile: Sendable, Hashable {
    /// Service id → language → 168 amounts, index (weekday − 1) × 24 + hour (weekday 1 = Monday).
    package var amounts: [String: [String: [Double]]] = [:]

    package init() {}

    /// - Parameter service: the ReportGen service of a usage-log service and endpoint, `nil` when none maps it.
    package init(
        usage: HourlyUsage, period: YearMonth, timeZone: TimeZone,
        service: (_ usageService: String, _ endpoint: String) -> String?
    ) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let hasBusyTime = usage.amounts.values.contains { $0.values.contains { $0.busySeconds > 0 } }
        var services = UsageServiceLookup()
        // The month's instants, an hour wider on each side: only the hours starting there need the calendar, which
        // still decides (a year of hours would take a calendar look-up each).
        let monthStart = calendar.date(from: DateComponents(year: period.year, month: period.month, day: 1))
        let following = period.adding(months: 1)
        let nextMonth = calendar.date(from: DateComponents(year: following.year, month: following.month, day: 1))
        let first = (monthStart?.timeIntervalSince1970 ?? -.infinity) - 3600
        let last = (nextMonth?.timeIntervalSince1970 ?? .infinity) + 3600
        let window = first..<last
        // Hours and keys in order: each slot sums several hours, and a dictionary's order changes with the process's
        // hash seed, which would change the last bits of the sums from one run to the next.
        let hours = usage.amounts.keys.filter { window.contains($0.startSeconds) }.sorted()
        for hour in hours {
            guard let keys = usage.amounts[hour] else { continue }
            let date = Date(timeIntervalSince1970: hour.startSeconds)
            let parts = calendar.dateComponents([.year, .month, .weekday, .hour], from: date)
            guard parts.year == period.year, parts.month == period.month, let weekday = parts.weekday,
                let local = parts.hour
            else { continue }
            // Foundation counts Sunday as 1.
            let slot = ((weekday + 5) % 7) * 24 + local
            for (key, amount) in keys.sorted(by: { $0.key < $1.key }) {
                guard let id = services.service(key.service, key.endpoint, match: service) else { continue }
                let value = hasBusyTime ? amount.busySeconds : Double(amount.requests)
                guard value > 0 else { continue }
                amounts[id, default: [:]][key.language, default: [Double](repeating: 0, count: 168)][slot] += value
            }
        }
    }

    /// The share of a service's work (per language, and over all its languages under `"*"`) inside the service
    /// hours; `nil` when the log has no work of the service.
    package func insideShares(service: String, hours: ServiceHours) -> [String: Double]? {
        guard let languages = amounts[service] else { return nil }
        var result: [String: Double] = [:]
        var inside = 0.0
        var total = 0.0
        for (language, slots) in languages.sorted(by: { $0.key < $1.key }) {
            var a = 0.0
            var b = 0.0
            for (slot, value) in slots.enumerated() {
                b += value
                if hours.contains(weekday: slot / 24 + 1, hour: slot % 24) { a += value }
            }
            if b > 0 { result[language] = a / b }
            inside += a
            total += b
        }
        guard total > 0 else { return nil }
        result["*"] = inside / total
        return result
    }
}
