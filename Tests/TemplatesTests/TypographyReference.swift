@testable import Templates

/// `Typography.spacedHTML` as it was before its byte-level scan (commit bec9cd1): a character-by-character walk
/// with Foundation searches, kept as the reference the faster scan must agree with.
enum TypographyReference {
    static func spacedHTML(_ html: String, language: ReportLanguage) -> String {
        guard language == .fr else { return html }
        var output = ""
        var rest = Substring(html)
        var verbatim: String?
        var depth = 0
        var last: Character?
        func text(_ part: Substring) -> String {
            guard verbatim == nil else {
                if let final = part.last { last = final }
                return String(part)
            }
            let result = Typography.spaced(String(part), language: language, after: last)
            if let final = result.last { last = final }
            return result
        }
        while !rest.isEmpty {
            guard let open = rest.firstIndex(of: "<") else {
                output += text(rest)
                break
            }
            output += text(rest[..<open])
            rest = rest[open...]
            if rest.hasPrefix("<!--") {
                let end = range(of: "-->", in: rest)?.upperBound ?? rest.endIndex
                output += rest[..<end]
                rest = rest[end...]
                continue
            }
            let close = rest.firstIndex(of: ">").map { rest.index(after: $0) } ?? rest.endIndex
            let tag = rest[..<close]
            output += tag
            rest = rest[close...]
            let name = tag.dropFirst().prefix { $0.isLetter || $0.isNumber || $0 == "/" }.lowercased()
            if [
                "td", "th", "/td", "/th", "li", "/li", "p", "/p", "div", "/div", "br", "tr", "/tr", "dd", "dt", "text",
                "/text", "title", "/title", "h1", "h2", "h3", "/h1", "/h2", "/h3",
            ].contains(name) {
                last = nil
            }
            if let current = verbatim {
                if name == current { depth += 1 }
                if name == "/" + current {
                    depth -= 1
                    if depth == 0 { verbatim = nil }
                }
            } else if !tag.hasSuffix("/>"),
                ["style", "script", "code", "pre"].contains(name) || isOtherLanguage(tag, than: language)
            {
                verbatim = name
                depth = 1
            }
        }
        return output
    }

    private static func isOtherLanguage(_ tag: Substring, than language: ReportLanguage) -> Bool {
        guard let found = range(of: " lang=\"", in: tag) else { return false }
        let value = tag[found.upperBound...].prefix { $0 != "\"" }
        return !value.isEmpty && value != language.rawValue
    }

    /// A character-level search, as Foundation's `range(of:)` found these ASCII needles.
    private static func range(of needle: String, in text: Substring) -> Range<Substring.Index>? {
        var start = text.startIndex
        while start < text.endIndex {
            if text[start...].hasPrefix(needle) {
                return start..<text.index(start, offsetBy: needle.count)
            }
            start = text.index(after: start)
        }
        return nil
    }
}
