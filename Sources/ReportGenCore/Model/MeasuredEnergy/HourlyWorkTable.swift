/// How much work each service did in each language in each UTC hour: the key measured GPU energy is split by.
///
/// The preferred basis is busy GPU seconds (the usage log's `gpu_seconds`, spread over the hours each request
/// spans); where they are missing, request counts stand in, and the allocation says so.
struct HourlyWorkTable: Sendable, Equatable {
    /// What the amounts count.
    enum Basis: String, Sendable, Hashable {
        /// Seconds a GPU was busy on the service's requests.
        case busySeconds = "busy-gpu-seconds"
        /// Requests: no duration, so an hour with any request counts as wholly busy.
        case requestCount = "requests"
    }

    let basis: Basis
    /// Hour → service → language → amount (seconds or requests).
    private(set) var amounts: [UTCHour: [String: [String: Double]]] = [:]

    init(basis: Basis) { self.basis = basis }

    /// Adds work; a negative, NaN or infinite amount is ignored (the usage importer reports those).
    mutating func add(hour: UTCHour, service: String, language: String, amount: Double) {
        guard amount.isFinite, amount > 0 else { return }
        amounts[hour, default: [:]][service, default: [:]][language, default: 0] += amount
    }

    /// Adds one request's busy time, from `startSeconds` for `busySeconds`, split over the UTC hours it spans: the
    /// rule the usage log's per-request `gpu_seconds` (counted from the request's `timestamp`) becomes hourly work
    /// by. Ignored when the start is not an accepted time (``UTCHour/acceptedSeconds``) or the duration is not
    /// positive and finite.
    /// - Precondition: the table's basis is ``Basis/busySeconds``.
    mutating func addBusyInterval(startSeconds: Double, busySeconds: Double, service: String, language: String) {
        precondition(basis == .busySeconds, "busy intervals go in a busy-seconds table")
        let end = startSeconds + busySeconds
        guard busySeconds.isFinite, busySeconds > 0, let first = UTCHour(containing: startSeconds),
            let last = UTCHour(containing: end)
        else { return }
        for hour in first...last {
            let overlap = min(end, hour.startSeconds + 3600) - max(startSeconds, hour.startSeconds)
            if overlap > 0 { add(hour: hour, service: service, language: language, amount: overlap) }
        }
    }

    /// The work of one service in one hour, per language.
    func work(hour: UTCHour, service: String) -> [String: Double] { amounts[hour]?[service] ?? [:] }

    /// Every service with work in some hour, sorted. O(hours × services): read it once, not once an hour.
    var services: [String] { Set(amounts.values.flatMap(\.keys)).sorted() }
}

extension HourlyWorkTable {
    /// The work per hour, ReportGen service and language over `hours`, from the usage logs' hours: busy seconds when
    /// any mapped request there carried `gpu_seconds`, request counts otherwise.
    /// - Parameter service: the ReportGen service of a usage-log service and endpoint, `nil` when none maps it.
    init(usage: HourlyUsage, hours: Range<UTCHour>, service: (_ usageService: String, _ endpoint: String) -> String?) {
        var mapped: [(hour: UTCHour, service: String, language: String, amount: HourlyUsage.Amount)] = []
        var services = UsageServiceLookup()
        for hour in hours {
            for (key, amount) in (usage.amounts[hour] ?? [:]).sorted(by: { $0.key < $1.key }) {
                guard let id = services.service(key.service, key.endpoint, match: service) else { continue }
                mapped.append((hour, id, key.language, amount))
            }
        }
        let hasBusyTime = mapped.contains { $0.amount.busySeconds > 0 }
        self.init(basis: hasBusyTime ? .busySeconds : .requestCount)
        for item in mapped {
            add(
                hour: item.hour, service: item.service, language: item.language,
                amount: hasBusyTime ? item.amount.busySeconds : Double(item.amount.requests))
        }
    }
}
