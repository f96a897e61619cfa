import Foundation
import Testing

@testable import ReportGenCore

/// A process killed at each step of `sign` and `build` (`REPORTGEN_FAULT_POINT=N`, a SIGKILL at step N): the
/// archive stays whole, the sign-off or draft is recorded whole or not at all, and the next run repairs the folder.
@Suite struct CrashSafetyTests {
    /// The state every step must leave: the archive verifies; after the next run (a restore of the current version,
    /// as any build, sign or restore does first), the folder holds the month's current version and verifies.
    func checkRecovery(root: URL, folder: URL, period: String, step: FaultPoint) throws {
        let archive = try DecisionArchive(
            path: root.appendingPathComponent(DecisionArchive.fileName).path, readOnly: true)
        #expect(try ArchiveVerifier.verify(archive).isEmpty, "step \(step.rawValue)")
        try PackRestore.run(RestoreRequest(workspace: root, period: period), progress: SilentProgress())
        let current = try #require(try archive.current(period))
        #expect(try PackFolder.read(folder).shown == current.record.files, "step \(step.rawValue)")
        #expect(
            try ArchiveVerifier.report(packFolder: folder, archive: archive).isClean, "step \(step.rawValue)")
        let siblings = try FileManager.default.contentsOfDirectory(atPath: folder.deletingLastPathComponent().path)
        #expect(siblings == [folder.lastPathComponent], "step \(step.rawValue): \(siblings)")
    }

    @Test(arguments: FaultPoint.allCases)
    func killingSignAtEachStepLeavesTheSignOffWholeOrAbsent(step: FaultPoint) throws {
        let binary = try #require(reportgenBinary(), "build the reportgen executable first: swift build --build-tests")
        let workspace = try MiniWorkspace()
        let before = try workspace.snapshot()
        let key = try workspace.key("first-signer")
        let (status, _) = try run(
            binary,
            [
                "sign", workspace.pack.path, "--signer", "A. Martin", "--role", "CSR director", "--decision",
                "approve", "--key", key.path, "--register", "--quiet",
            ],
            environment: [FaultPoint.environmentVariable: String(step.rawValue)])
        #expect(status == -SIGKILL, "step \(step.rawValue) was not reached")
        let archive = try workspace.archive()
        let committed = step.rawValue >= FaultPoint.committed.rawValue
        #expect(try archive.signoffs().count == (committed ? 1 : 0), "step \(step.rawValue)")
        #expect(try archive.keys().count == (committed ? 1 : 0), "step \(step.rawValue)")
        #expect(try archive.packs().count == (committed ? 2 : 1), "step \(step.rawValue)")
        if !committed { #expect(try workspace.snapshot() == before, "step \(step.rawValue)") }
        try checkRecovery(root: workspace.root, folder: workspace.pack, period: "2025-03", step: step)
        let after = try workspace.snapshot()
        #expect(after.filter { before[$0.key] != nil } == before)
        #expect((after["signoff.json"] != nil) == committed)
    }

    @Test(arguments: FaultPoint.allCases.filter { $0.rawValue >= FaultPoint.packRecorded.rawValue })
    func killingBuildAtEachStepLeavesTheDraftWholeOrAbsent(step: FaultPoint) throws {
        let binary = try #require(reportgenBinary(), "build the reportgen executable first: swift build --build-tests")
        let root = try SmallDemo.copy()
        let folder = root.appendingPathComponent("packs/2025-03")
        let before = try folderSnapshot(folder)
        let config = root.appendingPathComponent(Workspace.configFileName)
        try Data((try String(contentsOf: config, encoding: .utf8) + "\n# rebuilt\n").utf8).write(to: config)
        let (status, _) = try run(
            binary, ["build", "--workspace", root.path, "--quiet"],
            environment: [FaultPoint.environmentVariable: String(step.rawValue)])
        #expect(status == -SIGKILL, "step \(step.rawValue) was not reached")
        let archive = try DecisionArchive(
            path: root.appendingPathComponent(DecisionArchive.fileName).path, readOnly: true)
        let committed = step.rawValue >= FaultPoint.committed.rawValue
        #expect(try archive.packs().count == (committed ? 2 : 1), "step \(step.rawValue)")
        if !committed { #expect(try folderSnapshot(folder) == before, "step \(step.rawValue)") }
        try checkRecovery(root: root, folder: folder, period: "2025-03", step: step)
        #expect((try folderSnapshot(folder) == before) == !committed)
    }

    @Test func twoSignOffsAtOnceAreSerialisedAndBothShown() throws {
        let binary = try #require(reportgenBinary(), "build the reportgen executable first: swift build --build-tests")
        let workspace = try MiniWorkspace()
        let keys = [
            try workspace.key("a", signer: "A. Martin"), try workspace.key("b", signer: "B. Durand", role: "CEO"),
        ]
        let processes = try zip(["A. Martin", "B. Durand"], keys).map { signer, key -> Process in
            let process = Process()
            process.executableURL = binary
            process.arguments = [
                "sign", workspace.pack.path, "--signer", signer, "--decision", "approve", "--key", key.path, "--quiet",
            ]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            return process
        }
        for process in processes { process.waitUntilExit() }
        #expect(processes.map(\.terminationStatus) == [0, 0])
        let document = try JSONDecoder().decode(
            SignoffDocument.self, from: try Data(contentsOf: workspace.pack.appendingPathComponent("signoff.json")))
        #expect(Set(document.signoffs.map(\.signoff.signer)) == ["A. Martin", "B. Durand"])
        #expect(try workspace.folderIssues().isEmpty)
    }
}
