extension String {
    /// Escaped for XML/HTML text and attribute values: `&`, `<`, `>`, `"` and `'`.
    public var htmlEscaped: String {
        // Most texts have nothing to escape: one pass over the bytes finds it, without walking the characters.
        guard
            utf8.contains(where: { byte in
                byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">")
                    || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'")
            })
        else { return self }
        var result = ""
        result.reserveCapacity(count)
        for character in self {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }
}

/// Formats a coordinate with at most two decimals, so the SVG is compact and byte-stable.
func coordinate(_ value: Double) -> String {
    let rounded = (value * 100).rounded() / 100
    if rounded == rounded.rounded() { return String(Int(rounded)) }
    return String(rounded)
}
