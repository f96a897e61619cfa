import Foundation
import Testing

/// Validates `pack.json` files against `data/schema/pack.schema.json` with a real JSON Schema validator: the Python
/// `jsonschema` package in the test virtual environment that `integrations/fastapi/run-tests.sh` creates in
/// `.build/python-venv` (`.ci/run` creates it before `swift test`), through `Tests/schema/validate_packs.py`.
enum PackSchemaValidator {
    /// One file or variant judged by the validator.
    struct Verdict: Decodable {
        var file: String
        var variant: String?
        var valid: Bool
        var error: String?
    }

    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static var python: URL { repositoryRoot.appendingPathComponent(".build/python-venv/bin/python") }

    /// Whether the virtual environment with `jsonschema` is there.
    static var isAvailable: Bool { FileManager.default.isExecutableFile(atPath: python.path) }

    /// The validator's verdicts on `packs`, then on each broken variant of the first one when `variants` is set.
    static func verdicts(_ packs: [URL], variants: Bool = false) throws -> [Verdict] {
        let process = Process()
        process.executableURL = python
        var arguments = [
            repositoryRoot.appendingPathComponent("Tests/schema/validate_packs.py").path,
            repositoryRoot.appendingPathComponent("data/schema/pack.schema.json").path,
        ]
        arguments += packs.map(\.path)
        if variants {
            arguments += [
                "--variants", repositoryRoot.appendingPathComponent("Tests/schema/broken-variants.json").path,
            ]
        }
        process.arguments = arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let problems = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ValidatorFailure(status: process.terminationStatus, stderr: String(decoding: problems, as: UTF8.self))
        }
        return try String(decoding: data, as: UTF8.self).split(separator: "\n").map {
            try JSONDecoder().decode(Verdict.self, from: Data($0.utf8))
        }
    }

    struct ValidatorFailure: Error, CustomStringConvertible {
        var status: Int32
        var stderr: String
        var description: String { "validate_packs.py exited \(status): \(stderr)" }
    }

    /// Records an issue for each problem the validator finds in the `pack.json` of a pack folder; without the
    /// virtual environment, records nothing (the suite's schema test then says it was skipped).
    static func expectFollowsSchema(_ folder: URL, sourceLocation: SourceLocation = #_sourceLocation) {
        guard isAvailable else { return }
        do {
            for verdict in try verdicts([folder.appendingPathComponent("pack.json")]) where !verdict.valid {
                Issue.record("pack.json breaks its schema: \(verdict.error ?? "?")", sourceLocation: sourceLocation)
            }
        } catch {
            Issue.record(error, sourceLocation: sourceLocation)
        }
    }
}
