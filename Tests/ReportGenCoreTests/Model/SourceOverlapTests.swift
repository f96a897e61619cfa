import Foundation
import Testing

@testable import ReportGenCore

/// What the precedence rules leave is an error naming both files, the month and the service, and the figure is
/// counted once: never a sum (issue 17, Deliver 7).
@Suite struct SourceOverlapTests {
    /// Every record maps to one service, as the messages name it.
    static func generation(_: EmissionRecord) -> String? { "generation" }

    static func azureItem(_ name: String, _ category: String, _ kg: Double, resource: Bool) -> String {
        let id = resource ? #""resourceId":"/subscriptions/s/resourceGroups/\#(name)/vm","# : ""
        return
            #"{"dataType":"\#(category)ItemDetailsData","date":"2025-03-01",\#(id)"itemName":"\#(name)","subscriptionId":"s","categoryType":"\#(category)","latestMonthEmissions":\#(kg)}"#
    }

    @Test func itemDetailsByResourceAndByResourceGroupOfOneMonthAreAnErrorCountedOnceByResource() throws {
        let resources = try temporaryInput(
            "b-resources.json",
            #"{"value":[\#(Self.azureItem("rg-a", "Resource", 10, resource: true)),\#(Self.azureItem("rg-b", "Resource", 20, resource: true))]}"#
        )
        // The same month grouped by resource group, in a file that sorts first: by name it would win, but the
        // finer granularity (resources, which map to services) is counted.
        let groups = try temporaryInput(
            "a-groups.json",
            #"{"value":[\#(Self.azureItem("rg-a", "ResourceGroup", 10, resource: false)),\#(Self.azureItem("rg-b", "ResourceGroup", 20, resource: false))]}"#
        )
        let summary = try temporaryInput(
            "c-summary.json",
            #"{"value":[{"dataType":"MonthlySummaryData","date":"2025-03-01","latestMonthEmissions":30}]}"#)
        let records = try [groups, resources, summary].flatMap { try load($0).result.records }
        let (kept, diagnostics) = SourcePrecedence.apply(records, serviceOf: Self.generation)
        // 10 + 20 = 30 kg from the resources; both files summed would give 60. The summary (30) is the check.
        let counted = kept.filter(\.isCounted)
        #expect(abs(sumKg(counted) - 30) < 1e-9)
        #expect(Set(counted.map(\.provenance.file)) == ["inputs/b-resources.json"])
        let errors = diagnostics.filter { $0.severity == .error }
        #expect(errors.count == 1)
        let error = try #require(errors.first)
        #expect(error.file == "inputs/a-groups.json")
        #expect(error.code == "overlap_granularity")
        #expect(error.parameters?["file"] == "inputs/b-resources.json")
        #expect(error.parameters?["month"] == "2025-03")
        #expect(error.parameters?["service"] == "generation")
        #expect(error.message.contains("inputs/b-resources.json (categoryType Resource) and inputs/a-groups.json"))
        // The summary agrees with what is counted: no mismatch warning.
        #expect(!diagnostics.contains { $0.code == "azure_items_mismatch" })
    }

    @Test func oneResourceGivenTwoDifferentFiguresByTwoFilesIsAnErrorCountedOnceFromTheFirst() throws {
        let first = try temporaryInput(
            "a.json", #"{"value":[\#(Self.azureItem("rg-a", "Resource", 10, resource: true))]}"#)
        let second = try temporaryInput(
            "b.json", #"{"value":[\#(Self.azureItem("rg-a", "Resource", 12.5, resource: true))]}"#)
        let (kept, diagnostics) = SourcePrecedence.apply(
            try load(first).result.records + load(second).result.records, serviceOf: Self.generation)
        // 10 kg from a.json, not 22.5.
        #expect(abs(sumKg(kept.filter(\.isCounted)) - 10) < 1e-9)
        let error = try #require(diagnostics.first { $0.severity == .error })
        #expect(error.code == "overlap_conflict")
        #expect(error.file == "inputs/b.json")
        #expect(error.parameters?["file"] == "inputs/a.json")
        #expect(error.parameters?["kept"] == "10.0000")
        #expect(error.parameters?["dropped"] == "12.5000")
        #expect(error.message.contains("for 2025-03 (service generation)"))
    }

    @Test func aCopyWithTheSameFiguresIsANoteNotAnError() throws {
        let first = try temporaryInput(
            "a.json", #"{"value":[\#(Self.azureItem("rg-a", "Resource", 10, resource: true))]}"#)
        let second = try temporaryInput(
            "b.json", #"{"value":[\#(Self.azureItem("rg-a", "Resource", 10, resource: true))]}"#)
        let (kept, diagnostics) = SourcePrecedence.apply(
            try load(first).result.records + load(second).result.records, serviceOf: Self.generation)
        #expect(abs(sumKg(kept.filter(\.isCounted)) - 10) < 1e-9)
        #expect(!diagnostics.contains { $0.severity == .error })
        #expect(diagnostics.contains { $0.severity == .note && $0.parameters?["reason"] == "same_figure_counted" })
    }

    @Test func ccfByMonthAndByDayOfOneMonthAreAnErrorCountedOnceByDay() throws {
        func estimate(_ kWh: Double, _ tons: Double) -> String {
            #"{"serviceName":"Virtual Machines","accountId":"s","accountName":"prod","region":"francecentral","kilowattHours":\#(kWh),"co2e":\#(tons)}"#
        }
        let byMonth = try temporaryInput(
            "ccf-month.json",
            #"[{"timestamp":"2025-01-01T00:00:00.000Z","groupBy":"month","serviceEstimates":[\#(estimate(30, 0.003))]}]"#
        )
        let byDay = try temporaryInput(
            "ccf-day.json",
            #"[{"timestamp":"2025-01-01T00:00:00.000Z","groupBy":"day","serviceEstimates":[\#(estimate(10, 0.001))]},{"timestamp":"2025-01-02T00:00:00.000Z","groupBy":"day","serviceEstimates":[\#(estimate(20, 0.002))]}]"#
        )
        let (kept, diagnostics) = SourcePrecedence.apply(
            try load(byMonth).result.records + load(byDay).result.records, serviceOf: Self.generation)
        // By day: 0.001 + 0.002 t = 3 kg; the month's file says the same 3 kg again: 3, not 6.
        #expect(abs(sumKg(kept.filter(\.isCounted)) - 3) < 1e-9)
        let error = try #require(diagnostics.first { $0.severity == .error })
        #expect(error.file == "inputs/ccf-month.json")
        #expect(error.parameters?["file"] == "inputs/ccf-day.json")
        #expect(error.parameters?["month"] == "2025-01")
    }

    @Test func twoPagesOfOneResultAreNoOverlap() throws {
        // Two files of one categoryType and disjoint resources: pages or split exports, summed.
        let first = try temporaryInput(
            "a.json", #"{"value":[\#(Self.azureItem("rg-a", "Resource", 10, resource: true))]}"#)
        let second = try temporaryInput(
            "b.json", #"{"value":[\#(Self.azureItem("rg-b", "Resource", 20, resource: true))]}"#)
        let (kept, diagnostics) = SourcePrecedence.apply(
            try load(first).result.records + load(second).result.records, serviceOf: Self.generation)
        #expect(abs(sumKg(kept.filter(\.isCounted)) - 30) < 1e-9)
        #expect(!diagnostics.contains { $0.severity == .error })
    }
}
