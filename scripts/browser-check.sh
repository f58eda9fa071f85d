#!/usr/bin/env bash
# Opens the web application in a real browser: starts `chiso serve --demo` on a free loopback port with a
# temporary database, signs in with a one-time link (`chiso user link`), and opens every page listed in PAGES
# below in headless Chromium (through its DevTools protocol, scripts/lib/browser_pages.py) at 1366 and 390 px.
# Saves a screenshot and the DOM of each (NAME-WIDTH.png, NAME-WIDTH.html) and fails on: another HTTP status
# than the page's own, an HTTP error of anything a page loads, a JavaScript console message or exception, a
# missing table or chart (CSS selectors per page), and at 390 px a page that scrolls sideways
# (document.documentElement.scrollWidth > clientWidth).
#
# Usage: scripts/browser-check.sh [CHISO_BINARY] [OUTPUT_DIR]
#   CHISO_BINARY  the chiso executable; built with `swift build` when absent
#                 (scratch path $CHISO_SCRATCH_PATH, default .build)
#   OUTPUT_DIR    where the screenshots, DOM dumps and logs go (default ./browser-check); .ci/run keeps
#                 .build/browser-check as its artifacts
# Environment: CHISO_DEMO_SCALE / CHISO_DEMO_MONTHS (demo size, default the serve --demo default),
#   BROWSER_CHECK_START_SECONDS (bound on the demo import and start, default 600).
#
# Installs nothing: CI installs the Debian packages `chromium`, `curl` and `python3` beforehand.
set -euo pipefail
cd "$(dirname "$0")/.."

fail() { echo "browser-check: LỖI: $*" >&2; exit 1; }

CHROMIUM=""
for candidate in chromium chromium-browser google-chrome; do
    if command -v "$candidate" >/dev/null 2>&1; then CHROMIUM=$(command -v "$candidate"); break; fi
done
if [ -z "$CHROMIUM" ]; then
    echo "browser-check: không tìm thấy Chromium. Cài gói Debian trước: apt-get install -y chromium" >&2
    exit 2
fi
command -v curl >/dev/null 2>&1 || { echo "browser-check: thiếu curl (apt-get install -y curl)" >&2; exit 2; }

BIN="${1:-}"
OUT="${2:-./browser-check}"
if [ -z "$BIN" ]; then
    scratch="${CHISO_SCRATCH_PATH:-.build}"
    echo "== build chiso (scratch path $scratch)"
    swift build --scratch-path "$scratch" --product chiso
    BIN="$(swift build --scratch-path "$scratch" --show-bin-path)/chiso"
fi
[ -x "$BIN" ] || fail "không chạy được $BIN"
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
rm -f "$OUT"/*.png "$OUT"/*.html "$OUT"/*.log

demo_args=()
[ -n "${CHISO_DEMO_SCALE:-}" ] && demo_args+=(--demo-scale "$CHISO_DEMO_SCALE")
[ -n "${CHISO_DEMO_MONTHS:-}" ] && demo_args+=(--demo-months "$CHISO_DEMO_MONTHS")

# The session cookie is `Secure`; Chromium treats http://127.0.0.1 as a secure context and keeps it, so the
# check runs with the production setting (CHISO_SESSION_SECURE_COOKIE stays true).
# shellcheck source=lib/demo-server.sh
source scripts/lib/demo-server.sh
CHISO_LOG_LEVEL=warning CHISO_LIVE_TICK_SECONDS=5 start_demo_server "$BIN" "$OUT" "${BROWSER_CHECK_START_SECONDS:-600}" "${demo_args[@]}"

# A one-time sign-in link that opens `next` after setting the session cookie.
link() { "$BIN" user link --username "${2:-demo}" --db "$DB" --base "$BASE" --next "$1" | tail -1; }

# A signed-in session for curl (HTTP statuses of pages and assets).
JAR="$WORK/cookies.txt"
status=$(curl -s -o /dev/null -w '%{http_code}' --max-time 30 -c "$JAR" "$(link /)") || true
[ "$status" = 303 ] || fail "liên kết đăng nhập trả về HTTP $status (cần 303)"

UNIT=$(curl -fsS --max-time 60 -b "$JAR" "$BASE/" | grep -o 'href="/don-vi/[^"?/]*' | head -1 | sed 's/^href="//') \
    || fail "trang tổng quan không trả lời"
[ -n "$UNIT" ] || fail "trang tổng quan không có liên kết tới trang đơn vị"

# A page of a unit that has procedures (the first link of the unit page to a procedure).
PROCEDURE=$(curl -fsS --max-time 60 -b "$JAR" "$BASE$UNIT" | grep -o 'href="/don-vi/[^"]*/thu-tuc/[^"?]*' | head -1 | sed 's/^href="//') \
    || fail "trang đơn vị không trả lời"
[ -n "$PROCEDURE" ] || fail "trang đơn vị không có liên kết tới thủ tục"

# Every page checked: name|path|who (user: signed in as the demo province office; admin: as the administrator
# `quantri`; anon: a visitor)|HTTP status|CSS selectors that must match (its tables and charts).
PAGES=(
    "overview|/|user|200|table.ranking svg#chart-trend #overdue-summary select[name=period]"
    "unit|$UNIT|user|200|table#indicators svg#chart-radar svg#chart-groups table#procedures #what-if"
    "procedure|$PROCEDURE|user|200|table#dossiers"
    "trend|$UNIT/xu-huong|user|200|table#trend-months table#trend-days svg#chart-trend-months svg#chart-trend-days"
    "overdue|/qua-han|user|200|table#overdue select[name=unit]"
    "reconciliation|/doi-chieu|user|200|table#reconciliation"
    "public|/cong-khai|anon|200|table.ranking svg.chart"
    "sign-in|/dang-nhap|anon|200|form input[name=username]"
    "error|/khong-co-trang-nay|user|404|main h2"
    "admin|/quan-tri|admin|200|table#audit"
    "admin-users|/quan-tri/nguoi-dung|admin|200|table#users"
    "admin-tokens|/quan-tri/nguon|admin|200|table#tokens"
    "admin-quarantine|/quan-tri/cach-ly|admin|200|table#quarantine"
    "admin-imports|/quan-tri/nhap-du-lieu|admin|200|table#imports"
    "admin-audit|/quan-tri/nhat-ky|admin|200|table#audit"
    "admin-forbidden|/quan-tri|user|403|main h2"
)

echo "== pages (1366 px and 390 px)"
list="$WORK/pages.txt"
: >"$list"
for page in "${PAGES[@]}"; do
    IFS='|' read -r name path who status selectors <<<"$page"
    printf '%s|%s|%s|%s|%s\n' "$name" "$BASE$path" "$who" "$status" "$selectors" >>"$list"
done
if python3 scripts/lib/browser_pages.py "$CHROMIUM" "$OUT" "$list" "$(link /)" "$(link /quan-tri quantri)"; then
    echo "browser-check: ${#PAGES[@]} trang đều đạt ở 1366 px và 390 px; ảnh chụp trong $OUT"
else
    echo "browser-check: có lỗi (xem $OUT)" >&2
    exit 1
fi
