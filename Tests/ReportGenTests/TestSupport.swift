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

/// Runs the built `reportgen` (`.build/debug/reportgen`, which `swift build --build-tests` makes) with `arguments`,
/// in its own process: its exit status and what it wrote on stderr.
func runBuiltReportGen(_ arguments: [String]) throws -> (status: Int32, stderr: String) {
    let binary = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent(".build/debug/reportgen")
    guard FileManager.default.isExecutableFile(atPath: binary.path) else {
        throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: binary.path])
    }
    let process = Process()
    process.executableURL = binary
    process.arguments = arguments
    let errors = Pipe()
    process.standardError = errors
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return (process.terminationStatus, text)
}

/// The demo workspace in a fresh folder, with 200 model draws and 100 robustness draws so that a build in its own
/// process takes seconds.
func lightDemoWorkspace() throws -> URL {
    let root = try temporaryDirectory()
    try BuiltInData.extract("demo/", to: root) { $0.hasPrefix("tools/") }
    let config = root.appendingPathComponent(Workspace.configFileName)
    var text = try String(contentsOf: config, encoding: .utf8)
    text = text.replacingOccurrences(of: "decisions:\n", with: "decisions:\n  robustness_draws: 100\n")
    text += "\nuncertainty:\n  draws: 200\n"
    try Data(text.utf8).write(to: config)
    return root
}
