import Foundation
import Templates
import Testing

@testable import ReportGenCore

@Suite struct TranslationTests {
    /// Every key a template or the Pack layer uses exists in the four translation files, so nothing falls back to
    /// English or to the bare key.
    @Test func everyLanguageHasEveryKeyEnglishHas() throws {
        let set = try TemplateSet.builtIn()
        let english = Set((set.translations["en"] ?? [:]).keys.filter { !$0.contains(".") })
        for language in ["fr", "es", "ar"] {
            let table = set.translations[language] ?? [:]
            let plain = Set(table.keys.filter { !$0.contains(".") })
            #expect(english.subtracting(plain).sorted() == [], "\(language) lacks keys")
            // A plural key has at least its `other` form in every language.
            for key in (set.translations["en"] ?? [:]).keys where key.hasSuffix(".other") {
                #expect(table[key] != nil, "\(language) lacks \(key)")
            }
        }
    }

    @Test func everyTemplateKeyIsTranslated() throws {
        let set = try TemplateSet.builtIn()
        let english = set.translations["en"] ?? [:]
        let regex = try NSRegularExpression(pattern: #"\{\{\s*t\.([a-z0-9_\-]+)\s*\}\}"#)
        for (name, text) in set.templates {
            for match in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                guard let range = Range(match.range(at: 1), in: text) else { continue }
                #expect(english[String(text[range])] != nil, "\(name): t.\(text[range])")
            }
        }
    }

    @Test func everyDiagnosticCodeAndReasonHasItsText() throws {
        let set = try TemplateSet.builtIn()
        let samples: [String] = [
            "3 records set aside: monthly summary used as a check: the month has item-level data",
            "1 record set aside: the month is covered by Azure Carbon optimization, which has precedence",
            "the file does not state its month: dated 2025-01 because its items sum to the monthly summary of 2025-01 (48.3800 kgCO2e)",
            "the query's carbonScopeList is not in the file: figures are taken as Scope 1+2+3",
            "run 5715bd6f was written more than once (flush): only its longest row is kept",
            "12 fields, expected 10 as in the header; row set aside",
            "usage for service \"x\" endpoint \"/v1\" matches no service's rules: not counted",
            "API gateway, 2025-03: no usage activity to apply the requests key; split in equal shares",
        ]
        for language in ReportLanguage.allCases {
            let strings = set.strings(for: language)
            for reason in DiagnosticCatalog.setAsideReasons.values {
                #expect(set.translations[language.rawValue]?["diag_reason_" + reason] != nil, "\(language) \(reason)")
            }
            for message in samples {
                let coded = DiagnosticCatalog.coded(.warning("a.csv", message))
                let code = try #require(coded.code, "no pattern for: \(message)")
                #expect(
                    strings["diag_" + code] != nil || strings["diag_" + code + ".other"] != nil, "\(language) \(code)")
            }
        }
    }

    @Test func aDiagnosticIsRenderedWithItsParametersInTheReportLanguage() throws {
        let content = try SharedDemo.content()
        let strings = try TemplateSet.builtIn().strings(for: .fr)
        let view = PackView(content: content, language: .fr, strings: strings, toolVersion: "test")
        let dated = Diagnostic.note(
            "a.json",
            "the file does not state its month: dated 2025-01 because its items sum to the monthly summary of 2025-01 (48.3800 kgCO2e)"
        )
        // The month becomes its French name, the figure takes a decimal comma.
        #expect(
            view.diagnosticText(dated).text
                == "le fichier n’indique pas son mois : daté de janvier 2025, car ses éléments totalisent le résumé mensuel de ce mois (48,3800 kgCO2e)"
        )
        let one = Diagnostic.warning(
            "a.csv", "1 record set aside: the month is covered by Azure Carbon optimization, which has precedence")
        #expect(view.diagnosticText(one).text.hasPrefix("1 enregistrement écarté : "))
        let arabic = PackView(
            content: content, language: .ar, strings: try TemplateSet.builtIn().strings(for: .ar), toolVersion: "test")
        let two = Diagnostic.warning(
            "a.csv", "2 records set aside: the month is covered by Azure Carbon optimization, which has precedence")
        // Arabic's dual: "two records" is its own word, not "2 records".
        #expect(arabic.diagnosticText(two).text.hasPrefix("استُبعد سجلان"))
    }

    @Test func repeatedDiagnosticsAreGroupedWithACountAndThreeExamples() throws {
        var content = try SharedDemo.content()
        let many = (1...250).map {
            Diagnostic.warning("usage.csv", line: $0, "12 fields, expected 10 as in the header; row set aside")
        }
        content = PackContent(
            config: content.config, period: content.period, generatedAt: content.generatedAt, inputs: content.inputs,
            records: content.records, emissions: content.emissions, activity: content.activity, carbon: content.carbon,
            scoring: content.scoring, decisions: content.decisions, measuredGPU: content.measuredGPU, diagnostics: many)
        let view = PackView(
            content: content, language: .en, strings: try TemplateSet.builtIn().strings(for: .en), toolVersion: "test")
        let groups = view.diagnosticGroups()
        #expect(groups.count == 1)
        #expect(groups.first?["count"] as? String == "250")
        #expect((groups.first?["examples"] as? [[String: Any]])?.count == 3)
        #expect(groups.first?["more"] as? String == "and 247 more like them")
    }
}

@Suite struct NoSilentGapTests {
    /// A language configured in reportgen.yaml with no file this month keeps its service × language rows in the
    /// matrix, marked as having no traffic, and its row in the emissions-by-language table at zero.
    @Test func aConfiguredLanguageWithoutTrafficStaysInTheMatrixMarked() throws {
        let shared = try SharedDemo.content()
        var config = shared.config
        config.languages.append("de")
        let content = PackContent(
            config: config, period: shared.period, generatedAt: shared.generatedAt, inputs: shared.inputs,
            records: shared.records, emissions: shared.emissions, activity: shared.activity, carbon: shared.carbon,
            scoring: shared.scoring, decisions: shared.decisions, measuredGPU: shared.measuredGPU,
            diagnostics: shared.diagnostics)
        let strings = try TemplateSet.builtIn().strings(for: .fr)
        let view = PackView(content: content, language: .fr, strings: strings, toolVersion: "test")
        let html = try #require(
            HTMLDocument(Data(try TemplateSet.builtIn().render("report", view: view.dictionary()).utf8)))
        let idle = html.elements("//table[@class='matrix']//tr[@data-activity='none']")
        // Three services × German: three rows, none of them scored.
        #expect(
            idle.map { $0.attributes["data-alternative"] ?? "" } == [
                "transcription/de", "translation/de", "generation/de",
            ])
        #expect(idle.allSatisfy { $0.text.contains("aucun trafic ce mois-ci") })
        let german = try #require(html.elements("//table[@class='languages']//tr[@data-language='de']").first)
        #expect(german.attributes["class"] == "no-traffic")
        #expect(german.text.hasPrefix("DE"))
        // The demo's own languages all have traffic or planned volume: none is marked.
        let demo = PackView(content: shared, language: .fr, strings: strings, toolVersion: "test").dictionary()
        #expect((demo["idleCellRows"] as? [[String: String]])?.isEmpty == true)
    }
}
