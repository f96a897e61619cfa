import Foundation

/// A value parsed by `JSONSerialization` together with its JSON pointer (RFC 6901), so that every record read from
/// JSON keeps where it came from and every error names the exact place.
package struct JSONNode {
    package let value: Any
    package let pointer: String
    package let file: String

    /// Parses a whole JSON document, strictly: an object that gives a key twice is refused.
    /// - Throws: ``IngestError/invalidJSON(file:pointer:found:expected:)`` with the parser's own reason, or naming the
    ///   repeated key and its line.
    package static func parse(_ data: Data, file: String) throws(IngestError) -> JSONNode {
        do {
            let value = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
            if let duplicate = firstDuplicateJSONKey(in: [UInt8](data)) {
                throw IngestError.invalidJSON(
                    file: file, pointer: "",
                    found: "the key \"\(duplicate.key)\" twice in one object, line \(duplicate.line)",
                    expected: "each key once per object (strict JSON: the parser would keep only one)")
            }
            return JSONNode(value: value, pointer: "", file: file)
        } catch let error as IngestError {
            throw error
        } catch {
            let reason = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
            throw .invalidJSON(file: file, pointer: "", found: "text that does not parse (\(reason))", expected: "JSON")
        }
    }

    package var object: [String: Any]? { value as? [String: Any] }
    package var array: [Any]? { value as? [Any] }

    /// The member `key` of an object, or `nil` when absent or `null`.
    package subscript(key: String) -> JSONNode? {
        guard let member = object?[key], !(member is NSNull) else { return nil }
        let escaped = key.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
        return JSONNode(value: member, pointer: pointer + "/" + escaped, file: file)
    }

    /// The elements of an array, each with its pointer.
    package var elements: [JSONNode]? {
        array.map { items in items.enumerated().map { JSONNode(value: $1, pointer: pointer + "/\($0)", file: file) } }
    }

    package var string: String? {
        if let text = value as? String { return text }
        if let number = value as? NSNumber, !isBoolean(number) { return number.stringValue }
        return nil
    }

    /// The value as a finite number (a JSON number, or a string holding one); `nil` for `"Infinity"`, `"nan"` and
    /// anything else.
    package var number: Double? {
        if let number = value as? NSNumber, !isBoolean(number), number.doubleValue.isFinite {
            return number.doubleValue
        }
        if let text = value as? String, let parsed = Double(text), parsed.isFinite { return parsed }
        return nil
    }

    private func isBoolean(_ number: NSNumber) -> Bool { isJSONBoolean(number) }

    /// A description of what is here, for "found …" in errors.
    package var kindDescription: String {
        switch value {
        case is String: return "a string"
        case is [Any]: return "an array"
        case is [String: Any]: return "an object"
        case is NSNull: return "null"
        case is NSNumber: return "a number"
        default: return "a value"
        }
    }

    /// A required number member.
    package func requiredNumber(_ key: String) throws(IngestError) -> Double {
        guard let member = self[key] else {
            throw .invalidJSON(file: file, pointer: pointer + "/" + key, found: "nothing", expected: "a number")
        }
        guard let number = member.number else {
            throw .invalidJSON(file: file, pointer: member.pointer, found: member.kindDescription, expected: "a number")
        }
        return number
    }

    /// A required string member.
    package func requiredString(_ key: String) throws(IngestError) -> String {
        guard let member = self[key], let text = member.string else {
            throw .invalidJSON(
                file: file, pointer: pointer + "/" + key, found: self[key]?.kindDescription ?? "nothing",
                expected: "a string")
        }
        return text
    }
}

/// Whether a value from `JSONSerialization` is `true` or `false` rather than a number (both arrive as `NSNumber`;
/// on Linux `0 as? Bool` succeeds, so the type encoding is what tells them apart).
func isJSONBoolean(_ value: Any) -> Bool {
    guard let number = value as? NSNumber else { return false }
    return String(cString: number.objCType) == "c" && String(describing: type(of: value)).contains("Boolean")
}
