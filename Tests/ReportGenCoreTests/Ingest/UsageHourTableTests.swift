import Testing

@testable import ReportGenCore

/// The usage log's table of hours × triples: every key keeps its own sum through the table's growth.
@Suite struct UsageHourTableTests {
    @Test func everyKeyKeepsItsSumThroughGrowth() {
        var table = UsageHourTable()
        // 3,000 keys (hours 0–999 before and after 1970 for triple 5, and hours 0–999 for triple 6), each given
        // 1.5 s and then 2.25 s of busy time in one request each: 3.75 s and 2 requests a key, 6,000 requests.
        var keys: [Int] = []
        for hour in 0..<1_000 {
            let before: Int = -hour - 1
            keys += [hour << 17 | 5, before << 17 | 5, hour << 17 | 6]
        }
        for busy in [1.5, 2.25] {
            for key in keys {
                table.add(HourlyUsage.Amount(busySeconds: busy, requests: 1, requestsWithBusyTime: 1), to: key)
            }
        }
        #expect(table.count == 3_000)
        var requests = 0
        var seen = Set<Int>()
        table.forEach { key, amount in
            #expect(amount.busySeconds == 3.75)
            requests += amount.requests
            seen.insert(key)
        }
        #expect(requests == 6_000)
        #expect(seen == Set(keys))
    }
}
