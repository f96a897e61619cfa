import Foundation
import Testing

@testable import ReportGenCore

/// The real exports in Fixtures/real/community (SOURCES.md there names each file's repository, commit and licence):
/// each file gives the monthly totals that SOURCES.md states, and files that belong together count once.
@Suite struct CommunityFixtureTests {
    /// Per file, month → (kgCO2e, kWh, runs), as SOURCES.md's last column gives them.
    static let codeCarbon: [(file: String, months: [String: (kg: Double, kWh: Double, runs: Int)])] = [
        ("cc01_miszkur-data-efficient-NLP_src_emissions.csv", ["2022-04": (0.01708325361, 0.05861895794, 8)]),
        (
            "cc02_dataforgoodfr-climatewatch_notebooks_emissions_ipcc.csv",
            [
                "2021-11": (0.0001424154979, 0.0003354236656, 2),
                "2022-03": (0.01976710554, 0.06851430149, 18),
            ]
        ),
        ("cc04_ramizouari-BNN_notebooks_emissions.csv", ["2022-08": (0.01973876401, 0.03208964453, 14)]),
        ("cc06_NeuralDojo-codecarbon_emissions.csv", ["2022-07": (0.004702614147, 0.01430799149, 13)]),
        (
            "cc12_radiance-pideel_emissions_PiDeeL_task.csv",
            ["2024-07": (0.539456466, 3.40949088, 23), "2024-08": (0.0002235826395, 0.00141309451, 3)]
        ),
        ("cc12b_radiance-pideel_emissions.csv", ["2024-08": (0.6668138039, 4.214419005, 1)]),
        ("cc22_AlejandroDopico2-FedHENet_emissions.csv", ["2025-09": (0.005587319542, 0.0321018072, 14)]),
        ("cc29_x-tabdeveloping-la1_emissions_base_task.csv", ["2024-05": (0.0001242640605, 0.0006887564461, 2)]),
        ("cc29b_x-tabdeveloping-la1_emissions.csv", ["2024-05": (0.0001242646738, 0.0006887598457, 1)]),
        (
            "cc31_huggingface-peft_outputs_emissions.csv",
            [
                "2023-07": (0.000161089676, 0.0002844599612, 1), "2023-09": (0.0002543423782, 0.0004491301045, 1),
                "2023-10": (0.0001522024062, 0.0002687663891, 1),
            ]
        ),
        (
            "cc34_oanottage-bogota-smart-city_reports_codecarbon_emissions.csv",
            ["2025-02": (2.060929207e-06, 7.941587087e-06, 5)]
        ),
    ]

    /// SOURCES.md gives 10 significant digits.
    static func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-9 * max(abs(b), 1e-12) }

    @Test func everyCodeCarbonFileGivesTheMonthlyTotalsOfItsSources() throws {
        for (name, months) in Self.codeCarbon {
            let (format, result) = try load(fixture("real/community/codecarbon/" + name))
            #expect(format == .codeCarbonCSV, "\(name)")
            let byMonth = Dictionary(grouping: result.records, by: { $0.period.description })
            #expect(Set(byMonth.keys) == Set(months.keys), "\(name)")
            for (month, expected) in months {
                let records = byMonth[month] ?? []
                #expect(runCount(records) == expected.runs, "\(name) \(month)")
                #expect(Self.close(sumKg(records), expected.kg), "\(name) \(month): \(sumKg(records))")
                let kWh = records.reduce(0) { $0 + ($1.energyKWh ?? 0) }
                #expect(Self.close(kWh, expected.kWh), "\(name) \(month): \(kWh)")
            }
        }
    }

    @Test func theWindows1252FileIsReadWholeWithAWarningNamingItsLine() throws {
        let (_, result) = try load(
            fixture("real/community/codecarbon/cc02_dataforgoodfr-climatewatch_notebooks_emissions_ipcc.csv"))
        let warning = try #require(result.diagnostics.first { $0.message.contains("Windows-1252") })
        #expect(warning.severity == .warning)
        #expect(warning.line == 2)
        #expect(result.records.contains { $0.identifiers.region == "île-de-france" })
    }

    @Test func aPerTaskFileAndTheRunLevelFileOfTheSameRunCountOnce() throws {
        for (task, run) in [
            ("cc12_radiance-pideel_emissions_PiDeeL_task.csv", "cc12b_radiance-pideel_emissions.csv"),
            ("cc29_x-tabdeveloping-la1_emissions_base_task.csv", "cc29b_x-tabdeveloping-la1_emissions.csv"),
        ] {
            let tasks = try #require(try load(fixture("real/community/codecarbon/" + task)).result.codeCarbon)
            let runTable = try load(fixture("real/community/codecarbon/" + run)).result
            let runs = runTable.records
            let (kept, diagnostics) = CodeCarbonRunPrecedence.resolve([tasks, try #require(runTable.codeCarbon)])
            let counted = kept.filter(\.isCounted)
            // The run level is counted: cc12b's 0.6668138039 kg, cc29b's 0.0001242646738 kg (SOURCES.md).
            #expect(counted.count == 1, "\(task)")
            #expect(counted.first?.provenance.file == "inputs/" + run)
            #expect(Self.close(sumKg(counted), sumKg(runs)))
            #expect(diagnostics.contains { $0.file == "inputs/" + task && $0.message.contains("inputs/" + run) })
        }
    }

    @Test func everyCCFFileGivesTheSumOfItsEstimatesPerMonth() throws {
        // Σ co2e × 1000 per month of the timestamp, computed with Python's json module.
        let expected: [String: [String: Double]] = [
            "ccf02_ccf-repo_estimates.cache-uscs.json": [
                "2021-01": 8.919138450920737, "2021-02": 4.120954425190738, "2021-03": 8.334618415959158,
                "2021-04": 5.933615043940737,
            ],
            "ccf03_ccf-repo_mock-estimates.json": [
                "2022-05": 112.46666311538156, "2023-07": 116.24546542145394, "2023-06": 88.15430412480751,
            ],
            "ccf04_ccf-repo_estimates.cache.test.json": ["2020-01": 28000, "2021-03": 23000],
        ]
        for (name, months) in expected {
            let (format, result) = try load(fixture("real/community/ccf/" + name))
            #expect(format == .ccfFootprintJSON)
            let byMonth = Dictionary(grouping: result.records, by: { $0.period.description }).mapValues(sumKg)
            for (month, kg) in months {
                #expect(abs((byMonth[month] ?? 0) - kg) <= 1e-9 * kg, "\(name) \(month)")
            }
        }
        // The CLI snapshot holds only a header and its Total row: no data, no crash.
        let (cliFormat, cli) = try load(fixture("real/community/ccf/ccf05_ccf-repo_cli-csv-snapshot_results.csv"))
        #expect(cliFormat == .ccfCLIDayAndService)
        #expect(cli.records.isEmpty)
        let (recommendationsFormat, recommendations) = try load(
            fixture("real/community/ccf/ccf06_ccf-repo_recommendations.mock.json"))
        #expect(recommendationsFormat == .ccfRecommendationsJSON)
        #expect(!recommendations.recommendations.isEmpty)
    }

    @Test func azureTopItemsWithOthersSumToTheMonthAndAreCountedInsteadOfTheSummary() throws {
        let folder = "real/community/azure-carbon/"
        let summary = try load(fixture(folder + "azps-recording_2025-04-01_MonthlySummaryReport.json")).result
        let top = try load(fixture(folder + "azps-recording_2025-04-01_TopItemsMonthlySummaryReport_Resource.json"))
            .result
        // 13 MonthlySummary rows, 2024-03 to 2025-03.
        #expect(summary.records.count == 13)
        let (records, _) = SourcePrecedence.apply(summary.records + top.records)
        let march = records.filter { $0.period.description == "2025-03" && $0.isCounted }
        // 11.0909 + 151.4357 + 18.9293 + 10.2742 + 5.4073 + Others 8.3016 = 205.4389 kg, the MonthlySummary of
        // 2025-03 (205.438889697989): the six top-items rows are counted and the summary is a check.
        #expect(march.count == 6)
        #expect(abs(sumKg(march) - 205.438889697989) < 1e-9)
        #expect(records.filter { $0.period.description == "2025-03" && !$0.isCounted }.count == 1)
    }

    @Test func azureReportsWithoutAMonthAreOneCrossCheckNoteAndNeverCounted() throws {
        let folder = "real/community/azure-carbon/"
        let summary = try load(fixture(folder + "azps-recording_2025-04-01_MonthlySummaryReport.json")).result
        for name in [
            "azps-recording_2025-04-01_OverallSummaryReport.json",
            "azps-recording_2025-04-01_TopItemsSummaryReport_Resource.json",
        ] {
            let overall = try load(fixture(folder + name)).result
            #expect(overall.records.isEmpty)
            let dated = AzureItemDating.date(
                undated: overall.undated, summaries: summary.records, reportingPeriod: YearMonth(year: 2025, month: 3))
            #expect(dated.records.isEmpty)
            #expect(dated.diagnostics.count == 1)
            #expect(dated.diagnostics.first?.message.contains("used as a cross-check, not counted") == true)
        }
    }
}
