import ArgumentParser
import Foundation
import Testing

@testable import ReportGen
@testable import ReportGenCore

@Suite struct ValidateTests {
    @Test func reportsABrokenConfigurationAndAMalformedCSVTogetherWithTheirLines() throws {
        let root = try temporaryDirectory()
        try BuiltInData.extract("init/", to: root)
        let config = root.appendingPathComponent("reportgen.yaml")
        var text = try String(contentsOf: config, encoding: .utf8)
        text = text.replacingOccurrences(of: "business_value: 4\n", with: "business_value: 9\n")
        try Data(text.utf8).write(to: config)
        try Data(
            "Date,kilowatt hours,metric tons CO2e Emissions\n2025-01-01,8.81,0.001103\n2025-01-02,8.8x,0.0011\nTotal,17.6,0.0022\n"
                .utf8
        )
        .write(to: root.appendingPathComponent("inputs/ccf.csv"))
        let command = try ValidateCommand.parse(["--workspace", root.path])
        let validation = try command.check()
        let diagnostics = validation.diagnostics
        #expect(validation.fileCount == 1)
        let errors = diagnostics.filter { $0.severity == .error }.map(\.description)
        // The init template's translation service is its second entry; its business_value is on line 40.
        #expect(
            errors.contains(
                "reportgen.yaml:40: error: services[1].business_value: expected an integer from 1 to 5, found 9"))
        // The malformed row is set aside (a warning) and the good one kept: rows, not files, fail.
        let warnings = diagnostics.filter { $0.severity == .warning }.map(\.description)
        #expect(
            warnings.contains(
                "inputs/ccf.csv:3:2: warning: kilowatt hours: expected a number ≥ 0, found \"8.8x\"; row set aside"))
        let report = ValidateCommand.report(validation)
        #expect(report.contains("inputs/ccf.csv: Cloud Carbon Footprint CLI CSV (--groupBy day), 1 row, 2025-01; "))
        #expect(report.contains("1 record set aside"))
        #expect(throws: ExitCode.failure) { try command.run() }
    }

    @Test func strictFailsOnWarningsThatOtherwisePass() throws {
        let root = try temporaryDirectory()
        try BuiltInData.extract("init/", to: root)
        try Data(
            "Date,kilowatt hours,metric tons CO2e Emissions\n2025-01-01,8.81,0.001103\n2025-01-02,8.8x,0.0011\n".utf8
        )
        .write(to: root.appendingPathComponent("inputs/ccf.csv"))
        let validation = try ValidateCommand.parse(["--workspace", root.path]).check()
        #expect(!validation.hasErrors)
        #expect(validation.hasWarnings)
        #expect(throws: ExitCode.failure) { try ValidateCommand.parse(["--workspace", root.path, "--strict"]).run() }
    }

    @Test func saysWhatEachFileHoldsAndWhichRecordsNoRuleMaps() throws {
        let root = try temporaryDirectory()
        try BuiltInData.extract("init/", to: root)
        // Two CCF services: "Storage" is the init template's shared resource, split over its three services;
        // "Cosmos DB" matches no rule.
        try Data(
            "Date (UTC),Storage kilowatt hours,Storage metric tons CO2e Emissions,Cosmos DB kilowatt hours,Cosmos DB metric tons CO2e Emissions\n2025-01-01,1,0.001,2,0.002\n2025-02-01,1,0.001,2,0.002\n"
                .utf8
        ).write(to: root.appendingPathComponent("inputs/ccf.csv"))
        let validation = try ValidateCommand.parse(["--workspace", root.path]).check()
        let found = try #require(validation.found["inputs/ccf.csv"])
        #expect(
            found
                == "Cloud Carbon Footprint CLI CSV (--groupBy dayAndService), 2 rows, services generation, transcription, translation, 2025-01 to 2025-02 (2 months)"
        )
        #expect(
            validation.diagnostics.contains {
                $0.message.hasPrefix(
                    "2 of 4 records match no service's rules and count as unallocated (for example Cosmos DB)")
            })
    }
}
