/// One sample line of the Prometheus text format (0.0.4) or OpenMetrics 1.0, split into its parts:
/// `name{label="value",…} value [timestamp] [# exemplar]`.
///
/// Label values unescape `\\`, `\"` and `\n`; another backslash sequence is kept as written. Spaces and tabs may
/// surround labels and separate the parts. Columns are 1-based byte positions in the line.
struct PrometheusSampleLine: Sendable, Equatable {
    var name: String
    var labels: [String: String]
    var valueText: String
    var valueColumn: Int
    var timestampText: String?
    var timestampColumn: Int?

    /// Why a line is not a sample.
    struct Failure: Error, Equatable {
        var column: Int
        var found: String
        var expected: String
    }

    /// Parses a line that is not blank and not a `#` comment.
    /// - Throws: ``Failure`` naming the column.
    static func parse(_ line: [UInt8]) throws(Failure) -> PrometheusSampleLine {
        var index = 0
        func found() -> String {
            guard index < line.count else { return "the end of the line" }
            return "\"" + String(decoding: line[index..<min(index + 16, line.count)], as: UTF8.self) + "\""
        }
        func fail(_ expected: String) -> Failure { Failure(column: index + 1, found: found(), expected: expected) }
        func isNameByte(_ byte: UInt8, first: Bool) -> Bool {
            (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || byte == 0x5F || byte == 0x3A
                || (!first && byte >= 0x30 && byte <= 0x39)
        }
        func skipBlanks() { while index < line.count, line[index] == 0x20 || line[index] == 0x09 { index += 1 } }
        func token() -> (text: String, column: Int)? {
            let start = index
            while index < line.count, line[index] != 0x20, line[index] != 0x09 { index += 1 }
            guard index > start else { return nil }
            return (String(decoding: line[start..<index], as: UTF8.self), start + 1)
        }
        let nameStart = index
        while index < line.count, isNameByte(line[index], first: index == nameStart) { index += 1 }
        guard index > nameStart else { throw fail("a metric name ([a-zA-Z_:][a-zA-Z0-9_:]*)") }
        let name = String(decoding: line[nameStart..<index], as: UTF8.self)
        var labels: [String: String] = [:]
        if index < line.count, line[index] == UInt8(ascii: "{") {
            index += 1
            while true {
                skipBlanks()
                guard index < line.count else { throw fail("a label name or \"}\"") }
                if line[index] == UInt8(ascii: "}") {
                    index += 1
                    break
                }
                let labelStart = index
                while index < line.count, isNameByte(line[index], first: index == labelStart), line[index] != 0x3A {
                    index += 1
                }
                guard index > labelStart else { throw fail("a label name ([a-zA-Z_][a-zA-Z0-9_]*)") }
                let labelName = String(decoding: line[labelStart..<index], as: UTF8.self)
                skipBlanks()
                guard index < line.count, line[index] == UInt8(ascii: "=") else {
                    throw fail("\"=\" after the label name \(labelName)")
                }
                index += 1
                skipBlanks()
                guard index < line.count, line[index] == UInt8(ascii: "\"") else {
                    throw fail("a label value in double quotes")
                }
                index += 1
                var value: [UInt8] = []
                var isClosed = false
                while index < line.count {
                    let byte = line[index]
                    index += 1
                    if byte == UInt8(ascii: "\"") {
                        isClosed = true
                        break
                    }
                    if byte == UInt8(ascii: "\\"), index < line.count {
                        let escaped = line[index]
                        index += 1
                        switch escaped {
                        case UInt8(ascii: "\\"), UInt8(ascii: "\""): value.append(escaped)
                        case UInt8(ascii: "n"): value.append(0x0A)
                        default: value += [byte, escaped]
                        }
                        continue
                    }
                    value.append(byte)
                }
                guard isClosed else { throw fail("a closing \" for the value of label \(labelName)") }
                labels[labelName] = String(decoding: value, as: UTF8.self)
                skipBlanks()
                guard index < line.count else { throw fail("\",\" or \"}\"") }
                if line[index] == UInt8(ascii: ",") {
                    index += 1
                } else if line[index] != UInt8(ascii: "}") {
                    throw fail("\",\" or \"}\" after the value of label \(labelName)")
                }
            }
        }
        guard index < line.count, line[index] == 0x20 || line[index] == 0x09 else {
            throw fail("a space, then the sample value")
        }
        skipBlanks()
        guard let value = token() else { throw fail("the sample value") }
        skipBlanks()
        var timestamp: (text: String, column: Int)?
        if index < line.count, line[index] != UInt8(ascii: "#") {
            timestamp = token()
            skipBlanks()
            // What follows may only be an OpenMetrics exemplar, `# {…} value`.
            guard index == line.count || line[index] == UInt8(ascii: "#") else {
                throw fail("the end of the line after the timestamp")
            }
        }
        return PrometheusSampleLine(
            name: name, labels: labels, valueText: value.text, valueColumn: value.column,
            timestampText: timestamp?.text, timestampColumn: timestamp?.column)
    }
}
