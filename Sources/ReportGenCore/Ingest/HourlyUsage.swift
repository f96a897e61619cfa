/// Busy GPU time and requests per UTC hour and usage-log key, read from a per-request usage log: the work measured
/// GPU energy is split by (``MeasuredEnergyAllocator``). A monthly rollup has no hours and adds nothing here.
///
/// A request is busy from its `timestamp` for its `gpu_seconds`, split over the UTC hours it spans; it counts as one
/// request in the hour it starts. Memory grows with hours × keys, not with requests.
package struct HourlyUsage: Sendable {
    /// The usage log's own names, before mapping to ReportGen services.
    struct Key: Sendable, Hashable, Comparable {
        var service: String
        var endpoint: String
        var language: String

        static func < (a: Key, b: Key) -> Bool {
            (a.service, a.endpoint, a.language) < (b.service, b.endpoint, b.language)
        }
    }

    /// What one key did in one hour. Units: seconds, requests.
    struct Amount: Sendable, Hashable {
        var busySeconds = 0.0
        var requests = 0
        /// Requests that carried `gpu_seconds`.
        var requestsWithBusyTime = 0

        /// Adds another amount, field by field.
        mutating func add(_ other: Amount) {
            busySeconds += other.busySeconds
            requests += other.requests
            requestsWithBusyTime += other.requestsWithBusyTime
        }
    }

    private(set) var amounts: [UTCHour: [Key: Amount]] = [:]

    package init() {}

    /// Whether no request was added.
    package var isEmpty: Bool { amounts.isEmpty }

    /// Adds one request started at `startSeconds` (seconds since 1970 UTC), busy for `busySeconds` when the log says.
    /// A start outside ``UTCHour/acceptedSeconds`` is ignored; a busy time that is not positive and finite counts the
    /// request without busy time.
    mutating func addRequest(
        startSeconds: Double, busySeconds: Double?, service: String, endpoint: String, language: String
    ) {
        guard let first = UTCHour(containing: startSeconds) else { return }
        let key = Key(service: service, endpoint: endpoint, language: language)
        amounts[first, default: [:]][key, default: Amount()].requests += 1
        guard let busySeconds, busySeconds.isFinite, busySeconds > 0 else { return }
        amounts[first, default: [:]][key, default: Amount()].requestsWithBusyTime += 1
        let end = startSeconds + busySeconds
        guard let last = UTCHour(containing: end) else { return }
        for hour in first...last {
            let overlap = min(end, hour.startSeconds + 3600) - max(startSeconds, hour.startSeconds)
            if overlap > 0 { amounts[hour, default: [:]][key, default: Amount()].busySeconds += overlap }
        }
    }

    /// Adds amounts already summed for one hour (the usage log's blocks sum their own hours), each to its key: the
    /// hour's table is looked up once and grown once.
    mutating func add(_ entries: some Collection<(key: Key, amount: Amount)>, hour: UTCHour) {
        var table = amounts.removeValue(forKey: hour) ?? [:]
        table.reserveCapacity(table.count + entries.count)
        for entry in entries { table[entry.key, default: Amount()].add(entry.amount) }
        amounts[hour] = table
    }

    /// Adds another file's hours.
    package mutating func merge(_ other: HourlyUsage) {
        // Into an empty table, the other is taken as it is: adding it entry by entry would hold two copies.
        guard !isEmpty else {
            self = other
            return
        }
        for (hour, keys) in other.amounts { add(keys.lazy.map { (key: $0.key, amount: $0.value) }, hour: hour) }
    }
}
