import Foundation

/// The punctuation spacing of a report language, applied to every text node of the rendered report.
///
/// French (Imprimerie nationale, *Lexique des règles typographiques*): a no-break space U+00A0 before `:`, a narrow
/// no-break space U+202F before `;`, `!`, `?`, after `«` and before `»`. An ordinary space already there is replaced;
/// where there is none, one is inserted. A colon between digits (`08:00`), in `://`, or starting a text is left
/// alone, and so is a `;` that ends an HTML character reference (`&amp;`). Other languages are unchanged.
public enum Typography {
    /// The no-break space French puts before a colon.
    public static let noBreakSpace: Character = "\u{00A0}"
    /// The narrow no-break space French puts before `;`, `!`, `?` and inside guillemets.
    public static let narrowNoBreakSpace: Character = "\u{202F}"

    /// A text with the language's punctuation spacing.
    /// - Complexity: O(n) in the text's length.
    /// - Parameters:
    ///   - text: the text.
    ///   - language: the report language; only French changes anything.
    ///   - preceding: the character just before the text, when it continues one (a text node after `</strong>`).
    public static func spaced(_ text: String, language: ReportLanguage, after preceding: Character? = nil) -> String {
        guard language == .fr else { return text }
        let characters = Array(text)
        var output: [Character] = []
        output.reserveCapacity(characters.count + 8)
        var entityStart: Int?
        for (index, character) in characters.enumerated() {
            let next = index + 1 < characters.count ? characters[index + 1] : nil
            if character == "&" { entityStart = output.count }
            switch character {
            case ":", ";", "!", "?":
                let space = character == ":" ? noBreakSpace : narrowNoBreakSpace
                let previous = output.last
                if character == ";", let start = entityStart, isEntityBody(output[(start + 1)...]) {
                    break
                }
                if character == ":" {
                    let digitBefore = previous?.isNumber ?? false
                    let digitAfter = next?.isNumber ?? false
                    if digitBefore && digitAfter || next == "/" { break }
                }
                guard let previous = previous ?? (index == 0 ? preceding : nil) else { break }
                if output.isEmpty {
                    if !previous.isWhitespace && !"!?;:(".contains(previous) { output.append(space) }
                } else if previous == " " {
                    output[output.count - 1] = space
                } else if previous != noBreakSpace && previous != narrowNoBreakSpace && !previous.isWhitespace
                    && !"!?;:(".contains(previous)
                {
                    output.append(space)
                }
            case "»":
                if let previous = output.last {
                    if previous == " " || previous == noBreakSpace {
                        output[output.count - 1] = narrowNoBreakSpace
                    } else if previous != narrowNoBreakSpace && !previous.isWhitespace {
                        output.append(narrowNoBreakSpace)
                    }
                }
            default:
                break
            }
            if character != "&", !(character.isLetter || character.isNumber || character == "#") {
                if character != ";" { entityStart = nil }
            }
            output.append(character)
            if character == ";" { entityStart = nil }
            if character == "«" {
                if next == " " || next == noBreakSpace {
                    continue
                } else if next != narrowNoBreakSpace, let next, !next.isWhitespace {
                    output.append(narrowNoBreakSpace)
                }
            }
            if index > 0, characters[index - 1] == "«", character == " " || character == noBreakSpace {
                output[output.count - 1] = narrowNoBreakSpace
            }
        }
        return String(output)
    }

    /// Whether an opening tag marks its content as another language (`<cite lang="en">`): a quotation keeps its own
    /// typography.
    private static func isOtherLanguage(_ tag: Substring, than language: ReportLanguage) -> Bool {
        guard let range = tag.firstUTF8Range(of: " lang=\"") else { return false }
        let value = tag[range.upperBound...].prefix { $0 != "\"" }
        return !value.isEmpty && value != language.rawValue
    }

    /// Whether ``spaced(_:language:after:)`` can change a text: only a `:`, `;`, `!`, `?`, `«` or `»` makes it.
    /// One pass over the bytes; `«` and `»` are U+00AB and U+00BB, `C2 AB` and `C2 BB` in UTF-8.
    static func mayNeedSpacing(_ text: Substring) -> Bool {
        var afterC2 = false
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: ":"), UInt8(ascii: ";"), UInt8(ascii: "!"), UInt8(ascii: "?"): return true
            case 0xAB where afterC2, 0xBB where afterC2: return true
            default: afterC2 = byte == 0xC2
            }
        }
        return false
    }

    private static func isEntityBody(_ body: ArraySlice<Character>) -> Bool {
        guard let first = body.first else { return false }
        if first == "#" { return body.count > 1 && body.dropFirst().allSatisfy { $0.isLetter || $0.isNumber } }
        return body.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
    }

    /// An HTML document with ``spaced(_:language:after:)`` applied to its text nodes only: tags, attributes, comments,
    /// the content of `<style>`, `<script>`, `<code>` and `<pre>`, and of any element whose `lang` is another
    /// language, are copied unchanged.
    /// - Complexity: O(n) in the document's length.
    public static func spacedHTML(_ html: String, language: ReportLanguage) -> String {
        guard language == .fr else { return html }
        var output = ""
        output.reserveCapacity(html.utf8.count + html.utf8.count / 50)
        let bytes = html.utf8
        var position = bytes.startIndex
        var verbatim: String?
        var depth = 0
        var last: Character?
        // Most text nodes hold no punctuation to space: they are copied as they are, only their last character kept.
        func text(_ part: Substring) {
            guard verbatim == nil, mayNeedSpacing(part) else {
                // Copied as is, but what follows it follows its last character.
                output += part
                if let final = part.last { last = final }
                return
            }
            let result = spaced(String(part), language: language, after: last)
            if let final = result.last { last = final }
            output += result
        }
        // `<` and `>` are ASCII: a byte search finds them, and an index found so is a character's.
        while position < bytes.endIndex {
            guard let open = bytes[position...].firstIndex(of: UInt8(ascii: "<")) else {
                text(html[position...])
                break
            }
            text(html[position..<open])
            let rest = html[open...]
            if rest.utf8.starts(with: "<!--".utf8) {
                let end = rest.firstUTF8Range(of: "-->")?.upperBound ?? html.endIndex
                output += html[open..<end]
                position = end
                continue
            }
            let close = rest.utf8.firstIndex(of: UInt8(ascii: ">")).map { bytes.index(after: $0) } ?? html.endIndex
            let tag = html[open..<close]
            output += tag
            position = close
            let name = tagName(tag)
            // A block boundary ends the sentence: a colon after it starts a new text, not the previous one's.
            if Self.blockBoundaries.contains(name) {
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

    /// The tags that end a sentence for the spacing: cells, items, paragraphs, rows, headings, SVG text, titles.
    /// A tag's name in lower case, with the `/` of a closing tag: `p`, `/td`, `h1` (the letters, digits and `/`
    /// after its `<`). ASCII names are read from the bytes; a name with any other character, by characters.
    static func tagName(_ tag: Substring) -> String {
        var bytes: [UInt8] = []
        for byte in tag.utf8.dropFirst() {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "/"):
                bytes.append(byte)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                bytes.append(byte + 32)
            case 0x80...:
                // A letter beyond ASCII, or a mark that joins the character before it.
                return tag.dropFirst().prefix { $0.isLetter || $0.isNumber || $0 == "/" }.lowercased()
            default:
                return String(decoding: bytes, as: UTF8.self)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static let blockBoundaries: Set<String> = [
        "td", "th", "/td", "/th", "li", "/li", "p", "/p", "div", "/div", "br", "tr", "/tr", "dd", "dt", "text", "/text",
        "title", "/title", "h1", "h2", "h3", "/h1", "/h2", "/h3",
    ]
}
