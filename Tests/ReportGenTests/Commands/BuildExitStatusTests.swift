import Foundation
import Testing

@testable import ReportGenCore

/// `reportgen build`'s exit status as CI sees it: 0 with a refused file (named on stderr, listed in the pack),
/// 1 with `--strict`, and no pack then.
@Suite struct BuildExitStatusTests {
    /// The light demo workspace with a file that cannot be trusted (a quote never closed).
    static func workspaceWithARefusedFile() throws -> URL {
        let root = try lightDemoWorkspace()
        try Data("Date,kilowatt hours,metric tons CO2e Emissions\n\"2025-01-01,1,1\n".utf8).write(
            to: root.appendingPathComponent("inputs/broken.csv"))
        return root
    }

    static func run(_ arguments: [String]) throws -> (status: Int32, stderr: String) {
        try runBuiltReportGen(arguments)
    }

    @Test func aRefusedFileExitsZeroNamingItAndStrictExitsOneWritingNoPack() throws {
        let strictRoot = try Self.workspaceWithARefusedFile()
        let strict = try Self.run(["build", "--workspace", strictRoot.path, "--quiet", "--strict"])
        #expect(strict.status == 1)
        #expect(strict.stderr.contains("and --strict makes them fatal; no pack was written"))
        #expect(strict.stderr.contains("inputs/broken.csv:2: error: a quoted field is never closed"))
        #expect(!FileManager.default.fileExists(atPath: strictRoot.appendingPathComponent("packs/2025-03").path))

        let root = try Self.workspaceWithARefusedFile()
        let lenient = try Self.run(["build", "--workspace", root.path, "--quiet"])
        #expect(lenient.status == 0, "\(lenient.stderr)")
        #expect(
            lenient.stderr.contains(
                "reportgen: warning: build: inputs/broken.csv:2: refused, not in the pack: a quoted field is never closed"
            ))
        let pack = root.appendingPathComponent("packs/2025-03/pack.json")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: pack)) as? [String: Any]
        let refused = try #require(json?["refusedInputs"] as? [[String: Any]])
        #expect(refused.map { $0["file"] as? String } == ["inputs/broken.csv"])
    }

    @Test func aBrokenConfigurationStaysFatal() throws {
        let root = try Self.workspaceWithARefusedFile()
        let config = root.appendingPathComponent(Workspace.configFileName)
        var text = try String(contentsOf: config, encoding: .utf8)
        text = text.replacingOccurrences(of: "business_value: 5\n", with: "business_value: 9\n")
        try Data(text.utf8).write(to: config)
        let result = try Self.run(["build", "--workspace", root.path, "--quiet"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("business_value: expected an integer from 1 to 5, found 9"))
    }
}
