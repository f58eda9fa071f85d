#!/usr/bin/env bash
# A synthetic nation on PostgreSQL: one server holding every province, beside the sharded layout (a coordinator whose
# province partitions are postgres_fdw foreign tables on shard servers, as ShardingTests builds it), all on loopback.
#
#   1. `chiso demo --no-import` writes one demo province (province code H10); each of the 34 provinces is a copy of
#      it with its own code (H01…H34 in every unit, dossier and petition code), so that N dossiers spread evenly;
#   2. every province is imported into one PostgreSQL server (`chiso import --postgres`), timed;
#   3. the same files are imported into the shards (provinces spread round-robin), the catalogue into the
#      coordinator, and the coordinator takes each province's partitions as foreign tables;
#   4. a national month is scored on each (`chiso score --postgres … --format csv`), timed, and the scores compared.
#
# Usage: scripts/bench-nation.sh [N] [SHARDS] [CHISO_BINARY]
#   N             dossiers in the nation, approximately (default 10000000; the demo's months are chosen to reach it)
#   SHARDS        shard servers (default 2)
#   CHISO_BINARY  default: .build/debug/chiso (build it first); a release build gives the figures to quote
# Environment: BENCH_KEEP=1 keeps the work folder (and stops the servers all the same).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"

N=${1:-10000000}
SHARDS=${2:-2}
BIN="${3:-$root/.build/debug/chiso}"
PROVINCES=34
[ -x "$BIN" ] || { echo "bench-nation: không chạy được $BIN (hãy chạy swift build trước)" >&2; exit 2; }
PGBIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
[ -x "$PGBIN/psql" ] || { echo "bench-nation: chưa cài PostgreSQL (không có psql)" >&2; exit 2; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/chiso-nation.XXXXXX")"
chmod 755 "$WORK"
servers=()
cleanup() {
    for s in "${servers[@]}"; do scripts/postgres-server.sh stop "$s" || true; done
    if [ "${BENCH_KEEP:-0}" = 1 ]; then echo "(giữ thư mục $WORK)"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

start_server() { # NAME -> URL of its postgres database
    servers+=("$WORK/$1")
    scripts/postgres-server.sh start "$WORK/$1"
}
sql() { PGPASSWORD=chiso "$PGBIN/psql" -q -v ON_ERROR_STOP=1 "$1" -c "$2" >/dev/null; }
seconds() { /usr/bin/time -f "%e" -o "$WORK/time.txt" "$@" >/dev/null; cat "$WORK/time.txt"; }

echo "== machine: $(nproc) CPU, $(uptime | sed 's/^ *//')"
# The demo at scale "small" has about 3,000 dossiers a month; "province" about 65,000.
per_province=$(((N + PROVINCES - 1) / PROVINCES))
if [ "$per_province" -le 36000 ]; then scale=small; monthly=3000; else scale=province; monthly=65000; fi
# One month more than the dossiers need: the last one is open, the month scored is the one before it.
months=$(((per_province + monthly - 1) / monthly + 1))
echo "== 1. one province: chiso demo --months $months --scale $scale, copied to $PROVINCES provinces"
"$BIN" demo --months "$months" --scale "$scale" --today 2026-12-15 --no-import --write-files "$WORK/H10" --quiet >/dev/null
for i in $(seq 1 "$PROVINCES"); do
    p=$(printf 'H%02d' "$i")
    mkdir -p "$WORK/files/$p"
    for f in donvi.csv tthc.csv hoso.jsonl pakn.csv danhgia.csv; do
        if [ "$f" = tthc.csv ]; then cp "$WORK/H10/$f" "$WORK/files/$p/$f"; else sed "s/H10/$p/g" "$WORK/H10/$f" >"$WORK/files/$p/$f"; fi
    done
done
total=$(( $(wc -l <"$WORK/H10/hoso.jsonl") * PROVINCES ))
echo "   $total dossiers in $PROVINCES provinces"

import_province() { # URL PROVINCE [catalogue-only]
    local url=$1 dir="$WORK/files/$2"
    "$BIN" import "$dir/donvi.csv" --kind units --postgres "$url" >/dev/null
    "$BIN" import "$dir/tthc.csv" --kind procedures --postgres "$url" >/dev/null
    [ "${3:-}" = catalogue-only ] && return
    "$BIN" import "$dir/hoso.jsonl" --kind dossiers --postgres "$url" >/dev/null
    "$BIN" import "$dir/pakn.csv" --kind petitions --postgres "$url" >/dev/null
    "$BIN" import "$dir/danhgia.csv" --kind ratings --postgres "$url" >/dev/null
}

echo "== 2. one server"
single=$(start_server single)
sql "$single" "CREATE DATABASE chiso"
single_db=${single%/postgres}/chiso
start=$(date +%s.%N)
for i in $(seq 1 "$PROVINCES"); do import_province "$single_db" "$(printf 'H%02d' "$i")"; done
single_import=$(echo "$(date +%s.%N) - $start" | bc)
echo "   imported in ${single_import} s"

echo "== 3. $SHARDS shards and a coordinator"
shard_urls=()
for s in $(seq 1 "$SHARDS"); do
    url=$(start_server "shard$s")
    sql "$url" "CREATE DATABASE chiso"
    shard_urls+=("${url%/postgres}/chiso")
    # Ids must be unique across the shards the coordinator joins: each shard draws them from a range of its own.
    "$BIN" migrate --postgres "${url%/postgres}/chiso" >/dev/null
    for seq in dossiers_id_seq dossier_events_seq_seq petitions_id_seq ratings_id_seq; do
        sql "${url%/postgres}/chiso" "ALTER SEQUENCE $seq RESTART WITH $((s * 1000000000000))"
    done
done
coordinator=$(start_server coordinator)
sql "$coordinator" "CREATE DATABASE chiso"
coordinator_db=${coordinator%/postgres}/chiso
start=$(date +%s.%N)
for s in $(seq 1 "$SHARDS"); do
    (
        for i in $(seq "$s" "$SHARDS" "$PROVINCES"); do import_province "${shard_urls[$((s - 1))]}" "$(printf 'H%02d' "$i")"; done
    ) &
done
wait
sharded_import=$(echo "$(date +%s.%N) - $start" | bc)
echo "   shards imported in ${sharded_import} s"
for i in $(seq 1 "$PROVINCES"); do import_province "$coordinator_db" "$(printf 'H%02d' "$i")" catalogue-only; done
sql "$coordinator_db" "CREATE EXTENSION postgres_fdw"
tables="dossiers dossier_events petitions ratings dossier_facts dossier_verdicts petition_facts rating_facts"
for s in $(seq 1 "$SHARDS"); do
    port=$(echo "${shard_urls[$((s - 1))]}" | sed -E 's|.*:([0-9]+)/chiso$|\1|')
    sql "$coordinator_db" "CREATE SERVER shard$s FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host '127.0.0.1', port '$port', dbname 'chiso')"
    sql "$coordinator_db" "CREATE USER MAPPING FOR CURRENT_USER SERVER shard$s OPTIONS (user 'chiso', password 'chiso')"
    for i in $(seq "$s" "$SHARDS" "$PROVINCES"); do
        p=$(printf 'H%02d' "$i")
        lower=$(echo "$p" | tr 'A-Z' 'a-z')
        for t in $tables; do
            sql "$coordinator_db" "CREATE FOREIGN TABLE ${t}_p_$lower PARTITION OF $t FOR VALUES IN ('$p') SERVER shard$s OPTIONS (table_name '${t}_p_$lower')"
        done
    done
done
# The shards judged their facts with the official calendar at import: the coordinator records the same basis.
basis=$(PGPASSWORD=chiso "$PGBIN/psql" -At "${shard_urls[0]}" -c "SELECT basis FROM facts_basis")
echo "INSERT INTO facts_basis (id, basis) VALUES (1, :'basis') ON CONFLICT (id) DO UPDATE SET basis = EXCLUDED.basis" \
    | PGPASSWORD=chiso "$PGBIN/psql" -q -v ON_ERROR_STOP=1 -v basis="$basis" "$coordinator_db" >/dev/null

MONTH=2026-11
echo "== 4. a national month ($MONTH)"
"$BIN" score --period "$MONTH" --postgres "$single_db" --format csv >"$WORK/single.csv"
single_score=$(seconds "$BIN" score --period "$MONTH" --postgres "$single_db" --format csv)
"$BIN" score --period "$MONTH" --postgres "$coordinator_db" --format csv >"$WORK/sharded.csv"
sharded_score=$(seconds "$BIN" score --period "$MONTH" --postgres "$coordinator_db" --format csv)
same=no
cmp -s "$WORK/single.csv" "$WORK/sharded.csv" && same=yes

echo
echo "dossiers:                        $total ($PROVINCES provinces, $months months each)"
echo "import, one server:              ${single_import} s"
echo "import, $SHARDS shards in parallel:    ${sharded_import} s"
echo "score $MONTH, one server:        ${single_score} s"
echo "score $MONTH, coordinator:       ${sharded_score} s"
echo "same scores:                     $same ($(($(wc -l <"$WORK/single.csv") - 1)) rows)"
[ "$same" = yes ]
