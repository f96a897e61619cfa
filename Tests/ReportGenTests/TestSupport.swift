import Foundation

@testable import ReportGenCore

/// A new empty folder under the system's temporary folder.
func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("reportgen-cli-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Writes `text` to a fresh temporary file and returns it as an input.
func temporaryInput(_ name: String, _ text: String) throws -> InputFile {
    let url = try temporaryDirectory().appendingPathComponent(name)
    try Data(text.utf8).write(to: url)
    return InputFile(name: "inputs/" + name, url: url)
}
