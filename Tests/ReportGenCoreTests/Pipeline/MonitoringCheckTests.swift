import Foundation
import Testing

@testable import ReportGenCore

/// `reportgen check`: alerts between packs, from the ledger stage only.
@Suite struct MonitoringCheckTests {
    /// 1 December 2026: every month of the demo's quarter is over, so each counts all its days.
    static let now = Date(timeIntervalSince1970: 1_795_996_800)

    /// A copy of the demo workspace with `extra` appended to its `reportgen.yaml`.
    func demo(appending extra: String = "") throws -> Workspace {
        let root = try demoWorkspace()
        let url = root.appendingPathComponent(Workspace.configFileName)
        try Data((try String(contentsOf: url, encoding: .utf8) + extra).utf8).write(to: url)
        return try Workspace.load(root)
    }

    @Test func aRefusedFileIsLeftOutOfTheCheckAndRaisesAnAlertNamingIt() throws {
        let workspace = try demo()
        try Data("Date,kilowatt hours,metric tons CO2e Emissions\n\"2025-01-01,1,1\n".utf8).write(
            to: workspace.root.appendingPathComponent("inputs/broken.csv"))
        let report = try MonitoringCheck.run(workspace: workspace, now: Self.now, progress: SilentProgress())
        let alert = try #require(report.alerts.first { $0.threshold == "inputs_refused" })
        #expect(alert.value == 1)
        #expect(alert.message.contains("inputs/broken.csv"))
        #expect(report.measures.first { $0.name == "inputs_refused" }?.value == 1)
        // The rest is checked as without it: March's 51.2828 kg (the test below).
        #expect(abs((report.measures.first { $0.name == "month_kgco2e" }?.value ?? 0) - 51.2828) < 1e-6)
    }

    @Test func theDemoIsOverItsProRataBudgetInMarchAndInTheYearToDate() throws {
        let report = try MonitoringCheck.run(workspace: try demo(), now: Self.now, progress: SilentProgress())
        #expect(report.period == "2025-03")
        // March's Carbon optimization items: 51.2828 kg (samples README). Pro-rata budget 500 × 31 / 365 = 42.4658 kg;
        // 51.2828 / 42.4658 = 1.20763.
        let month = try #require(report.alerts.first { $0.threshold == "month_budget_share" })
        #expect(abs(month.value - 51.2828 / (500.0 * 31 / 365)) < 1e-9)
        #expect(month.message.contains("2025-03") && month.message.contains("51.28 kgCO2e"))
        // The monthly summaries (samples README): January 48.38 + February 44.8748 + March 51.2828 = 144.5376 kg,
        // against 500 × 90 / 365 = 123.288 kg.
        let year = try #require(report.alerts.first { $0.threshold == "year_to_date_budget_share" })
        let yearKg = try #require(report.measures.first { $0.name == "year_to_date_kgco2e" }).value
        #expect(abs(yearKg - (48.38 + 44.8748 + 51.2828)) < 1e-6)
        #expect(abs(year.value - yearKg / (500.0 * 90 / 365)) < 1e-9)
        #expect(report.isAlerting)
    }

    @Test func raisedThresholdsFireNoAlert() throws {
        let workspace = try demo(
            appending: "\nalerts:\n  month_budget_share: 1.5\n  year_to_date_budget_share: 1.5\n")
        let report = try MonitoringCheck.run(workspace: workspace, now: Self.now, progress: SilentProgress())
        #expect(report.alerts == [])
        #expect(!report.isAlerting)
    }

    @Test func aBrokenAlertsSectionNamesItsLine() throws {
        let root = try demoWorkspace()
        let url = root.appendingPathComponent(Workspace.configFileName)
        let text = try String(contentsOf: url, encoding: .utf8)
        let line = text.components(separatedBy: "\n").count + 2
        try Data((text + "\nalerts:\n  month_budget_share: lots\n  colour: red\n").utf8).write(to: url)
        do {
            _ = try Workspace.load(root)
            Issue.record("expected a configuration error")
        } catch let errors as ConfigErrors {
            let messages = errors.errors.map { "\($0.file):\($0.line ?? 0): \($0.path): \($0.message)" }
            #expect(messages.contains { $0.hasPrefix("reportgen.yaml:\(line): alerts.month_budget_share:") })
            #expect(messages.contains { $0.contains("alerts") && $0.contains("colour") })
        }
    }

    @Test func daysWithoutUsageAreCountedInTheWorkspaceTimeZone() throws {
        let root = try demoWorkspace()
        let inputs = root.appendingPathComponent("inputs")
        // Replace March's log by three requests: 1 March (23:30 UTC on 28 February is 00:30 in Paris), 1 March
        // again and 3 March. March has 31 days, so 29 have no record.
        try FileManager.default.removeItem(at: inputs.appendingPathComponent("usage-log-2025-03.jsonl"))
        let lines = [
            "2025-02-28T23:30:00Z", "2025-03-01T10:00:00+01:00", "2025-03-03T10:00:00+01:00",
        ].map {
            #"{"timestamp":"\#($0)","service":"transcription","endpoint":"/v1/transcribe","language":"fr","status":200,"duration_ms":1000,"audio_seconds":60}"#
        }
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: inputs.appendingPathComponent("log.jsonl"))
        let report = try MonitoringCheck.run(
            workspace: try Workspace.load(root), period: YearMonth(year: 2025, month: 3), now: Self.now,
            progress: SilentProgress())
        let missing = try #require(
            report.measures.first { $0.name == "days_without_usage" && $0.labels["service"] == "transcription" })
        #expect(missing.value == 29)
        let alert = try #require(report.alerts.first { $0.threshold == "max_days_without_usage" })
        #expect(alert.message.hasPrefix("transcription 2025-03: 29 of 31 days without a usage record (days 2, 4, 5,"))
    }

    @Test func aMonthInProgressCountsItsBudgetToToday() {
        // 10 March 2025, 12:00 in Paris: 10 days of March count.
        let days = CalendarDays(
            timeZone: TimeZone(identifier: "Europe/Paris") ?? .current,
            now: Date(timeIntervalSince1970: 1_741_604_400))
        #expect(days.daysCounted(in: YearMonth(year: 2025, month: 3)) == 10)
        #expect(days.daysCounted(in: YearMonth(year: 2025, month: 2)) == 28)
        #expect(days.daysCounted(in: YearMonth(year: 2025, month: 4)) == 0)
        #expect(days.daysInYear(2024) == 366)
    }
}
