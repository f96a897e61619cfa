import Foundation

/// Golden files, as swift-argument-parser's tests use them: a test's whole output compared with a file checked in
/// beside the test. `RECORD_SNAPSHOTS=1 swift test` writes the files instead (re-recorded on purpose, then reviewed
/// with `git diff`); a missing or different file is never written silently.
public enum GoldenFile {
    /// Whether this run records the golden files instead of comparing with them.
    public static var isRecording: Bool { ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" }

    /// Compares `actual` with the golden file `name` in the `Golden/` folder beside `testFile`.
    /// - Returns: `nil` when they match (or when recording); otherwise a message naming the file and the first line
    ///   that differs, for the test to report.
    public static func mismatch(_ actual: String, named name: String, testFile: String = #filePath) -> String? {
        let folder = URL(fileURLWithPath: testFile).deletingLastPathComponent().appendingPathComponent("Golden")
        let url = folder.appendingPathComponent(name)
        if isRecording {
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                try Data(actual.utf8).write(to: url)
                return nil
            } catch {
                return "\(url.path): could not record: \(error)"
            }
        }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            return "\(url.path): no golden file; record it with RECORD_SNAPSHOTS=1 swift test and review it"
        }
        let expected = String(decoding: data, as: UTF8.self)
        guard expected != actual else { return nil }
        let expectedLines = expected.components(separatedBy: "\n")
        let actualLines = actual.components(separatedBy: "\n")
        let index =
            zip(expectedLines, actualLines).enumerated().first { $0.element.0 != $0.element.1 }?.offset
            ?? min(expectedLines.count, actualLines.count)
        let want = index < expectedLines.count ? expectedLines[index] : "(end of file)"
        let got = index < actualLines.count ? actualLines[index] : "(end of output)"
        return
            "\(url.path):\(index + 1): differs from the output (re-record on purpose with RECORD_SNAPSHOTS=1)\n  expected: \(want)\n  found:    \(got)"
    }
}
