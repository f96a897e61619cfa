import Foundation
import Testing

@testable import ReportGenCore

/// Usage that no service's rules map is named once per service and endpoint, and a log naming thousands of them
/// gives a bounded list with the exact count of the rest.
@Suite struct UnmatchedUsageTests {
    static func mapping() throws -> ServiceMapping {
        let config = try Workspace.load(try demoWorkspace()).config
        return ServiceMapping(services: config.services, shared: config.sharedResources, languages: config.languages)
    }

    static func ledger(_ pairs: [(service: String, endpoint: String)]) -> ActivityLedger {
        var ledger = ActivityLedger()
        for (index, pair) in pairs.enumerated() {
            // Each pair in two months and two languages: four keys, one warning.
            for month in [2, 3] {
                for language in ["fr", "en"] {
                    var activity = Activity()
                    activity.requests = 1
                    activity.note(file: "inputs/usage.jsonl", lines: (index + 1)...(index + 1))
                    ledger.add(
                        activity,
                        for: ActivityKey(
                            period: YearMonth(year: 2025, month: month), service: pair.service,
                            endpoint: pair.endpoint, language: language))
                }
            }
        }
        return ledger
    }

    @Test func aServiceAndEndpointNoRuleMapsIsNamedOnceWhateverItsMonthsAndLanguages() throws {
        let diagnostics = ReportPipeline.unmatchedUsage(
            Self.ledger([("ocr", "/v1/ocr"), ("ocr", "/v2/ocr")]), mapping: try Self.mapping())
        #expect(
            diagnostics.map(\.message) == [
                "usage for service \"ocr\" endpoint \"/v1/ocr\" matches no service's rules: not counted",
                "usage for service \"ocr\" endpoint \"/v2/ocr\" matches no service's rules: not counted",
            ])
        #expect(diagnostics.allSatisfy { $0.file == "inputs/usage.jsonl" && $0.severity == .warning })
    }

    @Test func thousandsOfUnmatchedServicesGiveFiftyWarningsAndTheExactCountOfTheRest() throws {
        // 3,000 services no rule maps (svc-0000 to svc-2999): 50 named, "2,950 more" in one warning.
        let pairs = (0..<3_000).map { (service: String(format: "svc-%04d", $0), endpoint: "/v1") }
        let diagnostics = ReportPipeline.unmatchedUsage(Self.ledger(pairs), mapping: try Self.mapping())
        #expect(diagnostics.count == 51)
        #expect(diagnostics.first?.message.contains("\"svc-0000\"") == true)
        #expect(diagnostics[49].message.contains("\"svc-0049\""))
        #expect(
            diagnostics.last?.message
                == "2,950 more usage services and endpoints match no service's rules: not counted (the first 50 are listed)"
        )
    }
}
