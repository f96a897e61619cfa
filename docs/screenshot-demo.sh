#!/usr/bin/env bash
# Builds the demo pack, then takes a screenshot of its report and prints it to PDF with headless Chromium
# (Debian's chromium package), in French, English, Spanish and Arabic (right to left), then scans the French print
# with docs/check-french-report.sh. Output in docs/screenshots/ (not committed) unless OUT is set.
# The first page of each PDF (NAME-page-01.png) is the decision page; its footer carries the period, the status
# and the page number (CSS @page margin boxes).
# Usage: docs/screenshot-demo.sh            (installs chromium and poppler-utils with apt-get if missing)
set -euo pipefail
cd "$(dirname "$0")/.."
out="${OUT:-docs/screenshots}"
mkdir -p "$out"
if ! command -v chromium >/dev/null; then apt-get update -qq && apt-get install -y -qq chromium; fi
if ! command -v pdftoppm >/dev/null; then apt-get update -qq && apt-get install -y -qq poppler-utils; fi
work="$(mktemp -d)"
index="$(swift run --quiet reportgen demo --out "$work/demo" --quiet)"
pack="$(dirname "$index")"
for page in index.html index.en.html index.es.html index.ar.html; do
    name="${page%.html}"
    chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1200,2000 \
        --screenshot="$out/$name.png" "file://$pack/$page" 2>/dev/null
    chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
        --print-to-pdf="$out/$name.pdf" "file://$pack/$page" 2>/dev/null
    pdftoppm -r 50 -png "$out/$name.pdf" "$out/$name-page"
done
docs/check-french-report.sh "$pack"
echo "screenshots and PDFs in $out"
