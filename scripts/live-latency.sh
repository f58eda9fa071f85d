#!/usr/bin/env bash
# Measures the live path end to end: starts `chiso serve --demo` (release build) on a free loopback port with a
# temporary database, subscribes to the live stream (/api/v1/live), opens LIVE_SUBSCRIBERS more subscribers beside it
# (default 1000, the issue's target), then posts LIVE_DOSSIERS dossiers (default 100) received "now", one by one, to
# /api/v1/dongbo/hoso, and prints the p50, p99 and max of the time from each POST to the event that counts it.
#
# Usage: scripts/live-latency.sh [CHISO_BINARY] [OUTPUT_DIR]
#   CHISO_BINARY  the chiso executable; built with `swift build -c release` when absent
#                 (scratch path $CHISO_SCRATCH_PATH, default .build)
#   OUTPUT_DIR    where the server's log and the measured latencies go (default ./live-latency)
# Environment: LIVE_DOSSIERS, LIVE_SUBSCRIBERS, CHISO_DEMO_SCALE / CHISO_DEMO_MONTHS (demo size, default the
#   serve --demo default), LIVE_START_SECONDS (bound on the demo import and start, default 900).
#
# Needs curl and python3 (standard library only).
set -euo pipefail
cd "$(dirname "$0")/.."

fail() { echo "live-latency: LỖI: $*" >&2; exit 1; }
command -v curl >/dev/null 2>&1 || { echo "live-latency: thiếu curl (apt-get install -y curl)" >&2; exit 2; }
command -v python3 >/dev/null 2>&1 || { echo "live-latency: thiếu python3" >&2; exit 2; }

BIN="${1:-}"
OUT="${2:-./live-latency}"
if [ -z "$BIN" ]; then
    scratch="${CHISO_SCRATCH_PATH:-.build}"
    echo "== build chiso, release (scratch path $scratch)"
    swift build -c release --scratch-path "$scratch" --product chiso
    BIN="$(swift build -c release --scratch-path "$scratch" --show-bin-path)/chiso"
fi
[ -x "$BIN" ] || fail "không chạy được $BIN"
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"

demo_args=()
[ -n "${CHISO_DEMO_SCALE:-}" ] && demo_args+=(--demo-scale "$CHISO_DEMO_SCALE")
[ -n "${CHISO_DEMO_MONTHS:-}" ] && demo_args+=(--demo-months "$CHISO_DEMO_MONTHS")

# shellcheck source=lib/demo-server.sh
source scripts/lib/demo-server.sh
CHISO_LOG_LEVEL=warning start_demo_server "$BIN" "$OUT" "${LIVE_START_SECONDS:-900}" "${demo_args[@]}"

# A signed-in session (the stream needs one) and an ingestion token of a source.
JAR="$WORK/cookies.txt"
link=$("$BIN" user link --username demo --db "$DB" --base "$BASE" --next / | tail -1)
status=$(curl -s -o /dev/null -w '%{http_code}' --max-time 30 -c "$JAR" "$link") || true
[ "$status" = 303 ] || fail "liên kết đăng nhập trả về HTTP $status (cần 303)"
COOKIE=$(awk '$6 == "chiso_session" { print $6 "=" $7 }' "$JAR")
[ -n "$COOKIE" ] || fail "không có cookie phiên sau khi đăng nhập"
TOKEN=$("$BIN" token create --source do-tre --db "$DB" | tail -1)

echo "== measure: ${LIVE_DOSSIERS:-100} dossiers received now, ${LIVE_SUBSCRIBERS:-1000} more subscribers"
python3 scripts/lib/live_latency.py --base "$BASE" --cookie "$COOKIE" --token "$TOKEN" \
    --dossiers "${LIVE_DOSSIERS:-100}" --subscribers "${LIVE_SUBSCRIBERS:-1000}" \
    --sample "$WORK/demo-data/hoso.jsonl" --out "$OUT/latencies.txt"
