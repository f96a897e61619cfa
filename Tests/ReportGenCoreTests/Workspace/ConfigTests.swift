import Foundation
import Matrix
import Testing

@testable import ReportGenCore

@Suite struct ConfigTests {
    static let valid = """
        organisation: Test SAS
        languages: [fr, en]
        services:
          - id: transcription
            model: whisper-large-v3
            region: francecentral
            functional_unit: audio_minute
            business_value: 5
            match:
              usage_services: [transcription]
        """

    func errors(_ text: String) -> [String] {
        do {
            _ = try WorkspaceConfig.parse(text, file: "reportgen.yaml")
            return []
        } catch {
            return error.errors.map(\.description)
        }
    }

    @Test func parsesAValidWorkspaceWithDefaults() throws {
        let config = try WorkspaceConfig.parse(Self.valid, file: "reportgen.yaml")
        #expect(config.timeZone.identifier == "Europe/Paris")
        #expect(config.services.first?.businessValue == 5)
        #expect(config.services.first?.name == "transcription")
        #expect(config.criteria.weights["carbon"] == 0.30)
        #expect(config.reportLanguages == ["fr", "en"])
    }

    @Test func anOutOfRangeValueNamesTheLineAndKeyPath() {
        let text = Self.valid.replacingOccurrences(of: "business_value: 5", with: "business_value: 7")
        #expect(
            errors(text) == ["reportgen.yaml:8: services[0].business_value: expected an integer from 1 to 5, found 7"])
    }

    @Test func everyProblemIsReportedNotOnlyTheFirst() {
        let text = Self.valid
            .replacingOccurrences(of: "languages: [fr, en]", with: "languages: [fr, english]\ntime_zone: Mars/Olympus")
            .replacingOccurrences(of: "functional_unit: audio_minute", with: "functional_unit: minutes")
        #expect(
            errors(text) == [
                "reportgen.yaml:3: time_zone: expected an IANA time zone such as Europe/Paris, found Mars/Olympus",
                "reportgen.yaml:2: languages[1]: expected an ISO 639-1 code such as fr, found english",
                "reportgen.yaml:8: services[0].functional_unit: expected one of audio_minute, thousand_characters, article, file, found minutes",
            ])
    }

    @Test func anUnknownKeyIsRefusedWithTheKeysExpected() {
        let found = errors(Self.valid + "\nbudgett: 3\n")
        #expect(found.count == 1)
        #expect(
            found.first?.hasPrefix("reportgen.yaml:11: budgett: unknown key; expected one of organisation,") == true)
    }

    @Test func aYAMLSyntaxErrorGivesItsLine() {
        let found = errors("organisation: [unclosed\nservices: []\n")
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("reportgen.yaml:2: invalid YAML") == true)
    }

    @Test func aMatchMappingIsOneClausePerKeyAndAListIsClausesOfConditions() throws {
        let text = Self.valid.replacingOccurrences(
            of: "      usage_services: [transcription]",
            with:
                "      - usage_services: [transcription]\n      - cloud_services: [Virtual Machines]\n        regions: [westeurope]"
        )
        let rules = try #require(try WorkspaceConfig.parse(text, file: "reportgen.yaml").services.first?.match)
        #expect(rules.clauses.count == 2)
        var facts = RecordFacts(usageService: "transcription", endpoint: "/t")
        #expect(rules.matches(facts))
        facts = RecordFacts(usageService: "other", endpoint: "/t")
        facts.cloudService = "Virtual Machines"
        #expect(!rules.matches(facts))
        facts.region = "westeurope"
        #expect(rules.matches(facts))
    }

    @Test func sharedResourceSharesMustSumToOne() {
        let text =
            Self.valid + """

                shared_resources:
                  - name: gateway
                    match: {cloud_services: [Storage]}
                    services: [transcription, transcription]
                    allocation: fixed_shares
                    shares: {transcription: 0.7}
                """
        #expect(
            errors(text).contains { $0.contains("shared_resources[0].shares: expected shares summing to 1, found 0.7") }
        )
    }
}

@Suite struct AHPConfigTests {
    func parse(_ ahp: String) throws -> WorkspaceConfig {
        try WorkspaceConfig.parse(ConfigTests.valid + "\ncriteria:\n  ahp:\n" + ahp, file: "reportgen.yaml")
    }

    @Test func consistentPairwiseJudgementsSetTheWeights() throws {
        // Two criteria, carbon 4 times as important as business value: weights 0.8 and 0.2 (CR = 0 for n = 2).
        let config = try parse("    order: [carbon, business_value]\n    pairwise:\n      - [1, 4]\n      - [1/4, 1]\n")
        #expect(abs((config.criteria.weights["carbon"] ?? 0) - 0.8) < 1e-9)
        #expect(abs((config.criteria.weights["business_value"] ?? 0) - 0.2) < 1e-9)
        #expect(config.criteria.ahp?.isConsistent == true)
    }

    @Test func inconsistentJudgementsAreRefusedUnlessForced() throws {
        // Saaty's house matrix, restricted to its first three criteria, is consistent; a cyclic one is not:
        // a > b (9), b > c (9), c > a (9).
        let cyclic =
            "    order: [carbon, intensity, volume]\n    pairwise:\n      - [1, 9, 1/9]\n      - [1/9, 1, 9]\n      - [9, 1/9, 1]\n"
        do {
            _ = try parse(cyclic)
            Issue.record("expected a refusal")
        } catch {
            #expect("\(error)".contains("criteria.ahp.pairwise: inconsistent judgements: CR ="))
        }
        let forced = try parse(cyclic + "    force: true\n")
        #expect(forced.criteria.isAHPForced && forced.criteria.ahp?.isConsistent == false)
    }
}
