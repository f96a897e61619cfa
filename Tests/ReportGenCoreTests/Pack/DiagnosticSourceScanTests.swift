import Foundation
import Templates
import Testing

@testable import ReportGenCore

/// Every diagnostic written anywhere in `Sources/ReportGenCore` has a catalog entry: the test reads each call that
/// builds one (`.warning(…)`, `.note(…)`, `.error(…)`, `Diagnostic(…)`, `setAside(…)`, `reject(…)`, `listing.skip(…)`), rebuilds
/// its message from the string literal with sample values in place of the interpolations, and checks that
/// ``DiagnosticCatalog`` gives it a code whose French and English texts exist. A message built elsewhere (a variable,
/// an ``IngestError``, whose codes the compiler checks) is not a literal here and is covered by the corpus tests.
@Suite struct DiagnosticSourceScanTests {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources/ReportGenCore")

    /// A literal's parts: text, and each interpolation's expression.
    enum Part: Equatable {
        case text(String)
        case interpolation(String)
    }

    /// Reads the string literal starting at `index` (at its `"` or `#"`); returns its parts and the index after it.
    static func literal(_ characters: [Character], at start: Int) -> (parts: [Part], end: Int)? {
        var index = start
        var hashes = 0
        while index < characters.count, characters[index] == "#" {
            hashes += 1
            index += 1
        }
        guard index < characters.count, characters[index] == "\"" else { return nil }
        index += 1
        let closing = "\"" + String(repeating: "#", count: hashes)
        var parts: [Part] = []
        var text = ""
        while index < characters.count {
            if String(characters[index..<min(characters.count, index + closing.count)]) == closing {
                parts.append(.text(text))
                return (parts, index + closing.count)
            }
            let escape = "\\" + String(repeating: "#", count: hashes)
            if String(characters[index..<min(characters.count, index + escape.count)]) == escape {
                let next = index + escape.count
                guard next < characters.count else { return nil }
                if characters[next] == "(" {
                    // An interpolation: up to its matching parenthesis, skipping nested string literals.
                    var depth = 1
                    var cursor = next + 1
                    var expression = ""
                    while cursor < characters.count, depth > 0 {
                        let character = characters[cursor]
                        if character == "\"" || (character == "#" && characters[safe: cursor + 1] == "\"") {
                            guard let nested = literal(characters, at: cursor) else { return nil }
                            expression += String(characters[cursor..<nested.end])
                            cursor = nested.end
                            continue
                        }
                        if character == "(" { depth += 1 }
                        if character == ")" { depth -= 1 }
                        if depth > 0 { expression.append(character) }
                        cursor += 1
                    }
                    parts.append(.text(text))
                    parts.append(.interpolation(expression))
                    text = ""
                    index = cursor
                    continue
                }
                let escaped: [Character: String] = ["n": "\n", "t": "\t", "\"": "\"", "\\": "\\", "0": "\0"]
                text += hashes == 0 ? escaped[characters[next]] ?? String(characters[next]) : String(characters[next])
                index = next + 1
                continue
            }
            text.append(characters[index])
            index += 1
        }
        return nil
    }

    /// Sites whose message takes one of several texts from a variable, each of which has its own pattern (checked
    /// by the corpus tests), by file and a fragment of the literal.
    static let composedSites: [String: String] = [
        "GPUEnergyCalculator.swift|that time is not measured": "measured_gap_missing, measured_gap_implausible",
        "AzureItemDating.swift|a report without a month": "azure_undated_report_alone, azure_undated_report_checked",
    ]

    /// The value an interpolation stands for in a sample: the second branch of a ternary of two literals (`s` of a
    /// plural), two items for a joined list, a sample problem for a reading's `problem`, else `filler`.
    static func sample(_ expression: String, after text: String, filler: String) -> String {
        if expression == "problem" {
            // A range check's phrase after "expected", else a measured reading's problem.
            return text.hasSuffix("expected ") ? "a number ≥ 0" : "value 1 is not a finite number; expected a reading"
        }
        if let match = expression.range(of: #"\?\s*"([^"]*)"\s*:\s*"([^"]*)"\s*$"#, options: .regularExpression) {
            let branches = expression[match].split(separator: "\"", omittingEmptySubsequences: false)
            if branches.count >= 4 { return String(branches[3]) }
        }
        if expression.contains(".joined(") { return filler + ", " + filler }
        return filler
    }

    /// Every diagnostic message literal of the sources, with the file and line of its call and the suffix its
    /// constructor adds (`setAside` adds "; row set aside" or "; set aside").
    static func messageLiterals() throws -> [(site: String, parts: [Part], suffixes: [String])] {
        let call = try NSRegularExpression(
            pattern: #"(?<![A-Za-z_])(\.warning|\.note|\.error|Diagnostic|setAside|reject|listing\.skip)\("#)
        var found: [(String, [Part], [String])] = []
        // `validate`'s own findings go to the terminal only, never to a pack.
        let files = try FileManager.default.subpathsOfDirectory(atPath: sources.path).filter {
            $0.hasSuffix(".swift") && !$0.hasPrefix("Pack/DiagnosticCatalog") && !$0.hasPrefix("Archive/")
                && $0 != "Vocabulary/Diagnostic.swift" && $0 != "Pipeline/WorkspaceValidation.swift"
        }
        for path in files.sorted() {
            let text = try String(contentsOf: sources.appendingPathComponent(path), encoding: .utf8)
            let characters = Array(text)
            let utf16 = text.utf16
            for match in call.matches(in: text, range: NSRange(location: 0, length: utf16.count)) {
                guard let range = Range(match.range, in: text) else { continue }
                let line = text[..<range.lowerBound].filter { $0 == "\n" }.count + 1
                let name = String(text[range].dropLast())
                var index = text.distance(from: text.startIndex, to: range.upperBound)
                var depth = 1
                var literals: [[Part]] = []
                var isComposed = false
                while index < characters.count, depth > 0 {
                    let character = characters[index]
                    if character == "\"" || (character == "#" && characters[safe: index + 1] == "\"") {
                        guard let parsed = literal(characters, at: index) else { break }
                        // A literal joined to a variable with `+` is a piece of a message made elsewhere.
                        let before = characters[max(0, index - 3)..<index].filter { $0 != " " }
                        let after = characters[parsed.end..<min(characters.count, parsed.end + 3)].filter { $0 != " " }
                        if before.last == "+" || after.first == "+" { isComposed = true }
                        if depth == 1 { literals.append(parsed.parts) }
                        index = parsed.end
                        continue
                    }
                    if character == "(" || character == "[" || character == "{" { depth += 1 }
                    if character == ")" || character == "]" || character == "}" { depth -= 1 }
                    index += 1
                }
                // A diagnostic given its code where it is made (`coded(…)`, `.code = "…"`) needs no pattern.
                let start = text.distance(from: text.startIndex, to: range.lowerBound)
                let preceding = String(characters[max(0, start - 40)..<start])
                let following = String(characters[index..<min(characters.count, index + 400)])
                if preceding.contains("coded(") || following.contains(".code = \"") || isComposed { continue }
                // The message is the last literal argument (the file and other arguments come first).
                guard let message = literals.last,
                    message.contains(where: { part in
                        if case .text(let value) = part { return value.count > 3 }
                        return false
                    })
                else { continue }
                // The usage log's readers set rows aside through `reject(…)`, which adds "; row set aside" too.
                let suffixes: [String]
                switch name {
                case "setAside": suffixes = ["; row set aside", "; set aside"]
                case "reject": suffixes = ["; row set aside"]
                default: suffixes = [""]
                }
                found.append(("\(path):\(line)", message, suffixes))
            }
        }
        return found
    }

    @Test func everyDiagnosticLiteralOfTheSourcesHasACatalogEntryInFrenchAndEnglish() throws {
        let literals = try Self.messageLiterals()
        // What the scan reads: far more than a handful of sites (the corpus tests cover the others).
        #expect(literals.count > 80, "\(literals.count)")
        let content = try SharedDemo.content()
        let set = try TemplateSet.builtIn()
        let views = try [ReportLanguage.fr, .en].map {
            PackView(content: content, language: $0, strings: set.strings(for: $0), toolVersion: "t")
        }
        _ = try #require(views.first)
        var missing: [String] = []
        for (site, parts, suffixes) in literals {
            let text = parts.map { part -> String in
                if case .text(let text) = part { return text }
                return ""
            }.joined()
            if Self.composedSites.contains(where: { key, _ in
                let pieces = key.split(separator: "|").map(String.init)
                return site.contains(pieces[0]) && text.contains(pieces[1])
            }) {
                continue
            }
            // Each interpolation takes each filler (up to four interpolations), else all take the same one.
            let count = parts.filter { if case .interpolation = $0 { return true } else { return false } }.count
            let fillers = ["1", "x", "", "2025-03", "inputs/a.csv"]
            var choices: [[String]] = [[]]
            if count <= 4 {
                let options = fillers.prefix(count <= 3 ? 4 : 3)
                for _ in 0..<count { choices = choices.flatMap { chosen in options.map { chosen + [$0] } } }
            } else {
                choices = fillers.map { Array(repeating: $0, count: count) }
            }
            var candidates: [String] = []
            for choice in choices {
                var next = choice.makeIterator()
                var message = ""
                for part in parts {
                    switch part {
                    case .text(let text): message += text
                    case .interpolation(let expression):
                        message += Self.sample(expression, after: message, filler: next.next() ?? "1")
                    }
                }
                candidates += suffixes.map { message + $0 }
            }
            let isCovered = candidates.contains { message in
                views.allSatisfy { $0.diagnosticText(.warning("inputs/a.csv", message)).isTranslated }
            }
            if !isCovered { missing.append("\(site): \(candidates.first ?? "")") }
        }
        #expect(missing == [])
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
