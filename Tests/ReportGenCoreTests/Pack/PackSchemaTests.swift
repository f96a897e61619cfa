import Foundation
import Testing

@testable import ReportGenCore

/// `pack.json` against `data/schema/pack.schema.json`, judged by the Python `jsonschema` validator.
@Suite(.enabled(if: PackSchemaValidator.isAvailable, "needs .build/python-venv: run integrations/fastapi/run-tests.sh"))
struct PackSchemaTests {
    @Test func theDemoPackFollowsTheSchema() throws {
        let results = try PackSchemaValidator.verdicts([try SharedDemo.pack().appendingPathComponent("pack.json")])
        let errors = results.compactMap { $0.valid ? nil : $0.error ?? "?" }
        #expect(results.count == 1)
        #expect(errors == [])
    }

    /// Tests/schema/broken-variants.json: eighteen changes a strict schema must refuse (a missing or malformed
    /// month, unknown enum values, a ratio above 1, a negative total, a bad hash, an open object, an unknown GPU measurement method…).
    @Test func everyDeliberatelyBrokenPackIsRejected() throws {
        let pack = try SharedDemo.pack().appendingPathComponent("pack.json")
        let results = try PackSchemaValidator.verdicts([pack], variants: true).filter { $0.variant != nil }
        let accepted = results.compactMap { $0.valid ? $0.variant : nil }
        #expect(results.count == 18)
        #expect(accepted == [])
    }
}
