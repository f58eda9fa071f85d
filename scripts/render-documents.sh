#!/usr/bin/env bash
# Renders ChiSo's official documents on the example data, for a person to look at.
#
# Usage:
#   scripts/render-documents.sh [OUT_DIR] [PERIOD]
#
#   OUT_DIR  where to write the files (default: build-documents/)
#   PERIOD   the reporting period (default: 2026-08)
#
# For each of monthly-notice, quarterly-comparison, targets and classification it runs
#   chiso report --type TYPE --period PERIOD --out OUT_DIR --format docx,xlsx,html
# on Examples/ (dossiers, units, procedures, petitions, ratings; targets binh-dinh-2024; settings binh-phuoc), and
# the reconciliation report on a demo database (OUT_DIR/demo) whose closed month is PERIOD (a month),
# converts each DOCX to PDF with LibreOffice (soffice) and each PDF to PNG pages (150 dpi) with pdftoppm, into
#   OUT_DIR/<document>.docx|.xlsx|.html|.pdf  and  OUT_DIR/png/<document>-<page>.png
#
# Needs: swift (builds chiso into .build-docs unless CHISO is set to a chiso executable), LibreOffice
# (apt-get install libreoffice-writer) and poppler-utils (apt-get install poppler-utils).
set -euo pipefail

cd "$(dirname "$0")/.."
out="${1:-build-documents}"
period="${2:-2026-08}"

if [[ -z "${CHISO:-}" ]]; then
    swift build --scratch-path .build-docs --product chiso >/dev/null
    CHISO=".build-docs/debug/chiso"
fi
command -v soffice >/dev/null || { echo "Thiếu LibreOffice (soffice): apt-get install libreoffice-writer" >&2; exit 1; }
command -v pdftoppm >/dev/null || { echo "Thiếu pdftoppm: apt-get install poppler-utils" >&2; exit 1; }

mkdir -p "$out/png"
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT

# The reconciliation report needs the portal's figures: a demo database whose closed month is PERIOD, with its
# portal snapshot (the demo's snapshots differ from its own figures in realistic ways).
demo="$out/demo"
rm -rf "$demo" && mkdir -p "$demo"
"$CHISO" demo --months 2 --scale small --today "$(date -d "$period-01 +1 month +17 days" +%F)" \
    --write-files "$demo/files" --db "$demo/chiso.sqlite" >/dev/null

for type in monthly-notice quarterly-comparison targets classification reconciliation; do
    if [[ "$type" == reconciliation ]]; then
        files=$("$CHISO" report --type "$type" --period "$period" --out "$out" --format docx,xlsx,html --db "$demo/chiso.sqlite" \
            --settings binh-phuoc)
    else
        files=$("$CHISO" report --type "$type" --period "$period" --out "$out" --format docx,xlsx,html \
            --dossiers Examples/dossiers.jsonl --units Examples/units.csv --procedures Examples/procedures.csv \
            --petitions Examples/petitions.csv --ratings Examples/ratings.csv --targets binh-dinh-2024 --settings binh-phuoc)
    fi
    echo "$files"
    docx=$(grep '\.docx$' <<<"$files")
    soffice "-env:UserInstallation=file://$profile" --headless --norestore --convert-to pdf --outdir "$out" "$docx" >/dev/null
    pdf="${docx%.docx}.pdf"
    name="$(basename "${docx%.docx}")"
    pdftoppm -r 150 -png "$pdf" "$out/png/$name"
    echo "$pdf"
    ls "$out/png/$name"-*.png
done
