/// The ReportGen service of each usage-log service and endpoint, matched once per pair: a year of a log's hours
/// repeats the same few pairs tens of thousands of times, and each match runs the services' glob rules.
struct UsageServiceLookup {
    private struct Pair: Hashable {
        var service: String
        var endpoint: String
    }

    private var known: [Pair: String?] = [:]

    /// What `match` gives for the pair, called at the pair's first look-up only (pass the same `match` every time).
    /// - Parameter match: the ReportGen service of a usage-log service and endpoint, `nil` when none maps it.
    mutating func service(
        _ usageService: String, _ endpoint: String, match: (_ usageService: String, _ endpoint: String) -> String?
    ) -> String? {
        let pair = Pair(service: usageService, endpoint: endpoint)
        if let found = known[pair] { return found }
        let found = match(usageService, endpoint)
        known[pair] = found
        return found
    }
}
