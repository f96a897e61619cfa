/// Collects the diagnostics of one file's set-aside samples, listing the first few and counting the rest, so that a
/// month of `NaN` readings is one screen, not forty thousand lines.
struct SampleDiagnostics: Sendable {
    /// How many set-aside samples are listed one by one.
    static let maximumListed = 50

    let file: String
    private(set) var listed: [Diagnostic] = []
    private(set) var setAsideCount = 0

    init(file: String) { self.file = file }

    /// Records a set-aside sample or row.
    mutating func setAside(line: Int?, column: Int?, _ message: String, severity: Diagnostic.Severity = .warning) {
        setAsideCount += 1
        if setAsideCount <= Self.maximumListed {
            listed.append(
                Diagnostic(severity: severity, file: file, line: line, column: column, message: message + "; set aside")
            )
        }
    }

    /// Records a set-aside sample, row or series, working out its message and location only when it is listed: a
    /// position in a one-line JSON file costs a scan from its start.
    mutating func setAside(
        _ message: @autoclosure () -> String, severity: Diagnostic.Severity = .warning,
        location: () -> (line: Int, column: Int)
    ) {
        if setAsideCount < Self.maximumListed {
            let (line, column) = location()
            setAside(line: line, column: column, message(), severity: severity)
        } else {
            setAsideCount += 1
        }
    }

    /// The listed diagnostics, then one counting those not listed.
    var diagnostics: [Diagnostic] {
        guard setAsideCount > Self.maximumListed else { return listed }
        return listed + [
            .warning(file, "\(setAsideCount - Self.maximumListed) more set-aside samples, rows or series not listed")
        ]
    }
}
