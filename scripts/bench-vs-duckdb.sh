#!/usr/bin/env bash
# ChiSo beside DuckDB on the same DVCQG JSON lines, in one run:
#   1. `chiso bench-store` generates N synthetic DongBoHoSoMC dossiers over 2026 (200 units, 300 procedures) as JSON
#      lines, imports them into a new SQLite database (the import time includes judging the facts), and scores the year;
#   2. ChiSo scores one month (every indicator) from that database: `chiso score --db … --period MONTH --own-only`,
#      timed with its peak memory (/usr/bin/time);
#   3. DuckDB (pip `duckdb` in a venv under .build/) loads the same JSON lines and computes each unit's on-time count for
#      the month, with the on-time rules the synthetic data needs (deadline, statutory working days on the official
#      calendar, one supplement request, judged at the last second of the month);
#   4. the on-time counts of every unit are compared (exit 1 when they differ); the times and the ratio ChiSo/DuckDB
#      are printed.
#
# Usage: scripts/bench-vs-duckdb.sh [N] [MONTH] [CHISO_BINARY]
#   N             dossiers (default 1000000)
#   MONTH         the month scored (default 2026-08)
#   CHISO_BINARY  default: built with `swift build -c release -j 1` (scratch path $CHISO_SCRATCH_PATH, default .build)
# Environment: BENCH_DUCKDB_VERSION (default 2.0.1), BENCH_KEEP=1 keeps the work folder.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"

N=${1:-1000000}
MONTH=${2:-2026-08}
BIN="${3:-}"
DUCKDB_VERSION=${BENCH_DUCKDB_VERSION:-2.0.1}

for tool in python3 /usr/bin/time; do
    command -v "$tool" >/dev/null 2>&1 || { echo "bench-vs-duckdb: thiếu $tool" >&2; exit 2; }
done
if [ -z "$BIN" ]; then
    scratch="${CHISO_SCRATCH_PATH:-.build}"
    echo "== build chiso (release, scratch path $scratch)"
    swift build -c release -j 1 --scratch-path "$scratch" --product chiso
    BIN="$(swift build -c release -j 1 --scratch-path "$scratch" --show-bin-path)/chiso"
fi
[ -x "$BIN" ] || { echo "bench-vs-duckdb: không chạy được $BIN" >&2; exit 2; }

venv="$root/.build/duckdb-venv"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import duckdb" 2>/dev/null; then
    echo "== duckdb $DUCKDB_VERSION (pip, venv $venv)"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet "duckdb==$DUCKDB_VERSION"
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/chiso-vs-duckdb.XXXXXX")"
cleanup() { if [ "${BENCH_KEEP:-0}" = 1 ]; then echo "(giữ thư mục $WORK)"; else rm -rf "$WORK"; fi; }
trap cleanup EXIT

echo "== machine: $(nproc) CPU, $(uptime | sed 's/^ *//')"
echo "== 1. chiso bench-store: generate $N dossiers, import, score the year"
"$BIN" bench-store --dossiers "$N" --work-dir "$WORK" | tee "$WORK/bench-store.txt"
import_line="$(grep '^Nhập:' "$WORK/bench-store.txt" || true)"

echo "== 2. chiso score --period $MONTH from SQLite"
# The first run may find the facts judged with another calendar: scoring is timed on the second run.
"$BIN" score --db "$WORK/bench.sqlite" --period "$MONTH" --own-only --format csv >/dev/null
/usr/bin/time -f "%e %M" -o "$WORK/chiso-time.txt" "$BIN" score --db "$WORK/bench.sqlite" --period "$MONTH" --own-only --format csv \
    >"$WORK/chiso-scores.csv"
read -r chiso_seconds chiso_kb <"$WORK/chiso-time.txt"

echo "== 3. DuckDB $DUCKDB_VERSION on the same JSON lines"
"$venv/bin/python" - "$WORK" "$MONTH" "$root/Sources/ChiSoIngest/Resources/calendars/vn-civil-service.yaml" "$chiso_seconds" \
    "$chiso_kb" "$import_line" <<'PY'
import csv, re, sys, time
import duckdb

work, month, calendar_file, chiso_seconds, chiso_kb, import_line = sys.argv[1:7]
year, mon = map(int, month.split("-"))
start = f"{year:04d}-{mon:02d}-01 00:00:00"
next_start = f"{year + (mon == 12):04d}-{mon % 12 + 1:02d}-01 00:00:00"

# The official calendar's days off and make-up working days (the "off" and "workdays" lists of the YAML file).
off, workdays, key = [], [], None
for line in open(calendar_file, encoding="utf-8"):
    m = re.match(r'\s+("off"|workdays|\w+):', line)
    if m:
        key = m.group(1)
    elif not line.startswith(" "):
        key = None
    dates = re.findall(r"\d{4}-\d{2}-\d{2}", line.split("#")[0])
    if key == '"off"':
        off += dates
    elif key == "workdays":
        workdays += dates

con = duckdb.connect()
t0 = time.perf_counter()
con.execute(f"CREATE TABLE d AS SELECT * FROM read_json_auto('{work}/dossiers.jsonl', format = 'newline_delimited')")
load_seconds = time.perf_counter() - t0
rows = con.execute("SELECT COUNT(*) FROM d").fetchone()[0]

con.execute("CREATE TABLE off_days (day DATE)")
con.executemany("INSERT INTO off_days VALUES (?)", [[x] for x in off])
con.execute("CREATE TABLE make_up_days (day DATE)")
con.executemany("INSERT INTO make_up_days VALUES (?)", [[x] for x in workdays])

# On time (DOMAIN §4) for the synthetic data: states 4 (open) and 10 (returned, ended at NgayKetThucXuLy); at most
# one supplement request; no NgayHenTra means the procedure's statutory time (5 + code % 10 working days) on a clock
# that stops on days off, extended by the working time waited for a supplied supplement. Instants are compared as
# local seconds; p(x) is the position of x on the working clock.
query = f"""
WITH days AS (
    SELECT day, working, (SUM(working) OVER (ORDER BY day) - working) AS before
    FROM (
        SELECT CAST(g.d AS DATE) AS day,
            CASE WHEN CAST(g.d AS DATE) IN (SELECT day FROM make_up_days) THEN 1
                 WHEN dayofweek(g.d) IN (0, 6) OR CAST(g.d AS DATE) IN (SELECT day FROM off_days) THEN 0 ELSE 1 END AS working
        FROM generate_series(TIMESTAMP '2024-01-01', TIMESTAMP '2028-12-31', INTERVAL 1 DAY) AS g(d)
    )
),
x AS (
    SELECT DonViXuLy AS unit,
        epoch(strptime(NgayTiepNhan, '%Y%m%d%H%M%S'))::BIGINT AS rec,
        epoch(strptime(NgayHenTra, '%Y%m%d%H%M%S'))::BIGINT AS due,
        CASE WHEN TrangThaiHoSo = 10 THEN epoch(strptime(NgayKetThucXuLy, '%Y%m%d%H%M%S'))::BIGINT END AS ended,
        epoch(strptime(DanhSachHoSoBoSung[1].NgayBoSung, '%Y%m%d%H%M%S'))::BIGINT AS asked,
        epoch(strptime(DanhSachHoSoBoSung[1].NgayTiepNhanBoSung, '%Y%m%d%H%M%S'))::BIGINT AS supplied,
        5 + CAST(split_part(MaTTHC, '.', 2) AS INTEGER) % 10 AS n
    FROM d
),
j AS (SELECT epoch(TIMESTAMP '{next_start}')::BIGINT - 1 AS judged, epoch(TIMESTAMP '{start}')::BIGINT AS start),
y AS (
    SELECT x.unit, x.rec, x.due, x.n, j.judged, j.start,
        CASE WHEN x.ended <= j.judged THEN x.ended END AS term,
        x.asked, CASE WHEN x.supplied <= j.judged THEN x.supplied END AS sup
    FROM x, j
    WHERE x.rec <= j.judged AND NOT COALESCE(x.ended <= j.judged AND x.ended < j.start, FALSE)
),
z AS (
    SELECT *, asked IS NOT NULL AND asked <= judged AND (term IS NULL OR asked <= term) AS counted FROM y
),
p AS (
    SELECT z.*,
        (SELECT before * 86400 + CASE WHEN working = 1 THEN z.rec - epoch(CAST(day AS TIMESTAMP))::BIGINT ELSE 0 END FROM days WHERE day = CAST(make_timestamp(z.rec * 1000000) AS DATE)) AS p_rec,
        CASE WHEN counted AND sup IS NOT NULL THEN
            (SELECT before * 86400 + CASE WHEN working = 1 THEN z.sup - epoch(CAST(day AS TIMESTAMP))::BIGINT ELSE 0 END FROM days WHERE day = CAST(make_timestamp(z.sup * 1000000) AS DATE))
            - (SELECT before * 86400 + CASE WHEN working = 1 THEN z.asked - epoch(CAST(day AS TIMESTAMP))::BIGINT ELSE 0 END FROM days WHERE day = CAST(make_timestamp(z.asked * 1000000) AS DATE))
        ELSE 0 END AS waited
    FROM z
),
q AS (
    SELECT p.*,
        COALESCE(due, (SELECT epoch(CAST(day AS TIMESTAMP))::BIGINT + (p.p_rec + p.n * 86400 + p.waited) - ((p.p_rec + p.n * 86400 + p.waited + 86399) // 86400 - 1) * 86400
                       FROM days WHERE working = 1 AND before = (p.p_rec + p.n * 86400 + p.waited + 86399) // 86400 - 1)) AS deadline,
        (SELECT epoch(CAST(day AS TIMESTAMP))::BIGINT + (p.p_rec + p.n * 86400) - ((p.p_rec + p.n * 86400 + 86399) // 86400 - 1) * 86400
         FROM days WHERE working = 1 AND before = (p.p_rec + p.n * 86400 + 86399) // 86400 - 1) AS statutory
    FROM p
)
SELECT unit, COUNT(*) AS dossiers,
    COUNT(*) FILTER (WHERE CASE
        WHEN counted AND sup IS NULL THEN asked <= COALESCE(due, statutory)
        WHEN counted AND due IS NOT NULL THEN COALESCE(term, judged) - (sup - asked) <= due
        ELSE COALESCE(term, judged) <= deadline END) AS on_time
FROM q GROUP BY unit ORDER BY unit
"""
t0 = time.perf_counter()
duck = {u: (n, k) for u, n, k in con.execute(query).fetchall()}
query_seconds = time.perf_counter() - t0

chiso = {}
with open(f"{work}/chiso-scores.csv", newline="", encoding="utf-8") as f:
    for r in csv.DictReader(f):
        n = int(r["dossier_on_time.denominator"])
        if n > 0:
            chiso[r["unit_code"]] = (n, int(r["dossier_on_time.numerator"]))

differ = sorted(u for u in set(duck) | set(chiso) if duck.get(u) != chiso.get(u))
print(f"DuckDB: nạp {rows} hồ sơ từ JSON lines: {load_seconds:.2f} s; đếm hồ sơ đúng hạn kỳ {month}: {query_seconds:.3f} s")
print(f"ChiSo:  {import_line}")
cs = float(chiso_seconds)
print(f"ChiSo:  chiso score --period {month} (mọi chỉ số, {len(chiso)} đơn vị) từ SQLite: {cs:.2f} s, bộ nhớ đỉnh {int(chiso_kb) // 1024} MB")
print(f"Tỉ lệ ChiSo/DuckDB (tính chỉ số tháng / truy vấn DuckDB): {cs / query_seconds:.2f}")
print(f"Tỉ lệ ChiSo/DuckDB (tính chỉ số tháng / nạp và truy vấn DuckDB): {cs / (load_seconds + query_seconds):.2f}")
total = sum(k for _, k in chiso.values())
if differ:
    print(f"SỐ HỒ SƠ ĐÚNG HẠN KHÁC NHAU ở {len(differ)} đơn vị, ví dụ " + ", ".join(f"{u}: ChiSo {chiso.get(u)} DuckDB {duck.get(u)}" for u in differ[:5]))
    sys.exit(1)
print(f"Số hồ sơ đúng hạn khớp ở mọi đơn vị ({len(chiso)} đơn vị, {total} đúng hạn trên {sum(n for n, _ in chiso.values())} hồ sơ).")
PY
