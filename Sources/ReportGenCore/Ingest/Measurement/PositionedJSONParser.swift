/// A strict RFC 8259 JSON parser that keeps each value's byte offset and, when the text stops or goes wrong, says
/// where: byte, line, column, the JSON pointer of the value being read, what was found and what was expected.
///
/// `JSONSerialization` reports neither the position nor the path of a truncated download; Prometheus responses of
/// tens of thousands of points are where that matters. Nesting is limited to ``maximumDepth`` levels so that hostile
/// input cannot exhaust the stack.
struct PositionedJSONParser {
    /// The deepest nesting accepted; Prometheus responses need 6.
    static let maximumDepth = 256

    private enum PathComponent {
        case key(String)
        case index(Int)
    }

    private let file: String
    private let bytes: [UInt8]
    private var index = 0
    private var path: [PathComponent] = []

    private init(file: String, bytes: [UInt8]) {
        self.file = file
        self.bytes = bytes
    }

    /// Parses a whole document; a UTF-8 byte order mark is skipped.
    /// - Parameters:
    ///   - bytes: the document.
    ///   - file: the file name used in errors.
    /// - Throws: ``MeasurementError/malformedJSON(file:line:column:byteOffset:pointer:found:expected:)``.
    static func parse(_ bytes: [UInt8], file: String) throws(MeasurementError) -> PositionedJSON {
        var parser = PositionedJSONParser(file: file, bytes: bytes)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { parser.index = 3 }
        parser.skipWhitespace()
        let root = try parser.parseValue(depth: 0)
        parser.skipWhitespace()
        guard parser.index == bytes.count else { throw parser.failure(expected: "the end of the document") }
        return root
    }

    private var pointer: String {
        path.reduce("") { text, component in
            switch component {
            case .key(let key): return PositionedJSON.pointer(text, key)
            case .index(let index): return PositionedJSON.pointer(text, index)
            }
        }
    }

    private func failure(expected: String, found: String? = nil, at offset: Int? = nil) -> MeasurementError {
        let offset = offset ?? index
        let found =
            found
            ?? (offset < bytes.count
                ? "\"\(String(decoding: bytes[offset..<min(offset + 12, bytes.count)].prefix { $0 != 0x0A }, as: UTF8.self))\""
                : "the end of the file (the document stops here: truncated?)")
        let (line, column) = textPosition(ofByte: offset, in: bytes)
        return .malformedJSON(
            file: file, line: line, column: column, byteOffset: offset, pointer: pointer, found: found,
            expected: expected)
    }

    private mutating func skipWhitespace() {
        while index < bytes.count,
            bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D
                || bytes[index] == 0x09
        { index += 1 }
    }

    private mutating func parseValue(depth: Int) throws(MeasurementError) -> PositionedJSON {
        guard depth < Self.maximumDepth else {
            throw failure(expected: "at most \(Self.maximumDepth) levels of nesting", found: "deeper nesting")
        }
        guard index < bytes.count else { throw failure(expected: "a value") }
        let start = index
        switch bytes[index] {
        case UInt8(ascii: "{"):
            return PositionedJSON(value: .object(try parseObject(depth: depth)), byteOffset: start)
        case UInt8(ascii: "["):
            return PositionedJSON(value: .array(try parseArray(depth: depth)), byteOffset: start)
        case UInt8(ascii: "\""):
            return PositionedJSON(value: .string(try parseString()), byteOffset: start)
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return PositionedJSON(value: .bool(true), byteOffset: start)
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return PositionedJSON(value: .bool(false), byteOffset: start)
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return PositionedJSON(value: .null, byteOffset: start)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return PositionedJSON(value: .number(try parseNumber()), byteOffset: start)
        default:
            throw failure(expected: "a value (object, array, string, number, true, false or null)")
        }
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(MeasurementError) {
        let count = literal.utf8CodeUnitCount
        let start = index
        var offset = 0
        while offset < count {
            guard start + offset < bytes.count, bytes[start + offset] == literal.utf8Start[offset] else {
                throw failure(expected: "\(literal)", at: start)
            }
            offset += 1
        }
        index += count
    }

    private mutating func parseObject(depth: Int) throws(MeasurementError) -> [PositionedJSON.Member] {
        index += 1
        var members: [PositionedJSON.Member] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return members
        }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                throw failure(expected: "a member name in double quotes")
            }
            let key = try parseString()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
                throw failure(expected: "\":\" after the member name \"\(key)\"")
            }
            index += 1
            skipWhitespace()
            path.append(.key(key))
            let value = try parseValue(depth: depth + 1)
            path.removeLast()
            members.append(PositionedJSON.Member(key: key, value: value))
            skipWhitespace()
            guard index < bytes.count else { throw failure(expected: "\",\" or \"}\"") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            guard bytes[index] == UInt8(ascii: "}") else { throw failure(expected: "\",\" or \"}\"") }
            index += 1
            return members
        }
    }

    private mutating func parseArray(depth: Int) throws(MeasurementError) -> [PositionedJSON] {
        index += 1
        var elements: [PositionedJSON] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return elements
        }
        while true {
            skipWhitespace()
            path.append(.index(elements.count))
            let element = try parseValue(depth: depth + 1)
            path.removeLast()
            elements.append(element)
            skipWhitespace()
            guard index < bytes.count else { throw failure(expected: "\",\" or \"]\"") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            guard bytes[index] == UInt8(ascii: "]") else { throw failure(expected: "\",\" or \"]\"") }
            index += 1
            return elements
        }
    }

    private mutating func parseNumber() throws(MeasurementError) -> Double {
        let start = index
        func digits() -> Int {
            let first = index
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
            return index - first
        }
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard digits() > 0 else { throw failure(expected: "a digit", at: index) }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 else { throw failure(expected: "a digit after the decimal point") }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard digits() > 0 else { throw failure(expected: "a digit in the exponent") }
        }
        // The grammar above admits only what Double's parser reads; an overflow (1e400) gives ±infinity, which the
        // readers set aside as not finite.
        return Double(String(decoding: bytes[start..<index], as: UTF8.self)) ?? .nan
    }

    private mutating func parseString() throws(MeasurementError) -> String {
        let start = index
        index += 1
        var buffer: [UInt8] = []
        var runStart = index
        while true {
            guard index < bytes.count else {
                throw failure(expected: "a closing \" for the string opened at byte \(start)")
            }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                buffer.append(contentsOf: bytes[runStart..<index])
                index += 1
                break
            }
            if byte < 0x20 { throw failure(expected: "an escaped control character (\\n, \\t, \\u00XX) in a string") }
            if byte != UInt8(ascii: "\\") {
                index += 1
                continue
            }
            buffer.append(contentsOf: bytes[runStart..<index])
            index += 1
            guard index < bytes.count else { throw failure(expected: "an escape sequence") }
            let escape = bytes[index]
            index += 1
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): buffer.append(escape)
            case UInt8(ascii: "b"): buffer.append(0x08)
            case UInt8(ascii: "f"): buffer.append(0x0C)
            case UInt8(ascii: "n"): buffer.append(0x0A)
            case UInt8(ascii: "r"): buffer.append(0x0D)
            case UInt8(ascii: "t"): buffer.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hexQuad()
                if (0xD800..<0xDC00).contains(scalar), index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"),
                    bytes[index + 1] == UInt8(ascii: "u")
                {
                    index += 2
                    let low = try hexQuad()
                    scalar =
                        (0xDC00..<0xE000).contains(low) ? 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00) : 0xFFFD
                }
                // A lone surrogate cannot be UTF-8: it becomes U+FFFD, as Foundation's decoder does.
                buffer.append(contentsOf: Array(String(Unicode.Scalar(scalar) ?? "\u{FFFD}").utf8))
            default:
                throw failure(expected: "an escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)", at: index - 2)
            }
            runStart = index
        }
        guard let text = String(validating: buffer, as: UTF8.self) else {
            throw failure(expected: "UTF-8 text", found: "bytes that are not UTF-8", at: start)
        }
        return text
    }

    private mutating func hexQuad() throws(MeasurementError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard index < bytes.count else { throw failure(expected: "four hexadecimal digits") }
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case 0x30...0x39: digit = UInt32(byte - 0x30)
            case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
            default: throw failure(expected: "four hexadecimal digits")
            }
            value = value * 16 + digit
            index += 1
        }
        return value
    }
}
