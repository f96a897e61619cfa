import Foundation
import Testing

@testable import ReportGenCore

/// A text field is quoted exactly when it holds the delimiter, a quote, CR or LF, as the character search before
/// the byte scan decided.
@Suite struct CSVQuotingTests {
    static let fields = [
        "", "plain", "a,b", "a;b", "say \"hi\"", "line\nbreak", "carriage\rreturn", "crlf\r\n", "é,è", "Traduction",
        "Génération (Mistral 7B, Ollama)", "الترجمة، النصية", "=SUM(A1)", "-1.5", "tab\there", "«x»;»",
    ]

    @Test(arguments: fields, CSVDialect.allCases)
    func quotesAFieldWhenTheCharacterSearchDid(_ text: String, _ dialect: CSVDialect) {
        let writer = CSVWriter(dialect: dialect)
        let wasQuoted =
            text.contains(writer.delimiter) || text.contains("\"") || text.contains("\n") || text.contains("\r")
        let field = writer.field(.text(text))
        #expect((field.first == "\"") == wasQuoted, "\(text) → \(field)")
        #expect(
            CSVWriter.needsQuotes(text, delimiter: dialect == .excelFR ? UInt8(ascii: ";") : UInt8(ascii: ","))
                == wasQuoted)
    }

    @Test(arguments: CSVDialect.allCases)
    func doublesEveryQuoteOfAQuotedFieldEvenOneACombiningMarkFollows(_ dialect: CSVDialect) {
        // `"` + U+0301 is one Character: the byte scan quotes the field, so the doubling must see that quote too,
        // or the field ends early (`"a"́"`) and a reader takes the rest for another field or an error.
        let field = CSVWriter(dialect: dialect).field(.text("a\"\u{0301}b"))
        #expect(Array(field.utf8) == Array("\"a\"\"\u{0301}b\"".utf8), "\(field.debugDescription)")
    }
}
