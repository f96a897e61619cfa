import Foundation
import Synchronization
import Testing

@testable import ReportGenCore

/// Honest headlines (issue 12): the counted rows of emissions.csv, planning packs.
@Suite struct HonestHeadlineTests {
    /// Keeps the progress lines a build reports.
    final class RecordingProgress: ProgressReporter {
        let lines = Mutex<[String]>([])
        func stage(_ name: String, _ message: String) { lines.withLock { $0.append("\(name): \(message)") } }
    }

    @Test func theCountedRowsOfEmissionsCSVSumToTheRetainedTotals() throws {
        let content = try SharedDemo.content()
        let csv = content.emissionsCSV(CSVWriter(dialect: .rfc4180))
        var reader = CSVReader(fileName: "emissions.csv", bytes: [UInt8](csv.utf8))
        let header = try #require(try reader.next()).fields
        let period = try #require(header.firstIndex(of: "period"))
        let kg = try #require(header.firstIndex(of: "kgco2e"))
        let counted = try #require(header.firstIndex(of: "counted"))
        var sums: [String: Double] = [:]
        var all: [String: Double] = [:]
        while let record = try reader.next() {
            let value = Double(record.fields[kg]) ?? 0
            all[record.fields[period], default: 0] += value
            if record.fields[counted] == "true" { sums[record.fields[period], default: 0] += value }
        }
        for month in content.months {
            // March 2025: Azure Carbon optimization items, 51.2828 kg (the demo's README); every source summed
            // double-counts (Azure, CCF and CodeCarbon rows of the same month).
            #expect(abs((sums[month.description] ?? 0) - content.totalKg(month)) < 1e-9, "\(month)")
            #expect((all[month.description] ?? 0) > content.totalKg(month) + 1)
        }
        #expect(abs((sums["2025-03"] ?? 0) - 51.2828) < 1e-9)
    }

    @Test func aMonthWithNoDataBuildsALabelledPlanningPack() throws {
        let workspace = try Workspace.load(try demoWorkspace())
        let progress = RecordingProgress()
        var options = BuildOptions(now: SharedDemo.buildTime)
        options.period = YearMonth(year: 2025, month: 6)
        let content = try ReportPipeline(workspace: workspace).run(options: options, progress: progress)
        #expect(content.carbon.isPlanning)
        #expect(PackDocument(content, toolVersion: "test").status == "planning")
        #expect(progress.lines.withLock { $0.contains { $0.hasPrefix("planning: 2025-06 has no provider") } })
        // The model still estimates the month (three always-on VMs idle for 720 h, Arabic's assumed files).
        #expect(content.carbon.baseTotal.p50 > 0)
        // The demo's March has provider data: not a planning pack.
        #expect(try !SharedDemo.content().carbon.isPlanning)
    }
}
