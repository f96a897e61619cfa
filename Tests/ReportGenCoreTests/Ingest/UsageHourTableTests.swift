import Foundation
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

    @Test func aFilesHoursKeepEachTripleApartWithinAnHour() throws {
        // Three triples in the 09:00Z hour of 2025-03-03, one of them twice, and a request of 5,400 s from 10:30Z
        // that runs into 11:00Z and 12:00Z: by hand, 09:00Z gen/fr 40 + 20 = 60 s in 2 requests, gen/en 30 s,
        // tr/fr 10 s; 10:00Z gen/fr 1,800 s and 1 request; 11:00Z 3,600 s and 12:00Z 0 s of it, no request (the
        // request counts in its first hour).
        func line(_ time: String, _ service: String, _ language: String, _ gpu: Double) -> String {
            #"{"timestamp":"\#(time)","service":"\#(service)","endpoint":"/v1","language":"\#(language)","status":200,"gpu_seconds":\#(gpu)}"#
        }
        let text = [
            line("2025-03-03T09:05:00Z", "gen", "fr", 40), line("2025-03-03T09:10:00Z", "gen", "en", 30),
            line("2025-03-03T09:15:00Z", "tr", "fr", 10), line("2025-03-03T09:20:00Z", "gen", "fr", 20),
            line("2025-03-03T10:30:00Z", "gen", "fr", 5_400),
        ].joined(separator: "\n")
        // Blocks of 200 bytes put the lines in separate blocks, merged in order; one block holds them all.
        for blockBytes in [200, 1 << 20] {
            var options = UsageLogImporter.JSONLinesOptions()
            options.blockBytes = blockBytes
            let result = try UsageLogImporter.readJSONLines(
                try temporaryInput("usage.jsonl", text), context: paris, options: options)
            let nine = try #require(UTCHour(containing: 1_740_992_400))  // 2025-03-03T09:00:00Z
            func amount(_ offset: Int, _ service: String, _ language: String) -> HourlyUsage.Amount? {
                result.hourlyUsage.amounts[nine.advanced(by: offset)]?[
                    HourlyUsage.Key(service: service, endpoint: "/v1", language: language)]
            }
            #expect(amount(0, "gen", "fr") == HourlyUsage.Amount(busySeconds: 60, requests: 2, requestsWithBusyTime: 2))
            #expect(amount(0, "gen", "en") == HourlyUsage.Amount(busySeconds: 30, requests: 1, requestsWithBusyTime: 1))
            #expect(amount(0, "tr", "fr") == HourlyUsage.Amount(busySeconds: 10, requests: 1, requestsWithBusyTime: 1))
            #expect(
                amount(1, "gen", "fr") == HourlyUsage.Amount(busySeconds: 1_800, requests: 1, requestsWithBusyTime: 1))
            #expect(
                amount(2, "gen", "fr") == HourlyUsage.Amount(busySeconds: 3_600, requests: 0, requestsWithBusyTime: 0))
            #expect(result.hourlyUsage.amounts[nine]?.count == 3)
            #expect(result.hourlyUsage.amounts.count == 3)
        }
    }
}
