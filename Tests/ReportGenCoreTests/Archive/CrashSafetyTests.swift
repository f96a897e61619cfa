import Foundation
import Matrix
import Testing

@testable import ReportGenCore

/// The `reportgen` executable next to the test bundle (built by `swift build --build-tests`, as .ci/run does).
func reportgenBinary() -> URL? {
    let candidates = [
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("reportgen"),
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("reportgen"),
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug/reportgen"),
    ]
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
}

@Suite(.serialized) struct CrashSafetyTests {
    @Test func killingSignAtRandomPointsLeavesTheArchiveConsistent() throws {
        let binary = try #require(reportgenBinary(), "build the reportgen executable first: swift build --build-tests")
        let workspace = try SignedWorkspace()
        var generator = SeededGenerator(seed: 2026)
        var interrupted = 0
        for iteration in 0..<8 {
            let archive = try DecisionArchive(path: workspace.archivePath, create: false)
            let before = try archive.signoffs().count
            let process = Process()
            process.executableURL = binary
            process.arguments = [
                "sign", workspace.pack.path, "--signer", "Signer \(iteration)", "--role", "board", "--decision",
                "approve",
                "--key", workspace.key.path, "--quiet",
            ]
            var environment = ProcessInfo.processInfo.environment
            environment["REPORTGEN_FAULT_DELAY_MS"] = "40"
            process.environment = environment
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            // Rendering takes about 1–3 s, then the transaction about 0.6 s with the injected delays: kill anywhere.
            usleep(UInt32(200_000 + generator.unit() * 3_600_000))
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                interrupted += 1
            }
            process.waitUntilExit()

            PackWriter.recover(workspace.pack)
            let check = try DecisionArchive(path: workspace.archivePath, create: false)
            #expect(try check.database.query("PRAGMA integrity_check").first?.first?.text == "ok")
            #expect(try ArchiveVerifier.verify(check).isEmpty, "iteration \(iteration)")
            let signoffs = try check.signoffs()
            #expect(signoffs.count == before || signoffs.count == before + 1)
            if signoffs.count == before + 1, let seq = signoffs.last?.seq {
                // Whole: the signed pack that shows this sign-off was archived in the same transaction.
                #expect(try check.packs().contains { $0.record.signoff == seq })
            }
            #expect(
                try ArchiveVerifier.verify(packFolder: workspace.pack, archive: check).isEmpty, "iteration \(iteration)"
            )
        }
        #expect(interrupted > 0)
    }
}
