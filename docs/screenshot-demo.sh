#!/usr/bin/env bash
# Builds the demo pack, then takes a screenshot of its report and prints it to PDF with headless Chromium
# (Debian's chromium package), in French and English. Output in docs/screenshots/ (not committed) unless OUT is set.
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
for page in index.html index.en.html; do
    name="${page%.html}"
    chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1200,2000 \
        --screenshot="$out/$name.png" "file://$pack/$page" 2>/dev/null
    chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
        --print-to-pdf="$out/$name.pdf" "file://$pack/$page" 2>/dev/null
    pdftoppm -r 50 -png "$out/$name.pdf" "$out/$name-page"
done
echo "screenshots and PDFs in $out"
