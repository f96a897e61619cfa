import Foundation
import ReportGenCore

/// Progress lines on stderr, one per stage, silenced by `--quiet`; colour only on a terminal and without `NO_COLOR`.
struct StderrProgress: ProgressReporter {
    let isQuiet: Bool
    let usesColour: Bool

    init(isQuiet: Bool, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.isQuiet = isQuiet
        let noColour = environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        usesColour = !noColour && isatty(STDERR_FILENO) == 1 && environment["TERM"] != "dumb"
    }

    /// `reportgen: ingest: 12 files read, 4,321 rows`.
    func stage(_ name: String, _ message: String) {
        guard !isQuiet else { return }
        let label = usesColour ? "\u{1B}[1;34m\(name)\u{1B}[0m" : name
        FileHandle.standardError.write(Data("reportgen: \(label): \(message)\n".utf8))
    }
}
