#!/usr/bin/env bash
# Opens the web application in a real browser: starts `chiso serve --demo` on a free loopback port with a
# temporary database, signs in with one-time links (`chiso user link`), opens the overview, a unit page and the
# public page in headless Chromium, saves their screenshots, and fails on an HTTP error status (page or static
# asset), a JavaScript console error, a missing ranking table or a missing SVG chart.
#
# Usage: scripts/browser-check.sh [CHISO_BINARY] [OUTPUT_DIR]
#   CHISO_BINARY  the chiso executable; built with `swift build` when absent
#                 (scratch path $CHISO_SCRATCH_PATH, default .build)
#   OUTPUT_DIR    where the screenshots, DOM dumps and logs go (default ./browser-check)
# Environment: CHISO_DEMO_SCALE / CHISO_DEMO_MONTHS (demo size, default the serve --demo default),
#   BROWSER_CHECK_START_SECONDS (bound on the demo import and start, default 600).
#
# Installs nothing: CI installs the Debian package `chromium` beforehand.
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
echo "   server at $BASE"

# A one-time sign-in link that opens `next` after setting the session cookie.
link() { "$BIN" user link --username demo --db "$DB" --base "$BASE" --next "$1" | tail -1; }

# A signed-in session for curl (HTTP statuses of pages and assets).
JAR="$WORK/cookies.txt"
status=$(curl -s -o /dev/null -w '%{http_code}' --max-time 30 -c "$JAR" "$(link /)") || true
[ "$status" = 303 ] || fail "liên kết đăng nhập trả về HTTP $status (cần 303)"

UNIT=$(curl -fsS --max-time 60 -b "$JAR" "$BASE/" | grep -o 'href="/don-vi/[^"?]*' | head -1 | sed 's/^href="//') \
    || fail "trang tổng quan không trả lời"
[ -n "$UNIT" ] || fail "trang tổng quan không có liên kết tới trang đơn vị"

failures=0
check() { # name path signed-in(yes/no) required-markers...
    local name=$1 path=$2 signed=$3
    shift 3
    local url="$BASE$path"
    # 1. HTTP status of the page and of every asset it refers to.
    local code
    if [ "$signed" = yes ]; then
        code=$(curl -s -o "$WORK/$name.curl.html" -w '%{http_code}' --max-time 60 -b "$JAR" "$url") || code=000
    else
        code=$(curl -s -o "$WORK/$name.curl.html" -w '%{http_code}' --max-time 60 "$url") || code=000
    fi
    if [ "$code" != 200 ]; then echo "   ✗ $name: $path → HTTP $code"; failures=$((failures + 1)); fi
    local asset acode
    for asset in $(grep -oE '(src|href)="/[^"]*"' "$WORK/$name.curl.html" | sed -E 's/^(src|href)="//; s/"$//; s/&amp;/\&/g' \
        | grep -E '^/static/|\.(js|css|png|svg|ico)(\?|$)' | sort -u); do
        acode=$(curl -s -o /dev/null -w '%{http_code}' --max-time 30 -b "$JAR" "$BASE$asset") || acode=000
        if [ "$acode" != 200 ]; then echo "   ✗ $name: tài nguyên $asset → HTTP $acode"; failures=$((failures + 1)); fi
    done
    # 2. The page in Chromium: DOM, screenshot, console. Signed-in pages are opened through a fresh one-time
    #    link each time (a fresh browser profile has no cookie).
    local open_dom="$url" open_shot="$url"
    if [ "$signed" = yes ]; then open_dom=$(link "$path"); open_shot=$(link "$path"); fi
    local flags=(--headless --disable-gpu --no-sandbox --no-first-run --disable-dev-shm-usage --hide-scrollbars
        --user-data-dir="$WORK/profile-$name" --enable-logging=stderr --v=0 --lang=vi-VN)
    timeout 90 "$CHROMIUM" "${flags[@]}" --dump-dom "$open_dom" \
        >"$OUT/$name.html" 2>"$OUT/$name.dom.log" || { echo "   ✗ $name: Chromium --dump-dom thất bại"; failures=$((failures + 1)); }
    rm -rf "$WORK/profile-$name"
    timeout 90 "$CHROMIUM" "${flags[@]}" --window-size=1400,2000 --screenshot="$OUT/$name.png" "$open_shot" \
        >/dev/null 2>"$OUT/$name.shot.log" || { echo "   ✗ $name: Chromium --screenshot thất bại"; failures=$((failures + 1)); }
    [ -s "$OUT/$name.png" ] || { echo "   ✗ $name: không có ảnh chụp"; failures=$((failures + 1)); }
    local errors
    # Chromium writes every console message as `INFO:CONSOLE(line)] "text", source: URL`; the pages log nothing,
    # so any console message (uncaught exception, CSP refusal, failed resource) is an error.
    errors=$(grep -hE ':CONSOLE[:(]|Uncaught|Refused to|Failed to load resource' "$OUT/$name.dom.log" "$OUT/$name.shot.log" || true)
    if [ -n "$errors" ]; then
        echo "   ✗ $name: lỗi trong console của trình duyệt:"; echo "$errors" | sed 's/^/       /' | head -20
        failures=$((failures + 1))
    fi
    local marker
    for marker in "$@"; do
        if ! grep -qF -- "$marker" "$OUT/$name.html"; then echo "   ✗ $name: thiếu «$marker» trong trang"; failures=$((failures + 1)); fi
    done
    echo "   $name: $path → HTTP $code, ảnh $OUT/$name.png"
}

echo "== pages"
RANKING='<th>Hạng</th><th>Đơn vị</th>'
check overview / yes '<table class="ranking"' "$RANKING" '<svg' 'id="chart-trend"' 'Đăng xuất'
check unit "$UNIT" yes '<svg' 'id="chart-radar"' 'id="indicators"' 'Đăng xuất'
check public /cong-khai no '<table class="ranking"' "$RANKING" '<svg'

if [ "$failures" -gt 0 ]; then
    echo "browser-check: $failures lỗi (xem $OUT)" >&2
    exit 1
fi
echo "browser-check: 3 trang đều đạt; ảnh chụp trong $OUT"
