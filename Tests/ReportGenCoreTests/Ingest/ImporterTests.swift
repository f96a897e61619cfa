import Foundation
import Testing

@testable import ReportGenCore

/// The synthetic quarter in ../shared/samples (copied to Fixtures/samples) and the real public files
/// (Fixtures/real), read through format detection. Expected totals are from the samples' README consistency rules,
/// recomputed independently with Python's csv and json modules.
@Suite struct ImporterTests {
    @Test func ccfDayAndServiceConvertsTonsToKgAndSkipsTheTotalRow() throws {
        let (format, result) = try load(fixture("samples/ccf-cli-dayAndService-2025Q1.csv"))
        #expect(format == .ccfCLIDayAndService)
        #expect(result.rowCount == 90)
        // Per month, Σ service columns: Jan 32.400, Feb 29.061, Mar 32.034 kgCO2e (the README's "about 32 kg").
        let byMonth = Dictionary(grouping: result.records, by: { $0.period.description }).mapValues(sumKg)
        #expect(abs((byMonth["2025-01"] ?? 0) - 32.400) < 1e-6)
        #expect(abs((byMonth["2025-02"] ?? 0) - 29.061) < 1e-6)
        #expect(abs((byMonth["2025-03"] ?? 0) - 32.034) < 1e-6)
        // The Total row (0.093527 t) agrees with the rows within the CLI's rounding, so no warning.
        #expect(!result.diagnostics.contains { $0.severity == .warning })
        #expect(result.records.allSatisfy { !$0.isEnergyComparable && $0.basis == .location })
        #expect(
            Set(result.records.compactMap { $0.identifiers.serviceName }) == [
                "Virtual Machines", "Azure Container Apps", "Storage", "Azure Kubernetes Service",
            ])
    }

    @Test func ccfDayGroupingReadsEveryDayAndChecksTheTotal() throws {
        let (format, result) = try load(fixture("samples/ccf-cli-day-2025-01-01_2025-01-14.csv"))
        #expect(format == .ccfCLIDay)
        #expect(result.records.count == 14)
        // Total row: 0.014512 t = 14.512 kg.
        #expect(abs(sumKg(result.records) - 14.512) < 0.01)
    }

    @Test func ccfServiceGroupingHasNoDatesSoItsRowsAreUndated() throws {
        let (format, result) = try load(fixture("samples/ccf-cli-service-2025Q1.csv"))
        #expect(format == .ccfCLIService)
        #expect(result.records.isEmpty)
        #expect(result.undated.count == 4)
        #expect(abs(sumKg(result.undated) - 93.527) < 1e-6)
    }

    @Test func ccfServiceNameWithACommaIsJoinedBackWithAWarning() throws {
        let file = try temporaryInput(
            "ccf.csv",
            "Service,kilowatt hours,metric tons CO2e Emissions,Cost\nAzure Cosmos DB, for MongoDB,1.00,0.000500,$2.00\nTotal,1.00,0.000500,$2.00\n"
        )
        let (_, result) = try load(file)
        #expect(result.undated.first?.identifiers.serviceName == "Azure Cosmos DB, for MongoDB")
        let warning = try #require(result.diagnostics.first { $0.severity == .warning })
        #expect(warning.line == 2)
        #expect(warning.message.contains("5 fields, expected 4"))
    }

    @Test func ccfDayAndServiceRowWithExtraFieldsIsSetAsideWithItsLineAndTheRestIsRead() throws {
        let file = try temporaryInput(
            "ccf.csv",
            "Date (UTC),A kilowatt hours,A metric tons CO2e Emissions\n2025-01-01,1.00,0.000001,9\n2025-01-02,2.00,0.000002\n"
        )
        let (_, result) = try load(file)
        let warning = try #require(result.diagnostics.first { $0.line == 2 })
        #expect(warning.severity == .warning)
        #expect(warning.message.hasPrefix("4 fields, expected 3 as in the header (the CCF CLI does not quote fields"))
        // The good row of 2 January: 0.000002 t = 0.002 kg.
        #expect(result.records.count == 1)
        #expect(abs(sumKg(result.records) - 0.002) < 1e-12)
    }

    @Test func ccfFootprintJSONKeepsFullPrecisionAndMarksEnergyNotComparable() throws {
        let (format, result) = try load(fixture("samples/ccf-api-footprint-groupBy-month-2025Q1.json"))
        #expect(format == .ccfFootprintJSON)
        let march = result.records.filter { $0.period.description == "2025-03" }
        #expect(abs(sumKg(march) - 32.04637219) < 1e-6)
        #expect(march.first?.provenance.pointer == "/2/serviceEstimates/0")
        #expect(result.records.allSatisfy { !$0.isEnergyComparable })
    }

    @Test func ccfRealMockEstimatesParse() throws {
        let (format, result) = try load(fixture("real/ccf/mock-estimates.json"))
        #expect(format == .ccfFootprintJSON)
        #expect(result.rowCount > 0)
        let recommendations = try load(fixture("real/ccf/recommendations.mock.json"))
        #expect(recommendations.format == .ccfRecommendationsJSON)
        // {"co2eSavings": 11.492} in metric tons is 11,492 kg.
        #expect(recommendations.result.recommendations.contains { abs($0.kgCO2eSaving - 11_492) < 1e-9 })
    }

    @Test func azureItemDetailsSumToTheMonthlySummary() throws {
        let (format, items) = try load(
            fixture("samples/azure-carbon-optimization-rest-itemdetails-resource-2025-03.json"))
        #expect(format == .azureCarbonJSON)
        // A bare response body does not state its month, so the items wait to be dated.
        #expect(items.records.isEmpty)
        #expect(abs(sumKg(items.undated) - 51.2828) < 1e-9)
        let (_, summary) = try load(fixture("samples/azure-carbon-optimization-rest-monthlysummary-2025Q1.json"))
        let dated = AzureItemDating.date(undated: items.undated, summaries: summary.records, reportingPeriod: nil)
        #expect(Set(dated.records.map(\.period.description)) == ["2025-03"])
    }

    @Test func azurePortalCSVMatchesTheJSONThroughTheHeaderAliases() throws {
        let (format, result) = try load(fixture("samples/azure-carbon-optimization-itemdetails-resource-2025-03.csv"))
        #expect(format == .azureCarbonCSV)
        #expect(abs(sumKg(result.undated) - 51.2828) < 1e-9)
        let spaced = try temporaryInput(
            "portal.csv", "Item Name,Resource ID,Latest Month Emissions (kgCO2e),Date\nvm1,/x/vm1,1.5,2025-03-01\n")
        #expect(try load(spaced).result.records.first?.kgCO2e == 1.5)
        let semicolons = try temporaryInput(
            "portal-fr.csv", "Item Name;Resource ID;Latest month emissions (kgCO2e);Date\nvm1;/x/vm1;1,5;2025-03-01\n")
        let (_, french) = try load(semicolons)
        #expect(french.records.first?.kgCO2e == 1.5)
    }

    @Test func azureSpecExampleWrappersAreUnwrappedAndDatedByTheirQuery() throws {
        let (format, result) = try load(
            fixture("real/azure-carbon-rest-examples/2025-04-01_queryCarbonEmissionsMonthlySummaryReport.json"))
        #expect(format == .azureCarbonJSON)
        #expect(result.records.first?.period.description == "2024-05")
        #expect(result.records.first?.provenance.pointer == "/responses/200/body/value/0")
        let (_, items) = try load(
            fixture(
                "real/azure-carbon-rest-examples/2025-04-01_queryCarbonEmissionsResourceItemDetailsReportWithPaginationToken.json"
            ))
        #expect(!items.records.isEmpty)
        #expect(items.records.allSatisfy { $0.period.description == "2024-05" })
        let (_, preview) = try load(
            fixture("real/azure-carbon-rest-examples/2023-04-01-preview_carbonEmissionsReport.json"))
        // OverallSummaryData over 2023-06-01..2023-06-15 with 2023-04-01-preview field names: a report without a
        // month, kept undated as a cross-check.
        #expect(preview.records.isEmpty)
        #expect(preview.undated.first?.kgCO2e == 1.5)
        #expect(preview.undated.first?.identifiers.granularity == .overall)
        #expect(preview.diagnostics.contains { $0.message.contains("one page") })
    }

    @Test func azureAccessDenialsAreReportedAsPartialData() throws {
        let json = """
            {"subscriptionAccessDecisionList":[{"subscriptionId":"s1","decision":"Allowed"},{"subscriptionId":"s2","decision":"Denied","denialReason":"no Carbon Optimization Reader role"}],
             "value":[{"dataType":"MonthlySummaryData","latestMonthEmissions":2.5,"previousMonthEmissions":2,"monthOverMonthEmissionsChangeRatio":0.25,"monthlyEmissionsChangeValue":0.5,"date":"2025-03-01","carbonIntensity":1}]}
            """
        let (_, result) = try load(try temporaryInput("denied.json", json))
        let warning = try #require(result.diagnostics.first { $0.severity == .warning })
        #expect(warning.message.contains("partial data") && warning.message.contains("s2"))
        #expect(warning.message.contains("/subscriptionAccessDecisionList/1"))
    }

    @Test func emissionsImpactDashboardWithBOMAndCRLFGivesTheMonthlyKg() throws {
        let (format, result) = try load(fixture("samples/emissions-impact-dashboard-enrollment-emissions-2025Q1.csv"))
        #expect(format == .eidCSV)
        // Σ scopes × 1000 = Carbon optimization monthly kg: Jan 48.38, Feb 44.8748, Mar 51.2828.
        let byMonth = Dictionary(grouping: result.records, by: { $0.period.description }).mapValues(sumKg)
        #expect(abs((byMonth["2025-01"] ?? 0) - 48.38) < 1e-9)
        #expect(abs((byMonth["2025-02"] ?? 0) - 44.8748) < 1e-9)
        #expect(abs((byMonth["2025-03"] ?? 0) - 51.2828) < 1e-9)
        #expect(Set(result.records.map(\.scope)) == [.scope1, .scope2, .scope3])
        #expect(result.records.first?.provenance.line == 2)
    }

    @Test func emissionsImpactDashboardODataPagesParse() throws {
        let json = """
            {"@odata.context":"x","value":[{"dateKey":20250301,"enrollmentId":"1","subscriptionId":"s","azureServiceName":"Storage","azureRegionName":"France Central","scope":"Scope 3","scopeId":3,"totalEmissions":0.00085}],"@odata.nextLink":"https://example/next"}
            """
        let (format, result) = try load(try temporaryInput("eid.json", json))
        #expect(format == .eidJSON)
        #expect(abs(sumKg(result.records) - 0.85) < 1e-12)
        #expect(result.records.first?.scope == .scope3)
        #expect(result.diagnostics.contains { $0.message.contains("nextLink") })
    }

    @Test func codeCarbonKeepsTheLongestRowOfAFlushedRun() throws {
        let (format, result) = try load(fixture("samples/codecarbon-3.2.6-emissions.csv"))
        #expect(format == .codeCarbonCSV)
        // 13 rows, one run (generation-ar) written twice: 12 runs, the kept one lasting 2379.6 s.
        #expect(runCount(result.records) == 12)
        #expect(result.codeCarbon?.runCount == 12)
        let arabic = try #require(result.records.first { $0.identifiers.project == "generation-ar" })
        #expect(arabic.runCount == 1)
        #expect(arabic.identifiers.codeCarbonRuns?.durationSeconds == 2379.6)
        #expect(arabic.kgCO2e == 0.0049556899661835005)
        #expect(arabic.provenance.line == 14)
    }

    @Test func codeCarbonReadsEveryColumnSetByName() throws {
        for path in [
            "samples/codecarbon-2.8.3-emissions.csv", "real/codecarbon/codecarbon-examples-emissions.csv",
            "real/codecarbon/codecarbon-tests-emissions_valid_headers.csv",
            "real/codecarbon/EO-College_cubes-and-clouds_emissions.csv",
            "real/codecarbon/codecarbon-tests-emissions_invalid_headers.csv",
        ] {
            let (format, result) = try load(fixture(path))
            #expect(format == .codeCarbonCSV, "\(path)")
            #expect(!result.records.isEmpty, "\(path)")
        }
    }

    @Test func codeCarbonShiftedRowIsSetAsideWithItsLine() throws {
        let text = """
            timestamp,project_name,run_id,duration,emissions,energy_consumed,country_name
            2025-03-01T10:00:00,p,r1,10,0.001,0.02,France
            2025-03-01T11:00:00,p,r2,10,0.02,France
            """
        let (_, result) = try load(try temporaryInput("emissions.csv", text))
        #expect(result.records.count == 1)
        let warning = try #require(result.diagnostics.first { $0.severity == .warning })
        #expect(warning.line == 3)
        #expect(warning.message.contains("6 fields, expected 7"))
    }

    @Test func codeCarbonLocalTimestampsAreReadInTheWorkspaceTimeZone() throws {
        // 00:30 on 1 April in Paris (UTC+2) is 22:30 UTC on 31 March, but the month is the local one: April.
        // 23:30 on 31 March in Paris is 21:30 UTC: March.
        let text =
            "timestamp,project_name,run_id,duration,emissions,energy_consumed\n2025-04-01T00:30:00,p,r,1,0.1,0.2\n"
            + "2025-03-31T23:30:00,p,s,1,0.3,0.4\n"
        let (_, result) = try load(try temporaryInput("emissions.csv", text))
        let byMonth = Dictionary(grouping: result.records, by: { $0.period.description }).mapValues(sumKg)
        #expect(byMonth == ["2025-04": 0.1, "2025-03": 0.3])
    }

    @Test func usageLogJSONLinesSumsActivityPerMonthServiceAndLanguage() throws {
        let lines = """
            {"timestamp":"2025-03-31T23:30:00+02:00","service":"transcription","endpoint":"/v1/transcribe","language":"fr","status":200,"duration_ms":1000,"audio_seconds":600,"input_chars":0,"input_tokens":0,"output_tokens":0,"energy_wh":2.5,"gpu_seconds":60}
            {"timestamp":"2025-03-31T22:30:00Z","service":"transcription","endpoint":"/v1/transcribe","language":"fr","status":500,"duration_ms":50,"audio_seconds":0,"input_chars":0,"input_tokens":0,"output_tokens":0}
            {"timestamp":"2025-03-15T10:00:00+01:00","service":"generation","endpoint":"/v1/generate","language":"en","status":200,"duration_ms":9000,"audio_seconds":0,"input_chars":100,"input_tokens":300,"output_tokens":900,"gpu_seconds":8}
            """
        let (format, result) = try load(try temporaryInput("usage.jsonl", lines))
        #expect(format == .usageLogJSONL)
        // 22:30 UTC on 31 March is 00:30 on 1 April in Paris: that request counts in April.
        let march = ActivityKey(
            period: YearMonth(year: 2025, month: 3), service: "transcription", endpoint: "/v1/transcribe",
            language: "fr")
        let april = ActivityKey(
            period: YearMonth(year: 2025, month: 4), service: "transcription", endpoint: "/v1/transcribe",
            language: "fr")
        #expect(result.activity.totals[march]?.requests == 1)
        #expect(result.activity.totals[march]?.energyKWh == 0.0025)
        #expect(result.activity.totals[april]?.failedRequests == 1)
        #expect(result.activity.totals[april]?.files == 0)
        #expect(result.rowCount == 3)
    }

    @Test func usageLogErrorsNameTheLineAndFieldAndReadingGoesOn() throws {
        let lines = """
            {"timestamp":"2025-03-01T10:00:00","service":"s","endpoint":"/e","language":"fr","status":200}
            {"timestamp":"2025-03-01T10:00:00Z","service":"s","endpoint":"/e","language":"french","status":200}
            {"timestamp":"2025-03-01T10:00:00Z","service":"s","endpoint":"/e","language":"fr","status":200,"audio_seconds":"12"}
            {"timestamp":"2025-03-01T10:00:00Z","service":"s","endpoint":"/e","language":"fr","status":200}
            """
        let (_, result) = try load(try temporaryInput("usage.jsonl", lines))
        let errors = result.diagnostics.filter { $0.severity == .warning && $0.line != nil }
        #expect(errors.map(\.line) == [1, 2, 3])
        #expect(result.diagnostics.contains { $0.message == "3 records set aside" })
        #expect(errors[0].message.hasPrefix("timestamp: expected ISO 8601 with an offset"))
        #expect(errors[1].message.hasPrefix("language: expected an ISO 639-1 code"))
        #expect(errors[2].message.hasPrefix("audio_seconds: expected a number"))
        #expect(result.rowCount == 1)
    }

    @Test func usageRollupAndCSVLogAreDetected() throws {
        let rollup =
            "period,service,language,requests,files,audio_seconds,input_chars,input_tokens,output_tokens,energy_wh\n2025-02,translation,es,10,9,0,50000,12000,13000,\n"
        let (format, result) = try load(try temporaryInput("rollup.csv", rollup))
        #expect(format == .usageRollupCSV)
        #expect(result.activity.totals.values.first?.files == 9)
        let log =
            "timestamp;service;endpoint;language;status;duration_ms;audio_seconds\n2025-02-01T10:00:00+01:00;transcription;/t;es;200;1000;61,5\n"
        let (csvFormat, csv) = try load(try temporaryInput("log.csv", log))
        #expect(csvFormat == .usageLogCSV)
        #expect(csv.activity.totals.values.first?.audioSeconds == 61.5)
    }

    @Test func anUnknownFileNamesItsHeaderAndTheKnownFormats() throws {
        let file = try temporaryInput("foo.csv", "a,b,c\n1,2,3\n")
        do {
            _ = try load(file)
            Issue.record("expected an error")
        } catch let error as IngestError {
            #expect(
                error.description.hasPrefix(
                    "inputs/foo.csv: not a known export; its header \"a,b,c\" matches none of: CCF CLI"))
        }
    }

    @Test func nonUTF8InputIsReadAsWindows1252WithAWarningNamingTheLineAndByte() throws {
        var data = Data("Date,kilowatt hours,metric tons CO2e Emissions\n2025-01-01,1.0,0.1\n".utf8)
        let offset = data.count
        // "Totál,1,1": 0xE1 is á in Windows-1252 and not UTF-8.
        data += Data([0x54, 0x6F, 0x74, 0xE1, 0x6C, 0x2C, 0x31, 0x2C, 0x31, 0x0A])
        let (_, result) = try load(try temporaryInput("latin1.csv", data))
        let warning = try #require(result.diagnostics.first { $0.message.contains("Windows-1252") })
        #expect(warning.line == 3)
        #expect(warning.message.hasPrefix("byte \(offset + 3) is not UTF-8: 1 record read as Windows-1252"))
        #expect(warning.message.contains("Totál"))
        #expect(result.records.count == 1)
    }
}
