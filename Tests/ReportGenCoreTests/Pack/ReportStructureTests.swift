import Foundation
import Templates
import Testing

@testable import ReportGenCore

/// The generated HTML parsed with libxml2: every section is there, and every figure shown equals pack.json's.
@Suite(.serialized) struct ReportStructureTests {
    static let sections = [
        "cover", "decision", "summary", "matrix", "recommendations", "arbitration", "emissions", "forecast",
        "reconciliation",
        "sci",
        "quality", "methodology", "inputs", "signoff",
    ]

    /// The shared demo pack, or a fresh one built after `configure` changed a copy of the workspace.
    func buildDemo(configure: ((URL) throws -> Void)? = nil) throws -> URL {
        guard let configure else { return try SharedDemo.pack() }
        let root = try demoWorkspace()
        try configure(root)
        var request = PackRequest(workspace: root)
        request.options.now = Date(timeIntervalSince1970: 1_764_403_200)
        let folder = try PackBuilder.build(request, progress: SilentProgress())
        PackSchemaValidator.expectFollowsSchema(folder)
        return folder
    }

    @Test func everySectionIsPresentAndEveryFigureMatchesPackJSON() throws {
        let folder = try buildDemo()
        for (file, language) in [
            ("index.html", ReportLanguage.fr), ("index.en.html", .en), ("index.es.html", .es), ("index.ar.html", .ar),
        ] {
            let html = try #require(HTMLDocument(try Data(contentsOf: folder.appendingPathComponent(file))))
            for section in Self.sections {
                let found = html.elements("//section[@id='\(section)']")
                #expect(found.count == 1, "\(file): section \(section)")
                #expect(
                    !(found.first?.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ?? true),
                    "\(file): \(section) is empty")
            }
            let pack =
                try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("pack.json")))
                as? [String: Any] ?? [:]
            let format = NumberFormat(language: language)
            let period = pack["period"] as? String ?? ""
            let totals = pack["totals"] as? [String: Double] ?? [:]
            // The unit symbol is the language's: `kg`, and `كغ` in Arabic.
            let unit = "\u{00A0}" + (language == .ar ? "كغ" : "kg")
            let total = try #require(html.elements("//*[@data-figure='total_kgco2e']").first)
            #expect(total.text == format.significant(totals[period] ?? -1) + unit)
            // The model's headline is its median (P50), the best estimate of a log-triangular Monte Carlo.
            let model = (pack["modelTotal"] as? [String: Double])?["p50"] ?? -1
            #expect(
                html.elements("//*[@data-figure='model_total_kgco2e']").first?.text == format.significant(model) + unit)
            // Each retained figure per service and month.
            let retained = pack["retained"] as? [[String: Any]] ?? []
            let shown = html.elements("//tr[@data-service]/td[@data-figure='kgco2e']")
            #expect(shown.count == retained.count)
            for cell in shown {
                let service = cell.parentAttributes["data-service"] ?? ""
                let month = cell.attributes["data-period"] ?? ""
                let figure = retained.first { $0["service"] as? String == service && $0["period"] as? String == month }
                #expect(cell.text == format.significant(figure?["kgco2e"] as? Double ?? -1), "\(service) \(month)")
            }
            // Each cell's weighted-sum score.
            let cells = pack["cells"] as? [[String: Any]] ?? []
            let scores = html.elements("//table[@class='matrix']//tr[@data-alternative]/td[@data-figure='score']")
            #expect(scores.count == cells.count && !cells.isEmpty)
            for score in scores {
                let id = score.parentAttributes["data-alternative"] ?? ""
                let cell = cells.first { "\($0["service"] ?? "")/\($0["language"] ?? "")" == id }
                let wsm = (cell?["scores"] as? [String: Double])?["wsm"] ?? -1
                #expect(score.text == format.decimal(wsm, fractionDigits: 3), "\(id)")
            }
            // The forecast's median path.
            let forecast = (pack["forecast"] as? [[String: Any]] ?? []).map {
                ($0["kgco2e"] as? [String: Double])?["p50"] ?? -1
            }
            #expect(html.elements("//td[@data-figure='forecast_p50']").map(\.text) == forecast.map(format.significant))
        }
    }

    @Test func hostileTextIsEscapedEverywhere() throws {
        let hostile = "<script>alert('x')</script> & \"Co\""
        let folder = try buildDemo { root in
            let url = root.appendingPathComponent("reportgen.yaml")
            var text = try String(contentsOf: url, encoding: .utf8)
            text = text.replacingOccurrences(
                of: "organisation: Contoso Linguistics SAS",
                with: "organisation: '\(hostile.replacingOccurrences(of: "'", with: "''"))'")
            text = text.replacingOccurrences(
                of: "fr: Transcription (Whisper large-v3)", with: "fr: '<img src=x onerror=alert(1)>'")
            #expect(text.contains("<img src=x"))
            try Data(text.utf8).write(to: url)
            try FileManager.default.moveItem(
                at: root.appendingPathComponent("inputs/usage-rollup-2025-01_02.csv"),
                to: root.appendingPathComponent("inputs/<b onclick=x>roll&up.csv"))
        }
        let data = try Data(contentsOf: folder.appendingPathComponent("index.html"))
        let raw = String(decoding: data, as: UTF8.self)
        #expect(!raw.contains("<script>alert"))
        #expect(!raw.contains("<img src=x"))
        #expect(raw.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;Co&quot;"))
        let html = try #require(HTMLDocument(data))
        #expect(html.elements("//script").isEmpty)
        #expect(html.elements("//img").isEmpty)
        #expect(html.elements("//h1").first?.text == hostile)
        #expect(raw.contains("inputs/&lt;b onclick=x&gt;roll&amp;up.csv"))
        #expect(html.elements("//b").isEmpty)
    }

    @Test func theManifestHashesEveryFileOfThePack() throws {
        let folder = try buildDemo()
        let manifest = try JSONDecoder().decode(
            PackManifest.self, from: Data(contentsOf: folder.appendingPathComponent("manifest.json")))
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0 != "manifest.json" }
            .sorted()
        #expect(manifest.files.keys.sorted() == names)
        for name in names {
            #expect(manifest.files[name] == sha256Hex(try Data(contentsOf: folder.appendingPathComponent(name))))
        }
        // The demo's 13 input files: 11 exports and usage files, and the two DCGM query_range files of March.
        #expect(manifest.inputs.count == 13)
        #expect(manifest.configSHA256.count == 64 && manifest.factorsSHA256.count == 64)
    }

    @Test func excelFrenchDialectWritesSemicolonsAndDecimalCommas() throws {
        var request = PackRequest(workspace: try demoWorkspace())
        request.dialect = .excelFR
        let folder = try PackBuilder.build(request, progress: SilentProgress())
        PackSchemaValidator.expectFollowsSchema(folder)
        let data = try Data(contentsOf: folder.appendingPathComponent("emissions.csv"))
        #expect(data.starts(with: [0xEF, 0xBB, 0xBF]))
        let text = String(decoding: data.dropFirst(3), as: UTF8.self)
        #expect(text.hasPrefix("period;service;language;source;scope;kwh;kgco2e;method;quality;provenance;counted\r\n"))
        // January's generation item: 21.47 kg in the Azure file, written 21,47.
        #expect(text.contains("2025-01;generation;;azure-carbon-optimization;1+2+3;;21,47;provider-reported;"))
    }
}
