#!/usr/bin/env bash
# Load benchmark of the web application on loopback, with wrk (Debian package `wrk`):
#   1. `chiso serve --demo --demo-scale province` on 127.0.0.1 (free port, temporary database);
#   2. the overview page and /api/v1/scores, 64 connections, $LOAD_DURATION each: requests/s and p99 latency;
#   3. ingestion over HTTP: DongBoHoSoMC batches of $LOAD_BATCH dossiers posted by $LOAD_CLIENTS clients
#      (at most $LOAD_DOSSIERS dossiers, at most $LOAD_INGEST_SECONDS seconds): dossiers/s.
# Target: p99 under 50 ms for the overview at province scale.
#
# Usage: scripts/load-test.sh [CHISO_BINARY] [OUTPUT_DIR]
#   CHISO_BINARY  default: built with `swift build -c release` (scratch path $CHISO_SCRATCH_PATH, default .build)
#   OUTPUT_DIR    wrk outputs and the server log (default ./load-test)
# Environment (defaults): LOAD_SCALE=province LOAD_MONTHS=13 LOAD_DURATION=15s LOAD_CONNECTIONS=64 LOAD_THREADS=2
#   LOAD_BATCH=500 LOAD_DOSSIERS=50000 LOAD_CLIENTS=4 LOAD_INGEST_SECONDS=120 LOAD_START_SECONDS=1800
#   LOAD_P99_TARGET_MS=50 (the script exits 1 when the overview's p99 is above it)
set -euo pipefail
cd "$(dirname "$0")/.."

SCALE=${LOAD_SCALE:-province}
MONTHS=${LOAD_MONTHS:-13}
DURATION=${LOAD_DURATION:-15s}
CONNECTIONS=${LOAD_CONNECTIONS:-64}
THREADS=${LOAD_THREADS:-2}
BATCH=${LOAD_BATCH:-500}
MAX_DOSSIERS=${LOAD_DOSSIERS:-50000}
CLIENTS=${LOAD_CLIENTS:-4}
INGEST_SECONDS=${LOAD_INGEST_SECONDS:-120}
P99_TARGET=${LOAD_P99_TARGET_MS:-50}

for tool in wrk curl python3; do
    command -v "$tool" >/dev/null 2>&1 || { echo "load-test: thiếu $tool (apt-get install -y $tool)" >&2; exit 2; }
done

BIN="${1:-}"
OUT="${2:-./load-test}"
if [ -z "$BIN" ]; then
    scratch="${CHISO_SCRATCH_PATH:-.build}"
    echo "== build chiso (release, scratch path $scratch)"
    swift build -c release --scratch-path "$scratch" --product chiso
    BIN="$(swift build -c release --scratch-path "$scratch" --show-bin-path)/chiso"
fi
[ -x "$BIN" ] || { echo "load-test: không chạy được $BIN" >&2; exit 2; }
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/chiso-load-test.XXXXXX")"
SERVER_PID=""
cleanup() {
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM "$SERVER_PID" 2>/dev/null || true
        for _ in $(seq 1 100); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$SERVER_PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "== machine: $(nproc) CPU, $(uptime | sed 's/^ *//')"
DB="$WORK/chiso.sqlite"
started=$SECONDS
echo "== start: serve --demo --demo-scale $SCALE --demo-months $MONTHS (127.0.0.1, free port)"
CHISO_LOG_LEVEL=notice "$BIN" serve --demo --demo-scale "$SCALE" --demo-months "$MONTHS" --host 127.0.0.1 --port 0 --db "$DB" \
    >"$OUT/server.log" 2>&1 &
SERVER_PID=$!
BASE=""
deadline=$((SECONDS + ${LOAD_START_SECONDS:-1800}))
while [ -z "$BASE" ]; do
    kill -0 "$SERVER_PID" 2>/dev/null || { tail -20 "$OUT/server.log" >&2; echo "load-test: máy chủ dừng khi khởi động" >&2; exit 1; }
    [ "$SECONDS" -lt "$deadline" ] || { echo "load-test: máy chủ không khởi động kịp" >&2; exit 1; }
    BASE=$(grep -so 'mở http://127\.0\.0\.1:[0-9]*' "$OUT/server.log" | head -1 | sed 's/^mở //') || true
    [ -n "$BASE" ] || sleep 1
done
echo "   demo import and start: $((SECONDS - started)) s; server at $BASE"
grep -E 'Dữ liệu mẫu|hồ sơ' "$OUT/server.log" | head -3 | sed 's/^/   /' || true

JAR="$WORK/cookies.txt"
curl -s -o /dev/null --max-time 30 -c "$JAR" "$("$BIN" user link --username demo --db "$DB" --base "$BASE" --next / | tail -1)"
SESSION=$(awk '$6 == "chiso_session" { print $7 }' "$JAR")
[ -n "$SESSION" ] || { echo "load-test: không đăng nhập được" >&2; exit 1; }
COOKIE="Cookie: chiso_session=$SESSION"

# The first overview request: the closed periods are computed at start-up (index warm-up), so it waits at
# most for the warm-up still running.
first=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' --max-time 600 -H "$COOKIE" "$BASE/")
echo "   first overview request (after start): HTTP ${first% *}, ${first#* } s"
curl -s -o /dev/null -w '   second overview request: HTTP %{http_code}, %{time_total} s\n' --max-time 60 -H "$COOKIE" "$BASE/"
grep -E 'index\.(warmed|loaded)' "$OUT/server.log" | sed 's/^/   /' || true

run_wrk() { # name path
    echo "== wrk $1: $2 (${CONNECTIONS} connections, $THREADS threads, $DURATION)"
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 10s --latency -H "$COOKIE" "$BASE$2" >"$OUT/wrk-$1.txt" 2>&1
    local rps p99 errors
    rps=$(awk '/^Requests\/sec/ { print $2 }' "$OUT/wrk-$1.txt")
    p99=$(awk '$1 == "99%" { print $2 }' "$OUT/wrk-$1.txt")
    errors=$(grep -E 'Non-2xx|Socket errors' "$OUT/wrk-$1.txt" || true)
    echo "   $1: ${rps} requests/s, p99 ${p99}${errors:+ — $errors}"
    eval "RPS_$1=\$rps P99_$1=\$p99"
}
run_wrk overview /
run_wrk scores /api/v1/scores
echo "   load: $(uptime | sed 's/^ *//')"

echo "== ingestion: batches of $BATCH DongBoHoSoMC dossiers, $CLIENTS clients, at most $MAX_DOSSIERS dossiers / ${INGEST_SECONDS} s"
TOKEN=$("$BIN" token create --source load-test --db "$DB" | tail -1)
SRC="$WORK/demo-data/hoso.jsonl"
if [ ! -s "$SRC" ]; then
    "$BIN" demo --no-import --scale "$SCALE" --months 1 --write-files "$WORK/gen" >/dev/null
    SRC="$WORK/gen/hoso.jsonl"
fi
# New dossiers for the same units and procedures: the demo's records with another code.
mkdir -p "$WORK/batches"
python3 - "$SRC" "$WORK/batches" "$BATCH" "$MAX_DOSSIERS" <<'EOF'
import json, sys
src, out, size, limit = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
batch, n, count = [], 0, 0
with open(src, encoding="utf-8") as f:
    for line in f:
        if count >= limit:
            break
        line = line.strip()
        if not line:
            continue
        record = json.loads(line)
        record["MaHoSo"] = "LT-" + str(record.get("MaHoSo", count))
        batch.append(record)
        count += 1
        if len(batch) == size:
            with open(f"{out}/{n:05d}.json", "w", encoding="utf-8") as b:
                json.dump(batch, b, ensure_ascii=False)
            batch, n = [], n + 1
if batch:
    with open(f"{out}/{n:05d}.json", "w", encoding="utf-8") as b:
        json.dump(batch, b, ensure_ascii=False)
EOF
files=$(ls "$WORK/batches" | wc -l)
export BASE TOKEN WORK
post() {
    curl -s -o "$WORK/batches/$(basename "$1").answer" -w '%{http_code}\n' --max-time 60 \
        -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' --data-binary "@$1" "$BASE/api/v1/dongbo/hoso"
}
export -f post
t0=$(date +%s.%N)
timeout "$INGEST_SECONDS" bash -c 'ls "$WORK"/batches/*.json | xargs -P '"$CLIENTS"' -I{} bash -c "post {}"' >"$WORK/codes.txt" || true
t1=$(date +%s.%N)
ok=$(grep -c '^200$' "$WORK/codes.txt" || true)
bad=$(grep -vc '^200$' "$WORK/codes.txt" || true)
read -r accepted updated unchanged rejected < <(python3 -c '
import glob, json, sys
totals = [0, 0, 0, 0]
for path in glob.glob(sys.argv[1] + "/*.answer"):
    try:
        with open(path, encoding="utf-8") as f: d = json.load(f)
    except Exception: continue
    for i, k in enumerate(("accepted", "updated", "unchanged", "rejected")): totals[i] += d.get(k, 0)
print(*totals)' "$WORK/batches")
elapsed=$(python3 -c "print(f'{$t1 - $t0:.2f}')")
dossiers=$((accepted + updated + unchanged + rejected))
rate=$(python3 -c "print(f'{$dossiers / max($t1 - $t0, 1e-9):.0f}')")
echo "   $ok/$files batches HTTP 200 ($bad other) in $elapsed s: $dossiers dossiers ($accepted accepted, $updated updated, $unchanged unchanged, $rejected rejected)"
echo "   ingestion: $rate dossiers/s"
echo "   load: $(uptime | sed 's/^ *//')"

echo "== summary"
echo "   overview /:          ${RPS_overview} requests/s, p99 ${P99_overview} (target < ${P99_TARGET} ms)"
echo "   /api/v1/scores:      ${RPS_scores} requests/s, p99 ${P99_scores}"
echo "   ingestion over HTTP: $rate dossiers/s (batches of $BATCH, $CLIENTS clients)"
p99_ms=$(python3 -c "
import re, sys
m = re.match(r'([0-9.]+)(us|ms|s)$', '${P99_overview}')
print(-1 if not m else float(m[1]) * {'us': 0.001, 'ms': 1, 's': 1000}[m[2]])")
if python3 -c "import sys; sys.exit(0 if 0 <= $p99_ms < $P99_TARGET else 1)"; then
    echo "   overview p99 ${p99_ms} ms: within the target"
else
    echo "   overview p99 ${p99_ms} ms: ABOVE the ${P99_TARGET} ms target" >&2
    exit 1
fi
