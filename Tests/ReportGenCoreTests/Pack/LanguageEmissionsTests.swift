import Foundation
import Templates
import Testing

@testable import ReportGenCore

@Suite struct LanguageEmissionsTests {
    static let january = YearMonth(year: 2025, month: 1)
    static let february = YearMonth(year: 2025, month: 2)

    static func activity(gpuSeconds: Double = 0, files: Int = 0, requests: Int = 0) -> Activity {
        var activity = Activity()
        activity.gpuSeconds = gpuSeconds
        activity.files = files
        activity.requests = requests
        return activity
    }

    /// By hand: transcription's 8 kg of January split 30 : 10 by busy GPU-seconds gives French 6 kg and English 2 kg;
    /// its 4 kg of February, with no busy time recorded, split 3 : 1 by files gives 3 kg and 1 kg; the gateway's 2 kg
    /// of January has no usage and stays unattributed; Spanish, named only by the usage log, has its own row at 0.
    @Test func eachServiceMonthIsSplitByBusyTimeThenFilesAndWhatNoUsageCoversStaysApart() {
        let activity: [String: [String: [YearMonth: Activity]]] = [
            "transcription": [
                "fr": [Self.january: Self.activity(gpuSeconds: 30, files: 1), Self.february: Self.activity(files: 3)],
                "en": [Self.january: Self.activity(gpuSeconds: 10, files: 5), Self.february: Self.activity(files: 1)],
                "es": [Self.january: Self.activity(requests: 2)],
            ]
        ]
        let retained: [String: [YearMonth: Double]] = [
            "transcription": [Self.january: 8, Self.february: 4], "gateway": [Self.january: 2],
        ]
        let split = LanguageEmissions(
            months: [Self.january, Self.february], services: ["transcription", "gateway"],
            configuredLanguages: ["fr", "en"], activity: activity, retained: { retained[$0]?[$1] ?? 0 })
        #expect(split.languages == ["fr", "en", "es"])
        #expect(split.kg == [[6, 3], [2, 1], [0, 0]])
        #expect(split.unattributed == [2, 0])
        #expect(split.keys["transcription"] == [Self.january: .busyGPUSeconds, Self.february: .files])
    }

    /// On the demo, every month's languages and unattributed row add up to the chart by service's total.
    @Test func theDemoLanguageRowsAddUpToTheMonthTotals() throws {
        let content = try SharedDemo.content()
        let split = LanguageEmissions(
            months: content.months, services: content.serviceIDs, configuredLanguages: content.config.languages,
            activity: content.cellActivity, retained: content.emissions.retainedKg)
        #expect(split.months.count == 3)
        for (column, month) in split.months.enumerated() {
            let sum = split.kg.reduce(0) { $0 + $1[column] } + split.unattributed[column]
            #expect(abs(sum - content.totalKg(month)) <= 1e-9 * content.totalKg(month), "\(month)")
        }
        // The demo's usage covers its three services in every month (the January–February rollup, March's log).
        #expect(split.kg[0].allSatisfy { $0 > 0 })
    }
}

@Suite struct LeverDetailTests {
    static func view(_ language: ReportLanguage) throws -> PackView {
        PackView(
            content: try SharedDemo.content(), language: language,
            strings: try TemplateSet.builtIn().strings(for: language), toolVersion: "test")
    }

    @Test func reservedHoursAreAMessageInTheReportLanguage() throws {
        let detail = "westeurope → francecentral; 730 h → 1.5 × busy h"
        #expect(try Self.view(.fr).leverDetail(detail) == "westeurope → francecentral; 730 h → 1,5 × h occupées")
        #expect(try Self.view(.en).leverDetail(detail) == detail)
    }

    /// Arabic: the region change is a left-to-right isolate (a `<bdi dir="ltr">` in HTML), so that its arrow points
    /// from the old region to the new one; the hours read right to left with the arrow the other way, and the parts
    /// are joined by the Arabic semicolon.
    @Test func inArabicIdentifierChangesAreLeftToRightIsolates() throws {
        let arabic = try Self.view(.ar)
        let text = arabic.leverDetail("westeurope → francecentral; 730 h → 1.5 × busy h")
        #expect(text == "\u{2066}westeurope → francecentral\u{2069}؛ 730 ساعة ← 1.5 × ساعات الانشغال")
        #expect(arabic.markingModelNames(text).hasPrefix("<bdi dir=\"ltr\">westeurope → francecentral</bdi>؛ "))
    }

    /// A schedule's hours take the language's hour symbol: `8–20 h` stays in French, becomes `8–20 س` in Arabic.
    @Test func aSchedulesHoursTakeTheLanguagesHourSymbol() throws {
        let detail = "Mon–Fri 8–20 h; 56 % of busy time inside"
        #expect(try Self.view(.fr).leverDetail(detail).contains("8–20 h"))
        let arabic = try Self.view(.ar).leverDetail(detail)
        #expect(arabic.contains("8–20 س"))
        #expect(!arabic.contains(" h"))
    }
}
