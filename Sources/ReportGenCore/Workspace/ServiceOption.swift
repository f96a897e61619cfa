/// How a service runs in a plan: as today, with levers (a variant of the carbon model), or not at all.
///
/// Options are exclusive per service. An option combines at most one work lever (smaller model, quantisation,
/// region move) with at most one capacity lever (scale to zero, minimum replicas, scheduled hours, or co-location on
/// another service's GPU).
package struct ServiceOption: Sendable, Hashable, Codable {
    /// One change to how a service runs.
    package enum Lever: String, Sendable, Hashable, Codable, CaseIterable {
        /// Reserved hours follow busy hours × (1 + `decisions.scale_to_zero_margin`) instead of 730 h a VM.
        case scaleToZero = "scale_to_zero"
        /// An autoscaler with a floor: max(replicas × the month's hours, busy × (1 + margin)) reserved hours.
        case minReplicas = "min_replicas"
        /// GPUs on only during the declared service hours; the work outside them is lost.
        case scheduledHours = "scheduled_hours"
        /// The service's model runs on another service's GPU: no VM of its own.
        case coLocation = "co_location"
        /// A smaller model of the same family (energy per unit from its own reference factor).
        case smallerModel = "smaller_model"
        /// Energy and busy time × the quantised ÷ full-precision real-time factor.
        case quantisation
        /// The service moves to another Azure region (its grid factor and PUE).
        case regionMove = "region_move"
        /// The service is switched off: no VM, no file.
        case drop

        /// Whether the lever changes the reserved capacity rather than the work.
        package var isCapacity: Bool { [.scaleToZero, .minReplicas, .scheduledHours, .coLocation].contains(self) }
    }

    /// The levers applied: the work lever first, then the capacity lever; empty for "as today".
    package var levers: [Lever] = []
    /// The model after a `smallerModel` lever.
    package var model: String?
    /// The region after a `regionMove` lever (or the host's region under co-location).
    package var region: String?
    /// Energy and busy-time multiplier of a `quantisation` lever (1 otherwise).
    package var energyScale = 1.0
    /// The floor of a `minReplicas` lever, in VMs.
    package var minReplicas: Int?
    /// The service hours of a `scheduledHours` lever.
    package var schedule: ServiceHours?
    /// Under `scheduledHours`: language → share of the work inside the service hours (the usage log's busy time);
    /// a language not listed keeps its whole volume.
    package var keptShares: [String: Double] = [:]
    /// Under `coLocation`: the service whose GPU this one runs on.
    package var host: String?
    /// What changes, in words: `whisper-large-v3 → whisper-large-v3-turbo; 730 h → 1.5 × busy h`.
    package var detail = ""

    /// The service as it runs today.
    package static let asIs = ServiceOption()
    /// The service switched off.
    package static let dropped = ServiceOption(levers: [.drop], detail: "off")

    /// `as_is`, `drop`, or the levers joined by `+`: `smaller_model+scale_to_zero`.
    package var id: String { levers.isEmpty ? "as_is" : levers.map(\.rawValue).joined(separator: "+") }
    package var isAsIs: Bool { levers.isEmpty }
    package var isDropped: Bool { levers.contains(.drop) }
    package var scalesToZero: Bool { levers.contains(.scaleToZero) }
    /// Whether the option changes the reserved capacity (so a second capacity lever cannot join it).
    package var hasCapacityLever: Bool { levers.contains { $0.isCapacity } }

    /// The share of a language's work kept by the option's service hours (1 without them).
    package func keptShare(_ language: String) -> Double {
        levers.contains(.scheduledHours) ? keptShares[language] ?? 1 : 1
    }
}

/// Declared service hours: the days of the week and the local hours the GPUs run, in the workspace's time zone.
package struct ServiceHours: Sendable, Hashable, Codable {
    /// ISO weekdays, 1 = Monday … 7 = Sunday.
    package var days: Set<Int>
    /// From this local hour (0…23) to this one (1…24), exclusive.
    package var fromHour: Int
    package var toHour: Int

    package init(days: Set<Int>, fromHour: Int, toHour: Int) {
        self.days = days
        self.fromHour = fromHour
        self.toHour = toHour
    }

    /// Hours a day the GPUs run.
    package var hoursPerDay: Int { max(0, toHour - fromHour) }

    /// Whether a local weekday (1 = Monday) and hour (0…23) fall inside the service hours.
    package func contains(weekday: Int, hour: Int) -> Bool {
        days.contains(weekday) && hour >= fromHour && hour < toHour
    }

    /// Reserved hours a VM runs in a month: its days in the service's weekdays × the hours a day (a working-day
    /// schedule of 08:00–20:00 gives 21 × 12 = 252 h in March 2025, against 744 h always on).
    package func hours(in month: YearMonth) -> Double {
        let first = isoWeekday(year: month.year, month: month.month, day: 1)
        var count = 0
        for day in 0..<month.dayCount where days.contains((first - 1 + day) % 7 + 1) { count += 1 }
        return Double(count * hoursPerDay)
    }

    /// `Mon–Fri 8–20 h`: the words a lever's detail shows.
    package var text: String {
        let names = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        let sorted = days.sorted()
        let isRun = sorted.count > 2 && sorted.last.map { $0 - (sorted.first ?? 0) + 1 == sorted.count } == true
        let dayText =
            isRun
            ? "\(names[(sorted.first ?? 1) - 1])–\(names[(sorted.last ?? 1) - 1])"
            : sorted.map { names[$0 - 1] }.joined(separator: ",")
        // Whole hours as plain numbers, so the report's number format localises them.
        return "\(dayText) \(fromHour)–\(toHour) h"
    }
}

/// The ISO weekday (1 = Monday … 7 = Sunday) of a Gregorian date, by Sakamoto's method.
func isoWeekday(year: Int, month: Int, day: Int) -> Int {
    let offsets = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4]
    let y = month < 3 ? year - 1 : year
    let sunday0 = (y + y / 4 - y / 100 + y / 400 + offsets[month - 1] + day) % 7
    return sunday0 == 0 ? 7 : sunday0
}
