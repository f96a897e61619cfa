import Testing

@testable import Templates

/// The byte-level scan of `Typography.spacedHTML` gives what the character walk before it gave.
@Suite struct TypographyScanTests {
    static let trickyDocuments = [
        "",
        "Texte sans ponctuation ni balise",
        "Évité: 12 ; raison ? oui !",
        "<p>Source : <cite lang=\"en\">range 0.1; see: x</cite>; fin</p>",
        "<p>A &amp; B&nbsp;: &#x202F;; &#160;? &lt;code&gt;</p>",
        "<td>08:00</td><td>https://exemple.fr/a:b</td><td>: début</td>",
        "<strong>Total</strong>: 12 <em>kg</em>; <b>x</b>?",
        "<code>a: b; c?</code> puis : <pre>x ; y</pre> et <code><code>imbriqué: x</code>: y</code>: z",
        "<style>a:hover { color: red; }</style><script>if (a) { b(); }</script> fin : oui",
        "<!-- note: commentaire; --> après : oui <!--> vide : x",
        "<!-- jamais fermé : x ; y",
        "<p lang=\"fr\">même langue : oui</p><p lang=\"ar\">لغة أخرى: نعم؛ ?</p>",
        "«texte» et « texte » et «\u{00A0}texte\u{00A0}» et «\u{202F}x\u{202F}»",
        "<p>«</p><p>»</p>« <b>gras</b> »",
        "<br/>: après br<img src=\"a.svg\"/>; après img<text x=\"1\">y: 2</text>",
        "mot\u{00A0}: déjà espacé ; mot\u{202F}; déjà fin ?? !! :: ;;",
        "(: ouvrant) [: crochet] x:y 3:4 a:/b a://b",
        "Arabe : التفريغ النصي (Whisper large-v3) ؛ سؤال ؟ : نقطتان",
        "e\u{0301}: accent combinant ; ñ ? 😀 : émoji 👩‍👩‍👧 ; famille",
        "<p>non fermé : < pas une balise ; a < b : c > d ?</p>",
        "<div>\n  Retours : ligne\r\n  ; suite ?\n</div>",
        "<P>Majuscules : OUI</P><TD>x : y</TD><CODE>z : w</CODE> : après",
        "text ending with a tag start <",
        "unterminated tag <p class=\"x\" : y",
        "<é>nom non ASCII : x</é> ; <p\u{0301}>marque : y</p\u{0301}> ? <td\u{0301}>z : w</td>",
        "<h1>Titre : un</h1><H2>Deux : x</H2><text>3 : y</text><\u{00E9}lan>: z",
    ]

    @Test(arguments: trickyDocuments)
    func spacesFrenchTextNodesAsTheCharacterWalkDid(_ html: String) {
        #expect(Typography.spacedHTML(html, language: .fr) == TypographyReference.spacedHTML(html, language: .fr))
    }

    @Test func readsATagsNameAsTheCharacterWalkDid() {
        for tag in ["<p>", "</TD>", "<h1 class=\"x\">", "<br/>", "<!doctype html>", "<é>", "<p\u{0301}>", "<>", "<"] {
            let walked = tag.dropFirst().prefix { $0.isLetter || $0.isNumber || $0 == "/" }.lowercased()
            #expect(Typography.tagName(Substring(tag)) == walked, "\(tag)")
        }
    }

    @Test func leavesOtherLanguagesUnchanged() {
        for html in Self.trickyDocuments {
            for language in [ReportLanguage.en, .es, .ar] {
                #expect(Typography.spacedHTML(html, language: language) == html)
            }
        }
    }

    @Test func findsEveryPunctuationThatCanTakeASpace() {
        for text in [":", ";", "!", "?", "«", "»", "x«", "»x", "a : b"] {
            #expect(Typography.mayNeedSpacing(Substring(text)), "\(text)")
        }
        // `«` and `»` are C2 AB and C2 BB: other characters ending in AB or BB (`ë` C3 AB, `л` D0 BB) are not them.
        for text in ["", "texte", "ë", "л", "«".dropFirst().description, "08h00", "a, b. c"] {
            #expect(!Typography.mayNeedSpacing(Substring(text)), "\(text)")
        }
    }
}
