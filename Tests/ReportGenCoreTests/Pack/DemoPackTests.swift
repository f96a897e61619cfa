import Foundation
import Testing

@testable import ReportGenCore

/// Builds the bundled demo workspace end to end.
@Suite(.serialized) struct DemoPackTests {
    @Test func theDemoBuildsAPackWithEveryServiceAndMonth() throws {
        let folder = try SharedDemo.pack()  // built at 29 November 2025, 08:00 UTC
        #expect(folder.lastPathComponent == "2025-03")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(
            names == [
                "emissions.csv", "factors.csv", "forecast.csv", "index.ar.html", "index.en.html", "index.es.html",
                "index.html", "manifest.json", "matrix.csv", "pack.json", "recommendations.csv", "reconciliation.csv",
            ])
        let html = try String(contentsOf: folder.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(html.contains("<html lang=\"fr\" dir=\"ltr\">"))
        #expect(html.contains("Contoso Linguistics SAS"))
        // Service names as reportgen.yaml gives them in French.
        for service in [
            "Transcription (Whisper large-v3)", "Traduction (NLLB-200, 3,3 Md de paramètres)",
            "Génération (Mistral 7B, Ollama)",
        ] {
            #expect(html.contains(service))
        }
        #expect(!html.contains("Translation (NLLB-200 3.3B)"))
        #expect(html.contains("mars 2025"))
        // Self-contained: nothing fetched from the network, no script (the SVG namespace URI is not a fetch).
        for external in ["<script", "<link", "src=\"http", "href=\"http", "url(http"] {
            #expect(!html.contains(external))
        }
        let english = try String(contentsOf: folder.appendingPathComponent("index.en.html"), encoding: .utf8)
        #expect(english.contains("March 2025"))
        #expect(english.contains("29 November 2025"))
        #expect(english.contains("Translation (NLLB-200 3.3B)"))
        let spanish = try String(contentsOf: folder.appendingPathComponent("index.es.html"), encoding: .utf8)
        #expect(spanish.contains("<html lang=\"es\" dir=\"ltr\">"))
        #expect(spanish.contains("marzo de 2025") && spanish.contains("29 de noviembre de 2025"))
        let arabic = try String(contentsOf: folder.appendingPathComponent("index.ar.html"), encoding: .utf8)
        #expect(arabic.contains("<html lang=\"ar\" dir=\"rtl\">"))
        #expect(arabic.contains("مارس 2025"))
    }

    @Test func theDemoTotalsFollowTheProviderFirstRule() throws {
        let content = try SharedDemo.content()
        // Azure Carbon optimization has precedence: March's items sum to 51.2828 kgCO2e (samples README), all of it
        // mapped to the three services (gateway and storage split by requests), nothing unallocated.
        let march = YearMonth(year: 2025, month: 3)
        #expect(abs(content.totalKg(march) - 51.2828) < 1e-9)
        #expect(content.serviceIDs == ["transcription", "translation", "generation"])
        // Generation = AKS GPU pool 22.7582 + AKS control plane 0.4346 + its request share of gateway and storage.
        let generation = content.emissions.retainedKg("generation", march)
        #expect(generation > 22.7582 + 0.4346 && generation < 22.7582 + 0.4346 + 1.9822 + 0.8798)
        // The Emissions Impact Dashboard covers the same months: set aside with a warning, not counted twice.
        #expect(
            content.diagnostics.contains {
                $0.file.contains("emissions-impact-dashboard") && $0.message.contains("set aside")
            })
        #expect(content.records.filter { $0.source == .emissionsImpactDashboard }.allSatisfy { !$0.isCounted })
    }

    @Test func aRefusedFileLeavesTheRestOfTheWorkspaceBuiltAndIsListedInThePack() throws {
        let root = try demoWorkspace()
        // A quoted field never closed: nothing after it can be trusted, so the file is refused whole (an error);
        // a file of no known format is refused too (a warning). The demo's own files still build the month.
        try Data("Date,kilowatt hours,metric tons CO2e Emissions\n\"2025-01-01,1,1\n".utf8).write(
            to: root.appendingPathComponent("inputs/broken.csv"))
        try Data("id,colour\n1,blue\n".utf8).write(to: root.appendingPathComponent("inputs/paint.csv"))
        var request = PackRequest(workspace: root)
        request.options.now = SharedDemo.buildTime
        let outcome = try PackBuilder.run(request, progress: SilentProgress())
        #expect(outcome.refused.map(\.file) == ["inputs/broken.csv", "inputs/paint.csv"])
        #expect(outcome.refused.map(\.severity) == [.error, .warning])
        #expect(outcome.errorCount == 1)
        // The figures are the demo's: the refused files add nothing. March 2025's retained total, as the shared demo
        // pack (built without them) gives it.
        let pack =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: outcome.folder.appendingPathComponent("pack.json"))) as? [String: Any]
        let shared =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: SharedDemo.pack().appendingPathComponent("pack.json"))) as? [String: Any]
        let totals = try #require(pack?["totals"] as? [String: Double])
        #expect(totals == (shared?["totals"] as? [String: Double]))
        let refused = try #require(pack?["refusedInputs"] as? [[String: Any]])
        #expect(refused.map { $0["file"] as? String } == ["inputs/broken.csv", "inputs/paint.csv"])
        #expect(refused.map { $0["code"] as? String } == ["unterminated_quote", "unknown_format"])
        // The schema knows refusedInputs (its objects are closed), where the validator is installed.
        if PackSchemaValidator.isAvailable {
            let verdicts = try PackSchemaValidator.verdicts([outcome.folder.appendingPathComponent("pack.json")])
            #expect(verdicts.map(\.valid) == [true], "\(verdicts.compactMap(\.error))")
        }
        // The French report names each refused file in its data-quality section, in French.
        let html = try String(contentsOf: outcome.folder.appendingPathComponent("index.html"), encoding: .utf8)
        let start = try #require(html.range(of: "<section id=\"quality\""))
        let quality = String(html[start.lowerBound...])
        #expect(quality.contains("Fichiers refusés"))
        // The quote that is never closed opens on line 2.
        #expect(quality.contains("<code>inputs/broken.csv:2</code>"))
        #expect(quality.contains("<code>inputs/paint.csv</code>"))
        #expect(quality.contains("un champ entre guillemets n’est jamais refermé"))
    }

    @Test func aStrictBuildWithARefusedFileFailsAndLeavesNoPackBehind() throws {
        let root = try demoWorkspace()
        // A workspace without an archive yet: the failed build creates none.
        for name in try FileManager.default.contentsOfDirectory(atPath: root.path)
        where name.hasPrefix("archive.sqlite") {
            try FileManager.default.removeItem(at: root.appendingPathComponent(name))
        }
        try Data("Date,kilowatt hours,metric tons CO2e Emissions\n\"2025-01-01,1,1\n".utf8).write(
            to: root.appendingPathComponent("inputs/broken.csv"))
        var request = PackRequest(workspace: root)
        request.options.isStrict = true
        #expect {
            try PackBuilder.build(request, progress: SilentProgress())
        } throws: { error in
            guard case BuildError.inputsHaveErrors(let errors) = error else { return false }
            return errors.map(\.file) == ["inputs/broken.csv"]
        }
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("packs/2025-03").path))
        let leftovers =
            (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("packs").path)) ?? []
        #expect(leftovers.isEmpty)
        let archives = try FileManager.default.contentsOfDirectory(atPath: root.path).filter {
            $0.hasPrefix("archive.sqlite")
        }
        #expect(archives.isEmpty)
    }

    @Test func aTemplateErrorNamesTheFileAndLineAndWritesNothing() throws {
        let root = try demoWorkspace()
        let templates = try temporaryDirectory()
        try Data("<html>\n<body>\n{{#matrixRows}}\n</body>".utf8).write(
            to: templates.appendingPathComponent("report.mustache"))
        var request = PackRequest(workspace: root)
        request.templates = templates
        do {
            _ = try PackBuilder.build(request, progress: SilentProgress())
            Issue.record("expected a template error")
        } catch {
            // The section opened on line 3 is never closed: the parser stops at the end, line 4.
            #expect("\(error)".hasPrefix(templates.appendingPathComponent("report.mustache").path + ":4:"))
        }
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("packs/2025-03").path))
    }
}

@Suite struct DemoReconciliationTests {
    @Test func theSyntheticQuarterReconcilesAsItsReadmeSays() throws {
        let content = try SharedDemo.content()
        let january = try #require(
            content.carbon.reconciliation.first {
                $0.service == CarbonAssessment.allServices && $0.period.description == "2025-01"
            })
        // samples/README.md: CCF about 32 kg and Microsoft about 48 kg a month. CCF January: Σ service columns of the
        // dayAndService CSV = 32.400 kg; Microsoft: the monthly summary, 48.38 kg.
        #expect(abs((january.ccfKg ?? 0) - 32.400) < 1e-6)
        #expect(abs((january.providerKg ?? 0) - 48.38) < 1e-9)
        // The Emissions Impact Dashboard splits January's 48.38 kg: Scope 3 is 46.6857 kg, 96.5 %.
        #expect(abs((january.providerScope3Share ?? 0) - 0.965) < 0.0005)
        // Like with like: the model's operational figure against Scope 1+2 (48.38 × 3.5 % = 1.693 kg), its embodied
        // figure against Scope 3 (46.687 kg); CCF against the model's total.
        let operational = try #require(january.operational)
        #expect(abs(operational.referenceKg - 48.38 * (1 - (january.providerScope3Share ?? 0))) < 1e-9)
        #expect(abs((january.embodied?.referenceKg ?? 0) - 48.38 * (january.providerScope3Share ?? 0)) < 1e-9)
        #expect(abs((january.ccfGapKg ?? 0) - (january.components.totalKg - 32.400)) < 1e-6)
        #expect(abs(january.components.totalKg - january.modelled.central) < 1e-6)
    }

    @Test func arabicGenerationWithNoMeasurementIsModelledFromADefaultWithItsRange() throws {
        let content = try SharedDemo.content()
        let key = CellKey(service: "generation", language: "ar")
        let cell = try #require(content.carbon.model.cells.first { $0.key == key })
        #expect(cell.source == .assumption)
        #expect(cell.files == 40)
        let figure = try #require(content.carbon.baseCells[key])
        #expect(figure.p5 < figure.central && figure.central < figure.p95)
        #expect(figure.central > 0)
    }
}
