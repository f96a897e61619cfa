import Foundation

/// A parsed JSON value that remembers the byte at which it starts, so that a diagnostic about it can name the line
/// and column as well as its JSON pointer. Built by ``PositionedJSONParser``.
struct PositionedJSON: Sendable {
    /// An object member, in document order.
    struct Member: Sendable {
        var key: String
        var value: PositionedJSON
    }

    /// The value itself.
    enum Value: Sendable {
        case object([Member])
        case array([PositionedJSON])
        case string(String)
        case number(Double)
        case bool(Bool)
        case null
    }

    var value: Value
    /// 0-based offset of the value's first byte in the document.
    var byteOffset: Int

    /// The first member named `key` of an object, `nil` when absent, `null`, or not an object.
    subscript(key: String) -> PositionedJSON? {
        guard case .object(let members) = value, let member = members.first(where: { $0.key == key }) else {
            return nil
        }
        if case .null = member.value.value { return nil }
        return member.value
    }

    var members: [Member]? {
        if case .object(let members) = value { return members }
        return nil
    }

    var elements: [PositionedJSON]? {
        if case .array(let elements) = value { return elements }
        return nil
    }

    var string: String? {
        if case .string(let text) = value { return text }
        return nil
    }

    var number: Double? {
        if case .number(let number) = value { return number }
        return nil
    }

    /// What is here, for "found …" in messages.
    var kindDescription: String {
        switch value {
        case .object: return "an object"
        case .array(let elements): return "an array of \(elements.count)"
        case .string(let text): return "the string \"\(text.prefix(60))\""
        case .number(let number): return "the number \(number)"
        case .bool(let flag): return flag ? "true" : "false"
        case .null: return "null"
        }
    }

    /// Appends a member name or an array index to a JSON pointer (RFC 6901: `~` → `~0`, `/` → `~1`).
    static func pointer(_ base: String, _ key: String) -> String {
        base + "/" + key.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }

    static func pointer(_ base: String, _ index: Int) -> String { base + "/\(index)" }
}

/// The 1-based line and column (in characters, a tab counting one) of a byte offset in UTF-8 text.
/// - Complexity: O(offset).
func textPosition(ofByte offset: Int, in bytes: [UInt8]) -> (line: Int, column: Int) {
    var line = 1
    var column = 1
    var index = 0
    let end = min(max(offset, 0), bytes.count)
    while index < end {
        let byte = bytes[index]
        if byte == 0x0A {
            line += 1
            column = 1
        } else if byte & 0xC0 != 0x80 {
            column += 1
        }
        index += 1
    }
    return (line, column)
}
