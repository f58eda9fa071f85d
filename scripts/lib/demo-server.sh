# Starts `chiso serve --demo` for a check script, on a free loopback port with a temporary database, and stops
# it (and removes the database) when the script exits. Sourced, not run: the caller defines `fail MESSAGE`.
#
#   start_demo_server BIN OUT_DIR START_SECONDS [serve options...]
#
# Sets WORK (temporary folder), DB (its database), SERVER_PID and BASE (http://127.0.0.1:PORT, answering
# /health); the server's output goes to OUT_DIR/server.log. Environment for the server (CHISO_*) is the caller's.

WORK=""
SERVER_PID=""
demo_server_cleanup() {
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM "$SERVER_PID" 2>/dev/null || true
        for _ in $(seq 1 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$SERVER_PID" 2>/dev/null || true
    fi
    [ -z "$WORK" ] || rm -rf "$WORK"
}
trap demo_server_cleanup EXIT
trap 'exit 130' INT TERM

start_demo_server() {
    local bin="$1" out="$2" seconds="$3"
    shift 3
    WORK="$(mktemp -d "${TMPDIR:-/tmp}/chiso-check.XXXXXX")"
    DB="$WORK/chiso.sqlite"
    echo "== start: $bin serve --demo $* (port chosen by the system, 127.0.0.1 only)"
    "$bin" serve --demo "$@" --host 127.0.0.1 --port 0 --db "$DB" >"$out/server.log" 2>&1 &
    SERVER_PID=$!
    BASE=""
    local deadline=$((SECONDS + seconds))
    while [ -z "$BASE" ]; do
        kill -0 "$SERVER_PID" 2>/dev/null || { tail -20 "$out/server.log" >&2; fail "máy chủ dừng khi khởi động"; }
        [ "$SECONDS" -lt "$deadline" ] || fail "máy chủ không khởi động trong $seconds s"
        BASE=$(grep -so 'mở http://127\.0\.0\.1:[0-9]*' "$out/server.log" | head -1 | sed 's/^mở //') || true
        [ -n "$BASE" ] || sleep 1
    done
    for _ in $(seq 1 100); do
        curl -fsS --max-time 5 "$BASE/health" >/dev/null 2>&1 && break
        sleep 0.2
    done
    curl -fsS --max-time 5 "$BASE/health" >/dev/null || fail "$BASE/health không trả lời"
    echo "   server at $BASE"
}
