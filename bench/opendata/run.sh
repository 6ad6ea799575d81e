#!/usr/bin/env bash
# Open-data export of the Decide-Madrid-scale organisation (`agora generate madrid`, the dataset
# of bench/madrid): wall time, peak RSS (`/usr/bin/time -v`) and archive size of
#
#   agora export open-data --org SLUG --out FILE
#
# on SQLite and PostgreSQL. Markdown table on stdout, progress on stderr.
#
#   bench/opendata/run.sh > result.md
#
# Settings (environment):
#   BACKENDS        "sqlite postgres" (default) or one of them
#   SCALE, SEED     generator scale (1 = Madrid) and seed (1)
#   RUNS            exports per backend (3); the table shows each run
#   BENCH_PG_ADMIN  postgres://postgres@127.0.0.1/postgres (used to recreate BENCH_PG_DB)
#   BENCH_PG_DB     agora_opendata
#   DATA_DIR        /tmp/agora-opendata-bench
#   REUSE=1         keep an already generated database instead of regenerating
#   SKIP_BUILD=1    use target/release/agora as it is;  AGORA_BIN  measure this binary instead
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BACKENDS="${BACKENDS:-sqlite postgres}"
SCALE="${SCALE:-1}"
SEED="${SEED:-1}"
RUNS="${RUNS:-3}"
BENCH_PG_ADMIN="${BENCH_PG_ADMIN:-postgres://postgres@127.0.0.1/postgres}"
BENCH_PG_DB="${BENCH_PG_DB:-agora_opendata}"
DATA_DIR="${DATA_DIR:-/tmp/agora-opendata-bench}"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"

log() { echo "[opendata] $*" >&2; }
die() { log "error: $*"; exit 1; }

[[ -x /usr/bin/time ]] || die "/usr/bin/time is needed (apt-get install time)"
command -v python3 >/dev/null || die "python3 is needed"

if [[ "${SKIP_BUILD:-0}" != 1 && -z "${AGORA_BIN:-}" ]]; then
    log "building the release binary"
    (cd "$ROOT" && cargo build --release -p agora --bin agora >&2)
fi
mkdir -p "$DATA_DIR"
AGORA="$DATA_DIR/agora"
cp "${AGORA_BIN:-$TARGET/release/agora}" "$AGORA"

database_url() {
    case "$1" in
        sqlite) echo "sqlite://$DATA_DIR/madrid.db" ;;
        postgres) echo "${BENCH_PG_ADMIN%/*}/$BENCH_PG_DB" ;;
    esac
}

prepare() {
    local backend="$1" url
    url="$(database_url "$backend")"
    if [[ "${REUSE:-0}" == 1 ]]; then
        log "$backend: reusing $url"
        return
    fi
    case "$backend" in
        sqlite) rm -f "$DATA_DIR/madrid.db" "$DATA_DIR/madrid.db-wal" "$DATA_DIR/madrid.db-shm" ;;
        postgres)
            python3 - "$BENCH_PG_ADMIN" "$BENCH_PG_DB" <<'PY' || die "cannot recreate $BENCH_PG_DB (is psql installed?)"
import subprocess, sys
admin, db = sys.argv[1], sys.argv[2]
subprocess.run(["psql", admin, "-qc", f"DROP DATABASE IF EXISTS {db}"], check=True)
subprocess.run(["psql", admin, "-qc", f"CREATE DATABASE {db}"], check=True)
PY
            ;;
    esac
    AGORA_LOG=warn "$AGORA" migrate --database-url "$url" >&2
    log "$backend: generating the Madrid-scale organisation (scale $SCALE)"
    local start end
    start=$(date +%s)
    AGORA_LOG=warn "$AGORA" generate madrid --database-url "$url" --seed "$SEED" --scale "$SCALE" \
        >"$DATA_DIR/generate-$backend.txt"
    end=$(date +%s)
    log "$backend: generated in $((end - start)) s"
}

echo "| backend | run | wall time (s) | peak RSS (MB) | archive (MB) | proposals.csv rows | comments.csv rows |"
echo "|---|---|---|---|---|---|---|"
for backend in $BACKENDS; do
    prepare "$backend"
    url="$(database_url "$backend")"
    slug=$(AGORA_LOG=warn python3 - "$url" "$DATA_DIR" <<'PY'
import sys, subprocess
url = sys.argv[1]
if url.startswith("sqlite://"):
    import sqlite3
    print(sqlite3.connect(url[len("sqlite://"):]).execute("SELECT slug FROM organizations ORDER BY id DESC LIMIT 1").fetchone()[0])
else:
    out = subprocess.run(["psql", url, "-tAc", "SELECT slug FROM organizations ORDER BY id DESC LIMIT 1"], capture_output=True, text=True, check=True)
    print(out.stdout.strip())
PY
)
    [[ -n "$slug" ]] || die "no organisation in $url"
    for run in $(seq 1 "$RUNS"); do
        out="$DATA_DIR/$backend-$run.zip"
        log "$backend: export $run of $RUNS (organisation $slug)"
        AGORA_LOG=warn /usr/bin/time -v -o "$DATA_DIR/time-$backend-$run.txt" \
            "$AGORA" export open-data --database-url "$url" --org "$slug" --out "$out" \
            >"$DATA_DIR/export-$backend-$run.txt"
        wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$DATA_DIR/time-$backend-$run.txt" \
            | awk -F: '{ if (NF == 3) print $1*3600 + $2*60 + $3; else print $1*60 + $2 }')
        rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2 / 1024}' "$DATA_DIR/time-$backend-$run.txt")
        size=$(python3 -c "import os,sys; print(f'{os.path.getsize(sys.argv[1]) / 1e6:.1f}')" "$out")
        proposals=$(awk -F': ' '/^proposals.csv/ {print $2}' "$DATA_DIR/export-$backend-$run.txt" | cut -d' ' -f1)
        comments=$(awk -F': ' '/^comments.csv/ {print $2}' "$DATA_DIR/export-$backend-$run.txt" | cut -d' ' -f1)
        echo "| $backend | $run | $wall | $rss | $size | $proposals | $comments |"
    done
done
echo
echo "Machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end."
