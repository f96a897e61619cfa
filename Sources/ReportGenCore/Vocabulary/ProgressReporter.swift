/// Where the stages of a build or a sign-off report their progress: one line per stage.
///
/// The core owns this seam so that it never prints: the command-line tool supplies a reporter that writes to
/// stderr, tests use ``SilentProgress``.
package protocol ProgressReporter: Sendable {
    /// Reports that a stage finished, such as `ingest` with `12 files read, 4,321 rows`.
    func stage(_ name: String, _ message: String)
}

/// A reporter that drops every line.
package struct SilentProgress: ProgressReporter {
    package init() {}

    package func stage(_ name: String, _ message: String) {}
}
