import Foundation
import Testing

@testable import ReportGenCore

/// The folder of this test target's fixtures.
let fixturesDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

/// A fixture file as an input named like it would be in a workspace.
func fixture(_ path: String) -> InputFile {
    InputFile(
        name: "inputs/" + (path as NSString).lastPathComponent, url: fixturesDirectory.appendingPathComponent(path))
}

/// Writes `text` to a fresh temporary file and returns it as an input.
func temporaryInput(_ name: String, _ text: String) throws -> InputFile {
    try temporaryInput(name, Data(text.utf8))
}

func temporaryInput(_ name: String, _ data: Data) throws -> InputFile {
    let directory = try temporaryDirectory()
    let url = directory.appendingPathComponent(name)
    try data.write(to: url)
    return InputFile(name: "inputs/" + name, url: url)
}

/// A new empty folder under the system's temporary folder.
func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("reportgen-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

let paris = ImportContext(timeZone: TimeZone(identifier: "Europe/Paris") ?? TimeZone(abbreviation: "CET") ?? .current)

/// Imports a file with format detection.
func load(_ file: InputFile) throws -> (format: InputFormat, result: ImportResult) {
    let (detected, result) = try importFile(file, context: paris)
    return (detected.format, result)
}

func sumKg(_ records: [EmissionRecord]) -> Double { records.reduce(0) { $0 + ($1.kgCO2e ?? 0) } }
