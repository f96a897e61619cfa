#!/usr/bin/env bash
# Proofreads the French report of the demo as printed: builds the demo, prints index.html to PDF with headless
# Chromium, extracts the PDF's text with pdftotext (poppler-utils) and scans it, as the Swift test
# FrenchTypographyTests scans the HTML's text nodes, for:
#   - a decimal point between digits (French writes 0,861);
#   - a colon glued to the word before it (pdftotext turns no-break spaces into spaces, so the PDF check is that a
#     space of some kind precedes every colon; the HTML test checks that it is a no-break one);
#   - English words that must not appear.
# Text the HTML marks as not French prose (<code>: file names, locations, hashes, factor keys; elements with
# lang="en": quoted English citations) is removed from the PDF's text before the scan.
# Usage: docs/check-french-report.sh [PACK_FOLDER]   (default: builds the demo in a temporary folder)
# Exit status: 0 when the scan finds nothing, 1 with the findings on stderr.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -ge 1 ]; then
    pack="$1"
else
    work="$(mktemp -d)"
    index="$(swift run --quiet reportgen demo --out "$work/demo" --quiet)"
    pack="$(dirname "$index")"
fi
pdf="$(mktemp -d)/index.pdf"
chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer --print-to-pdf="$pdf" \
    "file://$pack/index.html" 2>/dev/null
pdftotext -raw -enc UTF-8 "$pdf" "$pdf.txt"
python3 - "$pack/index.html" "$pdf.txt" <<'PYTHON'
import html.parser
import re
import sys

ENGLISH = [
    "the", "and", "with", "from", "which", "unallocated", "file", "files", "month", "months", "record", "records",
    "row", "rows", "set aside", "does not", "is not", "not counted", "value points", "converted", "expected", "found",
    "fields", "warning", "error", "Translation", "Generation", "Drop", "yes", "per year", "a year", "a month",
    "budget crossed", "not robust", "Gap", "Status", "Agrees", "explained",
]


class Exempt(html.parser.HTMLParser):
    """Collects the text of <code>, <style> and lang≠fr elements: not French prose."""

    def __init__(self):
        super().__init__()
        self.stack, self.texts = [], []

    def handle_starttag(self, tag, attrs):
        if tag in ("meta", "br", "img", "link", "input", "hr"):
            return
        attrs = dict(attrs)
        exempt = tag in ("code", "style") or attrs.get("lang", "fr") != "fr" and tag != "html"
        self.stack.append((tag, exempt or (self.stack[-1][1] if self.stack else False)))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if self.stack and self.stack[-1][1] and data.strip():
            self.texts.append(" ".join(data.split()))


parser = Exempt()
parser.feed(open(sys.argv[1], encoding="utf-8").read())
# Line breaks and the printer's wrapping split long strings: an exempt string matches with any white space between
# its characters.
words = " ".join(open(sys.argv[2], encoding="utf-8").read().split())
for exempt in sorted(set(parser.texts), key=len, reverse=True):
    pattern = r"\s*".join(re.escape(character) for character in "".join(exempt.split()))
    words = re.sub(pattern, " ", words)
text = words
# Hashes and keys the printer breaks across lines leave fragments: drop long runs of hex and identifier characters.
text = re.sub(r"[0-9a-f]{16,}", " ", text)
problems = []
for match in re.finditer(r"\d\.\d", text):
    problems.append("decimal point between digits: …" + text[max(0, match.start() - 30) : match.end() + 30] + "…")
for match in re.finditer(r"(?<=\S):(?!//)", words):
    before, after = words[match.start() - 1], words[match.end() : match.end() + 1]
    if before.isdigit() and after.isdigit():
        continue
    problems.append("colon without a space: …" + words[max(0, match.start() - 30) : match.end() + 30] + "…")
# Words need their spaces; a citation the printer wrapped may survive here and is reported with its context.
for word in ENGLISH:
    for match in re.finditer(r"(?<![\w\-])" + re.escape(word) + r"(?![\w\-])", words, re.IGNORECASE):
        problems.append(f'English word "{word}": …' + words[max(0, match.start() - 30) : match.end() + 30] + "…")
for problem in problems:
    print(problem, file=sys.stderr)
print(f"French report PDF: {len(problems)} finding(s) in {len(text)} characters of text")
sys.exit(1 if problems else 0)
PYTHON
