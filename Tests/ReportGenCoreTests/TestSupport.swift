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

/// The CodeCarbon runs the records sum (1 for any other record).
func runCount(_ records: [EmissionRecord]) -> Int { records.reduce(0) { $0 + $1.runCount } }

/// Monte Carlo sizes for the tests: the demo's own 10,000 draws run once, outside `swift test`
/// (`Tests/full_fidelity_demo.py`, run by `Tests/run-all`), every test here runs the same pipeline on fewer draws.
enum TestDraws {
    static let reduced = 400
    static let robustness = 200
}

/// The bundled demo workspace extracted to a fresh folder; with `draws`, its Monte Carlo is reduced to that many
/// draws (and the robustness analysis to ``TestDraws/robustness``) by appending an `uncertainty:` section and
/// `robustness_draws` to its `reportgen.yaml`.
func demoWorkspace(draws: Int? = TestDraws.reduced) throws -> URL {
    let root = try temporaryDirectory()
    try BuiltInData.extract("demo/", to: root) { $0.hasPrefix("tools/") }
    if let draws {
        let url = root.appendingPathComponent(Workspace.configFileName)
        var text = try String(contentsOf: url, encoding: .utf8)
        text = text.replacingOccurrences(
            of: "decisions:\n", with: "decisions:\n  robustness_draws: \(TestDraws.robustness)\n")
        text += "\nuncertainty:\n  draws: \(draws)\n"
        try Data(text.utf8).write(to: url)
    }
    return root
}

/// A copy of a folder in a fresh temporary folder, for tests that change a shared fixture.
func copyOfFolder(_ folder: URL) throws -> URL {
    let copy = try temporaryDirectory().appendingPathComponent(folder.lastPathComponent)
    try FileManager.default.copyItem(at: folder, to: copy)
    return copy
}

/// The demo computed and built once per test process (reduced draws), for the tests that only read it.
enum SharedDemo {
    /// The moment every shared demo pack is built at: 29 November 2025, 08:00 UTC.
    static let buildTime = Date(timeIntervalSince1970: 1_764_403_200)

    private static let built: Result<(root: URL, pack: URL, content: PackContent), any Error> = Result {
        let root = try demoWorkspace()
        let workspace = try Workspace.load(root)
        let content = try ReportPipeline(workspace: workspace).run(
            options: BuildOptions(now: buildTime), progress: SilentProgress())
        var request = PackRequest(workspace: root)
        request.options.now = buildTime
        let pack = try PackBuilder.build(request, progress: SilentProgress())
        return (root, pack, content)
    }

    /// The demo's figures (do not mutate what they point to).
    static func content() throws -> PackContent { try built.get().content }

    /// The demo's built pack folder: read it, or copy the workspace before changing anything.
    static func pack() throws -> URL { try built.get().pack }

    /// The workspace the shared pack was built from.
    static func workspace() throws -> URL { try built.get().root }
}
