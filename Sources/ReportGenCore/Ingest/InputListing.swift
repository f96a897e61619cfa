/// What `inputs/` holds: the files to read, and every other entry with why it is not read.
package struct InputListing: Sendable {
    package var files: [InputFile] = []
    /// One diagnostic per entry not read, naming it and the reason.
    package var skipped: [Diagnostic] = []

    package init(files: [InputFile] = [], skipped: [Diagnostic] = []) {
        self.files = files
        self.skipped = skipped
    }

    mutating func skip(_ name: String, _ severity: Diagnostic.Severity, _ reason: String) {
        skipped.append(Diagnostic(severity: severity, file: name, line: nil, column: nil, message: reason))
    }
}
