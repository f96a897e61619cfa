/// The rows of one file that an importer sets aside, counted exactly and listed up to a bound.
///
/// A malformed row never stops a file: the importer calls ``setAside(line:column:_:)`` and goes on. The first
/// ``maximumListed`` rows are listed one diagnostic each (file, line, column, reason, a short escaped excerpt); the
/// count of all of them closes the list: "3,000 records set aside (first 50 listed)". Set-aside rows are warnings,
/// so a build goes on with the good rows (`validate --strict` makes them fatal).
package struct SetAsideRows: Sendable {
    /// How many set-aside rows are listed one by one.
    package static let maximumListed = 50

    package let file: String
    /// Every row set aside so far.
    package private(set) var count = 0
    private var listed: [Diagnostic] = []

    package init(file: String) { self.file = file }

    /// Sets a row aside with its reason (which should quote what was found through ``escapedExcerpt(_:limit:)``).
    package mutating func setAside(line: Int?, column: Int? = nil, _ reason: String) {
        count += 1
        if count <= Self.maximumListed {
            listed.append(
                Diagnostic(
                    severity: .warning, file: file, line: line, column: column, message: reason + "; row set aside"))
        }
    }

    /// Adds the rows another reader set aside (one block of the same file, read beside others), their lines shifted
    /// by `lineOffset`: listed in order up to ``maximumListed``, counted exactly.
    package mutating func merge(_ other: SetAsideRows, lineOffset: Int) {
        for var diagnostic in other.listed where listed.count < Self.maximumListed {
            diagnostic.line = diagnostic.line.map { $0 + lineOffset }
            listed.append(diagnostic)
        }
        count += other.count
    }

    /// Sets aside a CSV record that cannot be trusted whatever its columns: NUL bytes, or bytes neither UTF-8 nor
    /// Windows-1252.
    /// - Returns: `true` when the record may be read.
    package mutating func screen(_ record: CSVRecord) -> Bool {
        if record.nulByteCount > 0 {
            let text = record.fields.joined(separator: ",")
            setAside(
                line: record.line,
                "\(record.nulByteCount) NUL byte\(record.nulByteCount == 1 ? "" : "s") in the line (a tracker killed while writing pads it with NULs); found \"\(escapedExcerpt(text))\""
            )
            return false
        }
        if record.hasUndecodableBytes {
            setAside(
                line: record.line,
                "bytes that are neither UTF-8 nor Windows-1252; found \"\(escapedExcerpt(record.fields.joined(separator: ",")))\""
            )
            return false
        }
        return true
    }

    /// Sets aside a record whose field count differs from the header's.
    /// - Returns: `true` when the record has the header's field count.
    package mutating func checkFieldCount(_ record: CSVRecord, expected: Int, hint: String = "") -> Bool {
        checkFieldCount(record.fields.count, line: record.line, expected: expected, hint: hint)
    }

    /// Sets aside a row of `count` fields on `line` when the header has another count.
    /// - Returns: `true` when the row has the header's field count.
    package mutating func checkFieldCount(_ count: Int, line: Int, expected: Int, hint: String = "") -> Bool {
        guard count != expected else { return true }
        setAside(
            line: line, "\(count) fields, expected \(expected) as in the header\(hint.isEmpty ? "" : " (\(hint))")")
        return false
    }

    /// The listed rows, then the exact count when there are any, then the encoding fallback of `reader`, if any.
    package func diagnostics(fallback: EncodingFallback? = nil) -> [Diagnostic] {
        var output = listed
        if count > 0 {
            let shown = count > Self.maximumListed ? " (first \(Self.maximumListed) listed)" : ""
            output.append(
                .warning(file, "\(count.groupedDigits) record\(count == 1 ? "" : "s") set aside\(shown)"))
        }
        if let fallback {
            output.append(
                Diagnostic(
                    severity: .warning, file: file, line: fallback.line, column: nil,
                    message:
                        "byte \(fallback.byteOffset) is not UTF-8: \(fallback.recordCount.groupedDigits) record\(fallback.recordCount == 1 ? "" : "s") read as Windows-1252 (first: \"\(fallback.excerpt)\"); check the accented names"
                ))
        }
        return output
    }
}

extension Int {
    /// The count with a comma every three digits (`3,000`), whatever the machine's locale, for messages.
    package var groupedDigits: String {
        let digits = String(self.magnitude)
        var output = ""
        for (index, character) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { output.append(",") }
            output.append(character)
        }
        return (self < 0 ? "-" : "") + output
    }
}
