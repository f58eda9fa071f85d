#!/usr/bin/env bash
# A throw-away PostgreSQL server for the tests: `start DIR` initialises a cluster in DIR, starts it on a free
# port of 127.0.0.1 and prints its URL (postgres://chiso:chiso@127.0.0.1:PORT/postgres); `stop DIR` stops it
# and removes DIR. As root, the server runs as the `postgres` user (PostgreSQL refuses to run as root).
set -euo pipefail

bin=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
[ -x "$bin/initdb" ] || { echo "PostgreSQL is not installed (no initdb under /usr/lib/postgresql)" >&2; exit 1; }
cmd=${1:?start DIR | stop DIR}
dir=${2:?start DIR | stop DIR}

as_owner() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$cmd" in
start)
    # The server outlives this script: it must not keep the caller's descriptors (beyond 0-2) open, or a caller
    # that waits for them to close (a test runner's process monitor) waits for ever.
    for fd in /proc/$$/fd/*; do
        fd=${fd##*/}
        [ "$fd" -gt 2 ] 2>/dev/null && eval "exec $fd>&-" 2>/dev/null || true
    done
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    pwfile=$(mktemp)
    echo chiso >"$pwfile"
    chmod 644 "$pwfile"
    as_owner "$bin/initdb" -D "$dir/data" -U chiso --pwfile="$pwfile" -A scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
        || { rm -f "$pwfile"; cat "$dir/initdb.log" >&2; exit 1; }
    rm -f "$pwfile"
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
        -o "-h 127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c max_connections=200" start >/dev/null
    echo "postgres://chiso:chiso@127.0.0.1:$port/postgres"
    ;;
stop)
    [ -d "$dir/data" ] && as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
*)
    echo "usage: $0 start DIR | stop DIR" >&2
    exit 2
    ;;
esac
