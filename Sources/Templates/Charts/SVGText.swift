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
        // Scalar by scalar: a quote or a bracket that a combining mark follows is one `Character` with it, and a walk
        // over characters would leave it raw (a `"` so left ends an attribute value early).
        var result = String.UnicodeScalarView()
        for scalar in unicodeScalars {
            switch scalar {
            case "&": result.append(contentsOf: "&amp;".unicodeScalars)
            case "<": result.append(contentsOf: "&lt;".unicodeScalars)
            case ">": result.append(contentsOf: "&gt;".unicodeScalars)
            case "\"": result.append(contentsOf: "&quot;".unicodeScalars)
            case "'": result.append(contentsOf: "&#39;".unicodeScalars)
            default: result.append(scalar)
            }
        }
        return String(result)
    }
}

/// Formats a coordinate with at most two decimals, so the SVG is compact and byte-stable.
func coordinate(_ value: Double) -> String {
    let rounded = (value * 100).rounded() / 100
    if rounded == rounded.rounded() { return String(Int(rounded)) }
    return String(rounded)
}
