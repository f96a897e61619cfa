import Foundation
import Matrix
import Templates
import Testing

@testable import ReportGenCore

/// Every diagnostic that can reach a pack has a message code whose text exists in the four languages, so that the
/// French report of a workspace full of broken files has no English in its data quality.
///
/// The diagnostics come from what produces them: every fixture file and 40 seeded mutants of each fuzz sample read
/// alone, and a demo workspace to which hostile files are added (refused files, set-aside rows of every importer,
/// entries not read, overlaps and copies), built to its French report.
@Suite struct DiagnosticCoverageTests {
    /// Files that, added to the demo's inputs, make every importer, the listing and the precedence rules speak.
    static let hostileFiles: [(name: String, text: String)] = [
        // Refused whole: a quote never closed, no known format, an empty export, JSON that does not parse.
        ("broken.csv", "Date,kilowatt hours,metric tons CO2e Emissions\n\"2025-01-01,1,1\n"),
        ("paint.csv", "id,colour\n1,blue\n"),
        ("codecarbon-empty.csv", HostileInputTests.codeCarbonHeader),
        ("azure-broken.json", #"{"value": [{"dataType": "MonthlySummaryData", "#),
        ("duplicate-key.json", #"{"value": [], "value": []}"#),
        // Set-aside rows of CodeCarbon: a NUL line, a Windows-1252 byte, a shifted row, an empty duration, a
        // negative figure, a timestamp beyond the calendar, and a flushed run.
        (
            "codecarbon-hostile.csv",
            HostileInputTests.codeCarbonHeader + "2025-03-02T10:00:00,generation-x,r1,10,0.1,0.2\n\u{0}\u{0}\u{0}\n"
                + "2025-03-02T11:00:00,generation-x,r2,10,0.1,0.2,9\n2025-03-02T12:00:00,generation-x,r3,,0.1,0.2\n"
                + "2025-03-02T13:00:00,generation-x,r4,10,-1e6,0.2\n2999-03-01T10:00:00,generation-x,r5,1,0.1,0.2\n"
                + "2025-03-02T14:01:00,generation-x,r6,60,0.1,1\n2025-03-02T14:02:00,generation-x,r6,120,0.2,2\n"
        ),
        // The usage log: a line that is no JSON, a key given twice, a count beyond its range, a date that is not on
        // the calendar.
        (
            "usage-hostile.jsonl",
            [
                HostileInputTests.usageLine + "}", "not json", HostileInputTests.usageLine + #","service":"t"}"#,
                HostileInputTests.usageLine + #","gpu_seconds":1e300}"#,
                #"{"timestamp":"2025-02-31T10:00:00Z","service":"s","endpoint":"/e","language":"fr","status":200}"#,
            ].joined(separator: "\n") + "\n"
        ),
        ("rollup-hostile.csv", "period,service,language,requests,files\n2025-03,s,fr,1e300,1\n2025-13,s,fr,1,1\n"),
        // Azure: a page with a skipToken, a denied subscription, a non-finite figure and a date that is no date.
        (
            "azure-hostile.json",
            #"{"skipToken":"abc","subscriptionAccessDecisionList":[{"subscriptionId":"s-1","decision":"Denied","denialReason":"no role"}],"value":[{"dataType":"ItemDetailsData","date":"2025-03-01","latestMonthEmissions":"Infinity","resourceId":"/x/a"},{"dataType":"ItemDetailsData","date":"2025-99-01","latestMonthEmissions":1,"resourceId":"/x/b"}]}"#
        ),
        // The Emissions Impact Dashboard as OData: a dateKey that is no date, and a next page.
        (
            "eid-hostile.json",
            #"{"@odata.context":"x","@odata.nextLink":"y","value":[{"dateKey":"nan","totalEmissions":0.01},{"dateKey":20250301,"totalEmissions":"x"}]}"#
        ),
        // CCF: a malformed figure and no Total row.
        (
            "ccf-hostile.csv",
            "Date,kilowatt hours,metric tons CO2e Emissions\n2025-01-01,8.81,0.001103\n2025-01-02,8.8x,0.0011\n"
        ),
        // Entries that are not read: a dot-file and a README.
        (".hidden.csv", "a,b\n1,2\n"),
        ("README.md", "notes\n"),
    ]

    /// The demo workspace with ``hostileFiles`` and a copy of one of its files in a sub-folder.
    static func hostileWorkspace() throws -> URL {
        let root = try demoWorkspace()
        let inputs = root.appendingPathComponent("inputs")
        for (name, text) in hostileFiles {
            try Data(text.utf8).write(to: inputs.appendingPathComponent(name))
        }
        try Data([0x69, 0x64, 0x2C, 0xE9, 0x0A]).write(to: inputs.appendingPathComponent("latin1.csv"))
        // GPU measurements of hosts no service names, one of them a restarted nvidia-smi log.
        for fixture in ["measurement/nvidia-smi-restarted.csv", "measurement/dcgm-openmetrics.txt"] {
            try FileManager.default.copyItem(
                at: fixturesDirectory.appendingPathComponent(fixture),
                to: inputs.appendingPathComponent((fixture as NSString).lastPathComponent))
        }
        let copy = inputs.appendingPathComponent("copies")
        try FileManager.default.createDirectory(at: copy, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: inputs.appendingPathComponent("ccf-results-2025-04-02.csv"),
            to: copy.appendingPathComponent("ccf-results-2025-04-02.csv"))
        return root
    }

    /// The diagnostics whose French text is missing, or still English (no code, or a code without its text).
    static func untranslated(_ diagnostics: [Diagnostic], view: PackView) -> [String] {
        var problems: Set<String> = []
        for diagnostic in diagnostics {
            let (text, isTranslated) = view.diagnosticText(diagnostic)
            if !isTranslated {
                problems.insert("no code: \(diagnostic.message)")
            } else if text.range(of: #"\{[a-zA-Z]+\}"#, options: .regularExpression) != nil {
                problems.insert("placeholder left in \"\(text)\" for: \(diagnostic.message)")
            }
        }
        return problems.sorted()
    }

    static func frenchView(_ content: PackContent) throws -> PackView {
        PackView(
            content: content, language: .fr, strings: try TemplateSet.builtIn().strings(for: .fr), toolVersion: "t")
    }

    @Test func everyDiagnosticOfAHostileWorkspaceIsTranslatedAndItsFrenchDataQualityHasNoEnglish() throws {
        let root = try Self.hostileWorkspace()
        var request = PackRequest(workspace: root)
        request.options.now = SharedDemo.buildTime
        // Rendered in memory (the pipeline and the report, not the archive).
        let rendered = try PackBuilder.render(
            request, workspace: try Workspace.load(root), progress: SilentProgress())
        let content = rendered.content
        // The hostile files spoke: refusals, set-aside rows and entries not read are all there.
        #expect(content.refusedInputs.count >= 5)
        #expect(content.diagnostics.count >= 30)
        #expect(Self.untranslated(content.diagnostics, view: try Self.frenchView(content)) == [])
        let codes = Set(content.diagnostics.compactMap { DiagnosticCatalog.coded($0).code })
        // Each kind of file spoke: refusals, set-aside rows of each importer, entries not read, a copy, GPU series.
        let expected: Set<String> = [
            "unterminated_quote", "unknown_format", "invalid_json", "nul_bytes", "codecarbon_empty_field",
            "usage_not_json", "usage_duplicate_key", "field_expected_set_aside", "rows_set_aside", "azure_page",
            "azure_denied", "eid_paged", "listing_hidden_file", "listing_readme", "identical_copy", "nvidia_no_power",
            "nvidia_short_row", "nvidia_header_repeated", "prometheus_other_metrics", "measured_gpu_unmatched",
            "measured_gap_missing",
        ]
        #expect(expected.subtracting(codes).sorted() == [])
        let index = try #require(rendered.files.first { $0.name == "index.html" })
        let html = try #require(HTMLDocument(index.data))
        let prose = html.elements("//section[@id='quality']" + FrenchTextScan.proseXPath).map(\.text)
        #expect(!prose.isEmpty)
        #expect(FrenchTextScan.violations(in: prose) == [])
        #expect(html.elements("//section[@id='quality']//*[@lang='en']").isEmpty)
    }

    @Test func aUsageLogWith3000BadLinesBuildsAndTheFrenchPackCountsThem() throws {
        let root = try demoWorkspace()
        let good =
            #"{"timestamp":"2025-03-10T10:00:00Z","service":"transcription","endpoint":"/v1/transcribe","language":"fr","status":200}"#
        let lines = [good] + Array(repeating: "not json", count: 3000) + [good]
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(
            to: root.appendingPathComponent("inputs/usage-extra.jsonl"))
        let content = try ReportPipeline(workspace: try Workspace.load(root)).run(
            options: BuildOptions(now: SharedDemo.buildTime), progress: SilentProgress())
        #expect(content.refusedInputs.isEmpty)
        let total = try #require(
            content.diagnostics.first { $0.file == "inputs/usage-extra.jsonl" && $0.message.contains("(first 50") })
        #expect(total.message == "3,000 records set aside (first 50 listed)")
        // In French: 3 000 with the narrow no-break space that groups thousands.
        #expect(
            try Self.frenchView(content).diagnosticText(total).text
                == "3\u{202F}000 enregistrements écartés (50 premiers listés)")
    }

    @Test func rowsSetAsideTakeArabicsDualAndPluralForms() throws {
        let content = try SharedDemo.content()
        let arabic = PackView(
            content: content, language: .ar, strings: try TemplateSet.builtIn().strings(for: .ar), toolVersion: "t")
        func text(_ message: String) -> String { arabic.diagnosticText(.warning("a.csv", message)).text }
        // CLDR Arabic: 2 is "two" (the dual سجلان), 3–10 "few" (سجلات), 11–99 "many" (سجلًا).
        #expect(text("2 records set aside") == "استُبعد سجلان")
        #expect(text("3 records set aside").hasSuffix("سجلات"))
        #expect(text("12 records set aside").hasSuffix("سجلًا"))
    }

    @Test func everyDiagnosticOfTheFixturesAndOfTheirMutantsHasACodeInTheFourLanguages() throws {
        let set = try TemplateSet.builtIn()
        let content = try SharedDemo.content()
        var diagnostics = content.diagnostics
        let fixtures = try FileManager.default.subpathsOfDirectory(atPath: fixturesDirectory.path).filter {
            !$0.hasSuffix(".md") && !$0.hasPrefix(".")
                && !((try? fixturesDirectory.appendingPathComponent($0).resourceValues(forKeys: [.isDirectoryKey]))?
                    .isDirectory ?? true)
        }.sorted()
        #expect(fixtures.count > 40)
        let directory = try temporaryDirectory()
        var files: [InputFile] = fixtures.map {
            InputFile(name: "inputs/" + $0, url: fixturesDirectory.appendingPathComponent($0))
        }
        for sample in ImporterFuzzTests.samples {
            let original = try [UInt8](Data(contentsOf: fixturesDirectory.appendingPathComponent(sample)))
            var generator = SeededGenerator(seed: 20_251_201)
            let suffix = (sample as NSString).pathExtension
            for index in 0..<40 {
                let name = "\((sample as NSString).lastPathComponent)-mutant-\(index).\(suffix)"
                let url = directory.appendingPathComponent(name)
                try Data(ImporterFuzzTests.mutate(original, using: &generator)).write(to: url)
                files.append(InputFile(name: "inputs/" + name, url: url))
            }
        }
        // One file at a time, so that no copy is taken for another and each is read on its own.
        for file in files {
            diagnostics += Ingestion.run([file], context: paris, hash: { _ in ("", 0) }).diagnostics
        }
        #expect(diagnostics.count > 200)
        for language in ReportLanguage.allCases {
            let view = PackView(
                content: content, language: language, strings: set.strings(for: language), toolVersion: "t")
            #expect(Self.untranslated(diagnostics, view: view) == [], "\(language)")
        }
    }
}
