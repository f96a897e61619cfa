import Foundation
import Testing

@testable import ReportGenCore

/// Inputs that crashed or exhausted ReportGen in the reliability survey of issue 17, each rebuilt small: every one
/// must give a set-aside row or a diagnostic naming the file and place, never a trap.
@Suite struct HostileInputTests {
    /// The warnings that set rows aside, for one file's result.
    func setAside(_ result: ImportResult) -> [Diagnostic] {
        result.diagnostics.filter { $0.severity == .warning && $0.message.hasSuffix("row set aside") }
    }

    static let codeCarbonHeader = "timestamp,project_name,run_id,duration,emissions,energy_consumed\n"

    @Test func aCodeCarbonLineOfNULsIsSetAsideAndEveryOtherRowKept() throws {
        var data = Data((Self.codeCarbonHeader + "2025-03-01T10:00:00,p,r1,10,0.1,0.2\n").utf8)
        data += Data(repeating: 0, count: 206_476)
        data += Data("2025-03-01T11:00:00,p,r2,10,0.1,0.2\n2025-03-01T12:00:00,p,r3,10,0.3,0.4\n".utf8)
        let (_, result) = try load(try temporaryInput("emissions.csv", data))
        // Rows 2 and 4 kept: 0.1 + 0.3 kg.
        #expect(runCount(result.records) == 2)
        #expect(abs(sumKg(result.records) - 0.4) < 1e-12)
        let warning = try #require(setAside(result).first)
        #expect(warning.line == 3)
        #expect(warning.message.hasPrefix("206476 NUL bytes in the line"))
        // The excerpt is escaped and short: no raw NUL, a few hundred characters at most.
        #expect(!warning.message.contains("\u{0}"))
        #expect(warning.message.count < 300)
    }

    @Test func aUsageLogWith3000BadLinesBuildsSetsThemAsideAndSays3000() throws {
        // The first line is good (the detector reads it), then 3,000 bad ones, then 9 more good ones.
        let good = #"{"timestamp":"2025-03-01T10:00:00Z","service":"s","endpoint":"/e","language":"fr","status":200}"#
        let lines = [good] + (0..<3000).map { _ in "not json" } + (0..<9).map { _ in good }
        let (_, result) = try load(try temporaryInput("usage.jsonl", lines.joined(separator: "\n")))
        #expect(result.rowCount == 10)
        #expect(setAside(result).count == 50)
        #expect(result.diagnostics.contains { $0.message == "3,000 records set aside (first 50 listed)" })
        #expect(!result.diagnostics.contains { $0.severity == .error })
    }

    @Test func runIdNoneForThreeDistinctRunsKeepsTheThree() throws {
        // CodeCarbon 2.8.3 writes the literal None: three runs hours apart (starts 10:00, 13:00, 16:00).
        let text =
            Self.codeCarbonHeader
            + "2025-03-01T10:01:40,p,None,100,0.1,1\n2025-03-01T13:00:50,p,None,50,0.2,2\n2025-03-01T16:03:20,p,None,200,0.3,3\n"
        let (_, result) = try load(try temporaryInput("emissions.csv", text))
        #expect(runCount(result.records) == 3)
        #expect(abs(sumKg(result.records) - 0.6) < 1e-12)
        #expect(result.codeCarbon?.runs.allSatisfy { !$0.hasRunId } == true)
    }

    @Test func aFlushedRunKeepsItsLongestRowWithOneNotePerRun() throws {
        // One run started at 10:00:00 flushed three times (cumulative rows), then a later, shorter run with the
        // same run_id: a new run, not a flush.
        let text =
            Self.codeCarbonHeader
            + "2025-03-01T10:01:00,p,r,60,0.1,1\n2025-03-01T10:02:00,p,r,120,0.2,2\n2025-03-01T10:03:00,p,r,180,0.3,3\n2025-03-01T12:00:30,p,r,30,0.05,0.5\n"
        let (_, result) = try load(try temporaryInput("emissions.csv", text))
        #expect(runCount(result.records) == 2)
        #expect(abs(sumKg(result.records) - 0.35) < 1e-12)
        let notes = result.diagnostics.filter { $0.message.contains("flush") }
        #expect(notes.count == 1)
        #expect(notes.first?.message == "run r was written more than once (flush): only its longest row is kept")
    }

    @Test func anItemPageWithASkipTokenAndNoNextPageLeavesTheMonthAtTheMonthlySummary() throws {
        let summary = try temporaryInput(
            "summary.json",
            #"{"value":[{"dataType":"MonthlySummaryData","date":"2025-03-01","latestMonthEmissions":205.4}]}"#)
        let page = try temporaryInput(
            "page1.json",
            #"{"skipToken":"abc","value":[{"dataType":"ItemDetailsData","date":"2025-03-01","resourceId":"/r/1","latestMonthEmissions":100.0},{"dataType":"ItemDetailsData","date":"2025-03-01","resourceId":"/r/2","latestMonthEmissions":84.8}]}"#
        )
        let records = try load(summary).result.records + load(page).result.records
        let (kept, diagnostics) = SourcePrecedence.apply(records)
        let counted = kept.filter(\.isCounted)
        // 100 + 84.8 = 184.8 kg of 205.4: 10.0 % missing; the month stays at 205.4 kg.
        #expect(abs(sumKg(counted) - 205.4) < 1e-9)
        let warning = try #require(diagnostics.first { $0.message.hasPrefix("partial data for 2025-03") })
        #expect(warning.severity == .warning)
        #expect(warning.message.contains("10.0 % short"))
    }

    @Test func aMonthlySummaryWithoutItemsKeepsItsTotalAndNoCCFIsAddedToIt() throws {
        let summary = try temporaryInput(
            "summary.json",
            #"{"value":[{"dataType":"MonthlySummaryData","date":"2025-03-01","latestMonthEmissions":205.4}]}"#)
        let ccf = try temporaryInput(
            "ccf.csv",
            "Date,kilowatt hours,metric tons CO2e Emissions\n2025-03-01,10,0.0500\n2025-04-01,10,0.0400\nTotal,20,0.0900\n"
        )
        let (kept, diagnostics) = SourcePrecedence.apply(try load(summary).result.records + load(ccf).result.records)
        // March: the summary's 205.4 kg and no CCF added (its 50 kg set aside); April, which Azure does not cover,
        // keeps CCF's 40 kg.
        let counted = kept.filter(\.isCounted)
        #expect(abs(sumKg(counted.filter { $0.period.description == "2025-03" }) - 205.4) < 1e-12)
        #expect(abs(sumKg(counted.filter { $0.period.description == "2025-04" }) - 40) < 1e-12)
        #expect(
            diagnostics.contains { $0.file == "inputs/ccf.csv" && $0.message.contains("MonthlySummary is its total") })
    }

    @Test func theRESTJSONAndThePortalCSVOfOneMonthCountOnceWithANote() throws {
        let json = try temporaryInput(
            "a-rest.json",
            #"{"value":[{"dataType":"ItemDetailsData","date":"2025-03-01","resourceId":"/r/1","latestMonthEmissions":30.5},{"dataType":"ItemDetailsData","date":"2025-03-01","resourceId":"/r/2","latestMonthEmissions":20.78}]}"#
        )
        let csv = try temporaryInput(
            "b-portal.csv", "Date,Resource Id,Latest Month Emissions\n2025-03-01,/r/1,30.5\n2025-03-01,/r/2,20.78\n")
        let (kept, diagnostics) = SourcePrecedence.apply(
            try load(json).result.records + load(csv).result.records)
        // 30.5 + 20.78 = 51.28 kg, not 102.56.
        #expect(abs(sumKg(kept.filter(\.isCounted)) - 51.28) < 1e-9)
        #expect(diagnostics.contains { $0.file == "inputs/b-portal.csv" && $0.message.contains("inputs/a-rest.json") })
    }

    @Test func theEIDCSVAndTheSameQuarterAsODataJSONCountOnce() throws {
        let csv = try temporaryInput(
            "eid.csv",
            "dateKey,subscriptionId,azureServiceName,azureRegionName,scope,totalEmissions\n20250101,s,VM,westeurope,Scope1,0.01\n20250201,s,VM,westeurope,Scope1,0.02\n"
        )
        let json = try temporaryInput(
            "eid.json",
            #"{"@odata.context":"x","value":[{"dateKey":20250101,"subscriptionId":"s","azureServiceName":"VM","azureRegionName":"westeurope","scope":"Scope1","totalEmissions":0.01},{"dateKey":20250201,"subscriptionId":"s","azureServiceName":"VM","azureRegionName":"westeurope","scope":"Scope1","totalEmissions":0.02}]}"#
        )
        let (kept, diagnostics) = SourcePrecedence.apply(try load(csv).result.records + load(json).result.records)
        // 0.01 + 0.02 t = 30 kg once.
        #expect(abs(sumKg(kept.filter(\.isCounted)) - 30) < 1e-9)
        #expect(diagnostics.contains { $0.message.contains("already counted from inputs/eid.csv") })
    }

    @Test func aCopyInASubFolderAndALogGivenTwiceAreReadOnce() throws {
        let root = try temporaryDirectory()
        let inputs = root.appendingPathComponent("inputs")
        try FileManager.default.createDirectory(
            at: inputs.appendingPathComponent("old"), withIntermediateDirectories: true)
        let ccf = try Data(
            contentsOf: fixturesDirectory.appendingPathComponent("samples/ccf-cli-day-2025-01-01_2025-01-14.csv"))
        try ccf.write(to: inputs.appendingPathComponent("ccf.csv"))
        try ccf.write(to: inputs.appendingPathComponent("old/ccf.csv"))
        let log = Data(
            #"{"timestamp":"2025-03-01T10:00:00Z","service":"s","endpoint":"/e","language":"fr","status":200}"#.utf8)
        try log.write(to: inputs.appendingPathComponent("usage.jsonl"))
        try log.write(to: inputs.appendingPathComponent("usage-again.jsonl"))
        let outcome = Ingestion.run(try Workspace.inputListing(of: root), context: paris, hash: streamingSHA256)
        // 14 days once (the Total row gives 14.512 kg), one request once.
        #expect(outcome.records.count == 14)
        #expect(outcome.activity.totals.values.reduce(0) { $0 + $1.requests } == 1)
        #expect(outcome.diagnostics.filter { $0.message.hasPrefix("byte-identical to") }.count == 2)
    }

    @Test func entriesOfInputsThatAreNotReadAreListedWithTheirReasons() throws {
        let root = try temporaryDirectory()
        let inputs = root.appendingPathComponent("inputs")
        let manager = FileManager.default
        try manager.createDirectory(at: inputs.appendingPathComponent(".cache"), withIntermediateDirectories: true)
        for name in [".march.json", "README.md", "emissions.csv.bak", ".cache/x.csv", "unknown.csv"] {
            try Data("a,b\n1,2\n".utf8).write(to: inputs.appendingPathComponent(name))
        }
        try manager.createSymbolicLink(
            at: inputs.appendingPathComponent("link.csv"),
            withDestinationURL: inputs.appendingPathComponent("unknown.csv"))
        #expect(mkfifo(inputs.appendingPathComponent("pipe").path, 0o600) == 0)
        let listing = try Workspace.inputListing(of: root)
        #expect(listing.files.map(\.name) == ["inputs/unknown.csv"])
        let reasons = Dictionary(uniqueKeysWithValues: listing.skipped.map { ($0.file, $0.message) })
        #expect(reasons["inputs/.march.json"]?.hasPrefix("a hidden file") == true)
        #expect(reasons["inputs/.cache/"]?.hasPrefix("a hidden folder") == true)
        #expect(reasons["inputs/README.md"]?.hasPrefix("a README") == true)
        #expect(reasons["inputs/emissions.csv.bak"]?.hasPrefix("a backup copy") == true)
        #expect(reasons["inputs/link.csv"]?.hasPrefix("a symbolic link") == true)
        #expect(reasons["inputs/pipe"]?.hasPrefix("not a regular file") == true)
        // The unknown file does not stop anything: it is listed as not read.
        let outcome = Ingestion.run(listing, context: paris, hash: streamingSHA256)
        #expect(!outcome.hasErrors)
        #expect(outcome.diagnostics.contains { $0.file == "inputs/unknown.csv" && $0.message.hasPrefix("not read:") })
    }

    // MARK: The crashing inputs of the survey, and the range checks.

    /// Reads `text` as `name` and returns the set-aside warnings (never traps).
    func setAsideRows(_ name: String, _ text: String) throws -> [Diagnostic] {
        setAside(try load(try temporaryInput(name, text)).result)
    }

    static let usageLine =
        #"{"timestamp":"2025-03-01T10:00:00Z","service":"s","endpoint":"/e","language":"fr","status":200"#

    @Test(arguments: [
        (Self.usageLine + #","gpu_seconds":1e300}"#, "gpu_seconds: expected a number from 0 to 1e9"),
        (Self.usageLine + #","duration_ms":-5}"#, "duration_ms: expected a number from 0 to 1e9"),
        (
            #"{"timestamp":"2025-02-31T10:00:00Z","service":"s","endpoint":"/e","language":"fr","status":200}"#,
            "timestamp: expected ISO 8601"
        ),
        (Self.usageLine + #","service":"t"}"#, #"the key "service" appears twice"#),
        (
            #"{"timestamp":"2025-03-01T10:00:00Z","service":"s\#u{0}x","endpoint":"/e","language":"fr","status":200}"#,
            "expected a JSON object on one line"
        ),
    ])
    func aHostileUsageLineIsSetAsideWithItsReason(line: String, reason: String) throws {
        // A good first line (what the detector reads), then the hostile one.
        let rows = try setAsideRows("usage.jsonl", Self.usageLine + "}\n" + line)
        #expect(rows.count == 1)
        #expect(rows.first?.line == 2)
        #expect(rows.first?.message.hasPrefix(reason) == true, "\(rows.first?.message ?? "")")
    }

    @Test(arguments: ["requests", "files"])
    func aRollupCountOf1e300IsSetAside(column: String) throws {
        let header = "period,service,language,requests,files\n"
        let row = column == "requests" ? "2025-03,s,fr,1e300,1\n" : "2025-03,s,fr,1,1e300\n"
        let rows = try setAsideRows("rollup.csv", header + row)
        #expect(rows.first?.message.hasPrefix("\(column): expected a whole number from 0 to 1e12") == true)
        #expect(rows.first?.column == (column == "requests" ? 4 : 5))
    }

    @Test(arguments: [
        ("100000000000000-03-01T10:00:00", "timestamp: expected a local time"),
        ("2999-03-01T10:00:00", "timestamp: expected a local time"),
        ("2025-02-30T10:00:00", "timestamp: expected a local time"),
    ])
    func aCodeCarbonTimestampOutsideTheCalendarIsSetAside(timestamp: String, reason: String) throws {
        let rows = try setAsideRows("emissions.csv", Self.codeCarbonHeader + "\(timestamp),p,r,1,0.1,0.2\n")
        #expect(rows.first?.message.hasPrefix(reason) == true)
        #expect(rows.first?.line == 2)
        #expect(rows.first?.column == 1)
    }

    @Test func negativeCodeCarbonEmissionsAreSetAside() throws {
        let rows = try setAsideRows("emissions.csv", Self.codeCarbonHeader + "2025-03-01T10:00:00,p,r,1,-1e6,0.2\n")
        #expect(rows.first?.message.hasPrefix("emissions: expected a number ≥ 0") == true)
    }

    @Test(arguments: [#""nan""#, #""inf""#, "1e300", "-20250101", #""20250231x""#])
    func anODataDateKeyThatIsNoDateIsSetAside(dateKey: String) throws {
        let text = #"{"@odata.context":"x","value":[{"dateKey":\#(dateKey),"totalEmissions":0.01}]}"#
        let rows = try setAsideRows("eid.json", text)
        #expect(rows.first?.message.hasPrefix("/value/0/dateKey: expected a dateKey yyyymmdd") == true)
    }

    @Test(arguments: [#""Infinity""#, "1e308", "-1e6", #""NaN""#])
    func anAzureEmissionThatIsNotAUsableNumberIsSetAside(value: String) throws {
        let text =
            #"{"value":[{"dataType":"MonthlySummaryData","date":"2025-03-01","latestMonthEmissions":\#(value)},{"dataType":"MonthlySummaryData","date":"2025-02-01","latestMonthEmissions":28.6}]}"#
        let (_, result) = try load(try temporaryInput("azure.json", text))
        #expect(setAside(result).first?.message.hasPrefix("/value/0/latestMonthEmissions: expected a number") == true)
        // The good month is kept.
        #expect(result.records.map(\.kgCO2e) == [28.6])
    }

    @Test func anXLSXSharedStringIndexOfMinusOneIsAnErrorNamingTheCell() throws {
        var workbook = XLSXWriter.workbook(sheets: [("E", [["dateKey", "totalEmissions"], ["20250101", "0.1"]])])
        workbook = try replacingSheet(in: workbook) {
            $0.replacingOccurrences(of: #"<c r="A2"><v>20250101</v></c>"#, with: #"<c r="A2" t="s"><v>-1</v></c>"#)
        }
        do {
            _ = try load(try temporaryInput("eid.xlsx", workbook))
            Issue.record("expected an error")
        } catch let error as IngestError {
            #expect(error.description.contains("expected an index from 0 to"))
            #expect(error.line == 2)
        }
    }

    @Test func anXLSXCellReferenceBeyondXFDIsAnError() throws {
        var workbook = XLSXWriter.workbook(sheets: [("E", [["dateKey", "totalEmissions"], ["20250101", "0.1"]])])
        workbook = try replacingSheet(in: workbook) {
            $0.replacingOccurrences(of: #"r="B2""#, with: #"r="ZZZZZZZZZZZZZZZ1""#)
        }
        do {
            _ = try load(try temporaryInput("eid.xlsx", workbook))
            Issue.record("expected an error")
        } catch let error as IngestError {
            #expect(error.description.contains("a column from A to XFD"))
        }
    }

    @Test func aZipBombIsRefusedBeforeItInflates() throws {
        // 64 MiB of zeros deflate to about 64 KiB: a ratio near 1,000, refused above 200.
        let zeros = Data(repeating: 0x20, count: 64 << 20)
        let bomb = XLSXWriter.zip([
            (
                "xl/workbook.xml", Data(#"<workbook><sheets><sheet name="E" r:id="rId1"/></sheets></workbook>"#.utf8),
                false
            ),
            ("xl/worksheets/sheet1.xml", zeros, true),
        ])
        let start = Date()
        do {
            _ = try load(try temporaryInput("bomb.xlsx", bomb))
            Issue.record("expected a refusal")
        } catch let error as IngestError {
            guard case .tooLarge = error else {
                Issue.record("expected tooLarge, got \(error)")
                return
            }
            #expect(error.description.contains("a zip bomb?"))
        }
        #expect(Date().timeIntervalSince(start) < 10)
    }

    @Test func duplicatedLanguagesAreConfigurationErrorsNamingTheLine() {
        let text = "organisation: o\nlanguages: [fr, fr, fr]\nreport_languages:\n  - en\n  - en\n"
        do {
            _ = try WorkspaceConfig.parse(text, file: "reportgen.yaml")
            Issue.record("expected errors")
        } catch {
            let duplicates = error.errors.filter { $0.message.hasPrefix("expected each entry once") }
            #expect(duplicates.map(\.path) == ["languages[1]", "languages[2]", "report_languages[1]"])
            #expect(duplicates.map(\.line) == [2, 2, 5])
        }
    }

    @Test func aThousandServicesAreRefusedWithinSecondsWithTheLimit() {
        let start = Date()
        let text = "services:\n" + (0..<1000).map { "  - id: s\($0)\n" }.joined()
        do {
            _ = try WorkspaceConfig.parse(text, file: "reportgen.yaml")
            Issue.record("expected errors")
        } catch {
            #expect(error.errors.contains { $0.message.hasPrefix("expected at most 16 services, found 1000") })
        }
        #expect(Date().timeIntervalSince(start) < 10)
    }

    @Test func drawsAboveTheLimitAreRefused() {
        do {
            _ = try WorkspaceConfig.parse("uncertainty:\n  draws: 1000000\n", file: "reportgen.yaml")
            Issue.record("expected errors")
        } catch {
            #expect(error.errors.contains { $0.path == "uncertainty.draws" && $0.message.contains("100 to 100000") })
        }
    }

    @Test func aTrailingEmptyElementOfACCFCacheIsSkippedWithANote() throws {
        let text =
            #"[{"timestamp":"2025-03-01T00:00:00.000Z","serviceEstimates":[{"serviceName":"vm","kilowattHours":10,"co2e":0.0667}]},[]]"#
        let (format, result) = try load(try temporaryInput("cache.json", text))
        #expect(format == .ccfFootprintJSON)
        // 0.0667 t = 66.7 kg kept.
        #expect(abs(sumKg(result.records) - 66.7) < 1e-9)
        #expect(result.diagnostics.contains { $0.message.hasPrefix("1 empty element [] skipped") })
    }

    @Test func aJSONObjectWithADuplicatedKeyIsRefusedNamingTheKeyAndLine() throws {
        // Two "value" members: JSONSerialization would keep one page and drop the other without a word.
        let text = """
            {"value":[{"dataType":"MonthlySummaryData","date":"2025-03-01","latestMonthEmissions":1}],
            "value":[{"dataType":"MonthlySummaryData","date":"2025-03-01","latestMonthEmissions":2}]}
            """
        do {
            _ = try load(try temporaryInput("azure.json", text))
            Issue.record("expected a refusal")
        } catch let error as IngestError {
            #expect(error.description.contains(#"the key "value" twice in one object, line 2"#))
        }
        // The same key in two objects is fine.
        #expect(firstDuplicateJSONKey(in: Array(#"[{"a":1,"b":{"a":2}},{"a":"x\"a"}]"#.utf8)) == nil)
    }

    @Test func aUTF16FileWithABOMIsDecoded() throws {
        let text = "Date,kilowatt hours,metric tons CO2e Emissions\n2025-01-01,1.00,0.000500\nTotal,1.00,0.000500\n"
        var data = Data([0xFF, 0xFE])
        for unit in text.utf16 { data += Data([UInt8(unit & 0xFF), UInt8(unit >> 8)]) }
        let (format, result) = try load(try temporaryInput("ccf.csv", data))
        #expect(format == .ccfCLIDay)
        #expect(abs(sumKg(result.records) - 0.5) < 1e-12)
    }

    /// The workbook with its first worksheet's XML rewritten (stored, not deflated, so the test can edit it).
    func replacingSheet(in workbook: Data, _ edit: (String) -> String) throws -> Data {
        let zip = try ZIPArchive(fileName: "w.xlsx", data: workbook)
        var members: [(String, Data, Bool)] = []
        for name in [
            "[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
            "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml",
        ] {
            guard var data = try zip.contents(name) else { continue }
            if name == "xl/worksheets/sheet1.xml" { data = Data(edit(String(decoding: data, as: UTF8.self)).utf8) }
            members.append((name, data, false))
        }
        return XLSXWriter.zip(members)
    }
}
