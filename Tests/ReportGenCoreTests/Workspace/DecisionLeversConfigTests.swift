import Foundation
import Testing

@testable import ReportGenCore

/// `decisions`: the capacity levers, the service hours, the caps in files a month and the per-service rules.
@Suite struct DecisionLeversConfigTests {
    static let base = PlanEvaluatorTests.yaml

    @Test func readsServiceHoursCapsInFilesAndOneServicesOwnLevers() throws {
        let config = try WorkspaceConfig.parse(
            Self.base + """

                decisions:
                  cap_files_per_month: [500, 100, 100.4]
                  min_replicas: 2
                  service_hours: {days: [mon, tue, wed, thu, fri, sat], from: 7, to: 22}
                  services:
                    transcription: {levers: [co_location, scheduled_hours], service_hours: {from: 8, to: 18}}
                """, file: "reportgen.yaml")
        let rules = config.decisions
        // Rounded to whole files, duplicates merged, largest first.
        #expect(rules.capFilesPerMonth == [500, 100])
        #expect(rules.minReplicas == 2)
        #expect(rules.serviceHours == ServiceHours(days: [1, 2, 3, 4, 5, 6], fromHour: 7, toHour: 22))
        #expect(rules.levers(for: "transcription") == [.coLocation, .scheduledHours])
        // Days default to Monday–Friday: 21 weekdays × 10 h in March 2025.
        let own = try #require(rules.serviceHours(for: "transcription"))
        #expect(own.days == [1, 2, 3, 4, 5] && own.hours(in: YearMonth(year: 2025, month: 3)) == 210)
        #expect(own.text == "Mon–Fri 8–18 h")
    }

    @Test func refusesAnUnknownServiceAndHoursThatEndBeforeTheyStart() {
        let text =
            Self.base + """

                decisions:
                  service_hours: {from: 20, to: 8}
                  services:
                    dictation: {min_replicas: 1}
                """
        do {
            _ = try WorkspaceConfig.parse(text, file: "reportgen.yaml")
            Issue.record("expected errors")
        } catch {
            let paths = error.errors.map(\.path)
            #expect(paths.contains("decisions.service_hours"))
            #expect(paths.contains("decisions.services.dictation"))
            #expect(error.errors.contains { $0.message.contains("found dictation") && $0.line != nil })
        }
    }
}
