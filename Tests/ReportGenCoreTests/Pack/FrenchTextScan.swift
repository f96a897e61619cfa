import Foundation

/// The checks a French reader's proofreading makes on every text node of the French report: no decimal point
/// between digits, every colon after a no-break space, and none of a list of English words.
///
/// Text inside `<style>` and `<code>` (file names, locations, hashes, factor keys) and inside an element whose
/// `lang` is not French (quoted English citations, marked as such) is not French prose and is skipped.
enum FrenchTextScan {
    /// Words that are English and not French; matched as whole words, case-insensitively.
    static let englishWords = [
        "the", "and", "with", "from", "which", "unallocated", "file", "files", "month", "months", "record", "records",
        "row", "rows", "set aside", "does not", "is not", "not counted", "value points", "converted", "expected",
        "found", "fields", "warning", "error", "Translation", "Generation", "Drop", "yes", "per year", "a year",
        "a month", "budget crossed", "not robust", "Gap", "Status", "Agrees", "explained",
    ]

    /// The XPath of the text nodes that are French prose.
    static let proseXPath =
        "//text()[not(ancestor::style) and not(ancestor::code) and not(ancestor::*[@lang and @lang != 'fr'])]"

    /// Every problem found, as `problem: «text»`.
    static func violations(in texts: [String]) -> [String] {
        var problems: [String] = []
        let decimalPoint = try? NSRegularExpression(pattern: #"\d\.\d"#)
        let words = englishWords.compactMap { word in
            try? NSRegularExpression(
                pattern: #"(?<![\p{L}\-])"# + NSRegularExpression.escapedPattern(for: word) + #"(?![\p{L}\-])"#,
                options: [.caseInsensitive])
        }
        for text in texts {
            let range = NSRange(text.startIndex..., in: text)
            if decimalPoint?.firstMatch(in: text, range: range) != nil {
                problems.append("decimal point between digits: «\(text)»")
            }
            let characters = Array(text)
            for (index, character) in characters.enumerated() where character == ":" {
                let previous = index > 0 ? characters[index - 1] : nil
                let next = index + 1 < characters.count ? characters[index + 1] : nil
                if (previous?.isNumber ?? false) && (next?.isNumber ?? false) { continue }  // 08:00
                if next == "/" { continue }  // https://
                if index == 0 { continue }  // checked with the node before: a colon after </strong>
                if previous != "\u{00A0}" && previous != "\u{202F}" {
                    problems.append("colon without a no-break space: «\(text)»")
                }
            }
            for (word, regex) in zip(englishWords, words) where regex.firstMatch(in: text, range: range) != nil {
                problems.append("English word \"\(word)\": «\(text)»")
            }
        }
        return problems
    }
}
