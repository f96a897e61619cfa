/// The ReportGen service of each usage-log service and endpoint, matched once per pair: a year of a log's hours
/// repeats the same few pairs tens of thousands of times, and each match runs the services' glob rules.
struct UsageServiceLookup {
    /// A usage-log service and endpoint, compared and hashed as UTF-8 bytes, as the glob rules match them: two
    /// canonically equivalent spellings (NFC and NFD) are equal `String`s but may match different rules.
    struct Pair: Hashable {
        var service: String
        var endpoint: String

        static func == (a: Pair, b: Pair) -> Bool {
            a.service.utf8.elementsEqual(b.service.utf8) && a.endpoint.utf8.elementsEqual(b.endpoint.utf8)
        }

        func hash(into hasher: inout Hasher) {
            for byte in service.utf8 { hasher.combine(byte) }
            hasher.combine(0xFF as UInt8)
            for byte in endpoint.utf8 { hasher.combine(byte) }
        }
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
