#!/usr/bin/env bash
# Renders every official document type to PDF and PNG pages, and checks the page breaks.
#
# Usage:
#   scripts/render-documents.sh [OUT_DIR] [PERIOD]
#
#   OUT_DIR  where to write the files (default: build-documents/)
#   PERIOD   the reporting period, a month (default: 2026-08)
#
# For each of monthly-notice, quarterly-comparison, targets and classification it runs
#   chiso report --type TYPE --period PERIOD --out OUT_DIR --format docx,xlsx,html,pdf
# on Examples/ (dossiers, units, procedures, petitions, ratings; settings binh-phuoc; targets of PERIOD's year
# written to OUT_DIR/chi-tieu.csv), and the reconciliation report on a demo database (OUT_DIR/demo, settings
# phuoc-an) whose closed month is PERIOD. chiso converts each DOCX to PDF with LibreOffice and checks that the
# fonts it embeds hold Vietnamese; this script turns each PDF into PNG pages (150 dpi, pdftoppm):
#   OUT_DIR/<document>.docx|.xlsx|.html|.pdf  and  OUT_DIR/png/<document>-<page>.png
# then checks each PDF (scripts/lib/check-pages.py): no page ends with a heading or a lead-in line, and the
# signature block ("Nơi nhận", the signer) is on one page. Exits 1 when a check fails.
#
# Needs: swift (builds chiso into .build-docs unless CHISO is set to a chiso executable), LibreOffice
# (apt-get install libreoffice-writer-nogui), fonts with Vietnamese (apt-get install fonts-liberation2),
# poppler-utils (pdftoppm, pdftotext, pdffonts) and python3 with python-docx.
set -euo pipefail

cd "$(dirname "$0")/.."
out="${1:-build-documents}"
period="${2:-2026-08}"

if [[ -z "${CHISO:-}" ]]; then
    swift build --scratch-path .build-docs --product chiso >/dev/null
    CHISO=".build-docs/debug/chiso"
fi
command -v soffice >/dev/null || { echo "Thiếu LibreOffice (soffice): apt-get install libreoffice-writer-nogui" >&2; exit 1; }
command -v pdftoppm >/dev/null || { echo "Thiếu pdftoppm: apt-get install poppler-utils" >&2; exit 1; }
python3 -c "import docx" 2>/dev/null || { echo "Thiếu python-docx: apt-get install python3-docx" >&2; exit 1; }

mkdir -p "$out/png"

# The targets of the period's year, so that the targets report has targets to report on.
targets="$out/chi-tieu.csv"
year="${period:0:4}"
{
    echo "indicator,applies_to,period,target_percent,source"
    for line in online_service_usage,100 online_dossier,60 procedure_online_payment,100 dossier_online_payment,55 \
        digitized_dossier,80 reused_digitized_data,50 e_result,70; do
        echo "${line%,*},all,$year,${line#*,},01/QĐ-UBND"
    done
} >"$targets"

# The reconciliation report needs the portal's figures: a demo database whose closed month is PERIOD, with its
# portal snapshot (the demo's snapshots differ from its own figures in realistic ways).
demo="$out/demo"
rm -rf "$demo" && mkdir -p "$demo"
"$CHISO" demo --months 2 --scale small --today "$(date -d "$period-01 +1 month +17 days" +%F)" \
    --write-files "$demo/files" --db "$demo/chiso.sqlite" >/dev/null

failed=0
for type in monthly-notice quarterly-comparison targets classification reconciliation; do
    if [[ "$type" == reconciliation ]]; then
        files=$("$CHISO" report --type "$type" --period "$period" --out "$out" --format docx,xlsx,html,pdf --db "$demo/chiso.sqlite" \
            --settings phuoc-an)
    else
        files=$("$CHISO" report --type "$type" --period "$period" --out "$out" --format docx,xlsx,html,pdf \
            --dossiers Examples/dossiers.jsonl --units Examples/units.csv --procedures Examples/procedures.csv \
            --petitions Examples/petitions.csv --ratings Examples/ratings.csv --targets "$targets" --settings binh-phuoc)
    fi
    echo "$files"
    docx=$(grep '\.docx$' <<<"$files")
    pdf=$(grep '\.pdf$' <<<"$files")
    name="$(basename "${docx%.docx}")"
    rm -f "$out/png/$name"-*.png
    pdftoppm -r 150 -png "$pdf" "$out/png/$name"
    ls "$out/png/$name"-*.png
    python3 scripts/lib/check-pages.py "$docx" "$pdf" || failed=1
done
if [[ "$failed" != 0 ]]; then
    echo "Kiểm tra ngắt trang không đạt (xem các dòng trên)." >&2
    exit 1
fi
echo "Ngắt trang đạt: không trang nào kết thúc bằng đề mục hoặc dòng dẫn; khối chữ ký nằm trọn trên một trang."
