#!/usr/bin/env bash
# A poll with 100,000 eligible voters: every member votes through the real HTTP API against the
# release binary, then the poll is closed and its results (Schulze over 100,000 rankings) are
# read, on SQLite and PostgreSQL. Targets (docs/PERFORMANCE.md): ≥ 2,000 votes/s with p99 < 50 ms
# at 64 connections and none lost; the results page < 200 ms after close.
#
#   bench/polls/run.sh > result.md    # Markdown on stdout, progress on stderr
#
# For each backend: `agora generate polls` makes a private group of $VOTERS members (each with
# an API token and a ranking to send) and its open ranked-choice poll; the server is started;
# wrk (vote.lua) has the members `PUT /api/v1/polls/{id}/vote` at $CONNECTIONS connections for
# $DURATION s (the measured window: votes/s, p50/p99), then more runs until every member has
# voted (not measured). The ballots in the database must equal the members (none lost, none
# twice). The author closes the poll (`POST /polls/{cid}/{pid}/close`), and the results page
# (`GET /polls/{cid}/{pid}`, signed in) and the API (`GET /api/v1/polls/{id}`) are measured
# one request at a time (what one person waits) and at 16 connections.
#
# Settings (environment):
#   BACKENDS          "sqlite postgres" (default) or one of them
#   VOTERS 100000     CONNECTIONS 64    DURATION 20 (s, the measured window)   THREADS 2 (wrk -t)
#   BENCH_PG_ADMIN    postgres://postgres@127.0.0.1/postgres (used to recreate BENCH_PG_DB)
#   BENCH_PG_DB       agora_polls
#   DATA_DIR          /tmp/agora-polls
#   SKIP_BUILD=1      use $CARGO_TARGET_DIR/release/agora as it is
#   AGORA_BIN         measure this binary instead (implies SKIP_BUILD)
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BACKENDS="${BACKENDS:-sqlite postgres}"
VOTERS="${VOTERS:-100000}"
CONNECTIONS="${CONNECTIONS:-64}"
DURATION="${DURATION:-20}"
THREADS="${THREADS:-2}"
BENCH_PG_ADMIN="${BENCH_PG_ADMIN:-postgres://postgres@127.0.0.1/postgres}"
BENCH_PG_DB="${BENCH_PG_DB:-agora_polls}"
DATA_DIR="${DATA_DIR:-/tmp/agora-polls}"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
ADDR="127.0.0.1:18191"
BASE="http://$ADDR"

log() { echo "[polls] $*" >&2; }
die() { log "error: $*"; exit 1; }
for tool in wrk curl sqlite3 psql; do command -v "$tool" >/dev/null || die "$tool is needed"; done

if [[ "${SKIP_BUILD:-0}" != 1 && -z "${AGORA_BIN:-}" ]]; then
    log "building the release binary"
    (cd "$ROOT" && cargo build --release -p agora --bin agora >&2)
fi
mkdir -p "$DATA_DIR"
# A copy: another build may replace the binary while this runs.
AGORA="$DATA_DIR/agora"
cp "${AGORA_BIN:-$TARGET/release/agora}" "$AGORA"

SERVE_ARGS=(--secret-key-file "$DATA_DIR/secret.key" --open-data-dir "$DATA_DIR/open-data")
# shellcheck source=../lib.sh
source "$ROOT/bench/lib.sh"
trap stop_server EXIT

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$SERVER_PID/stat"; }
rss_kb() { awk '/VmHWM/ { print $2 }' "/proc/$SERVER_PID/status"; }
CLK_TCK="$(getconf CLK_TCK)"

sql() {
    if [[ "$1" == sqlite ]]; then
        sqlite3 "$DATA_DIR/polls.db" "$2"
    else
        psql -qtA "${BENCH_PG_ADMIN%/*}/$BENCH_PG_DB" -c "$2"
    fi
}

# wrk_run SECONDS [--latency] → wrk's output; the voters resume from $PROGRESS.
wrk_run() {
    VOTERS_FILE="$DATA_DIR/voters.txt" POLL="$PID_" THREADS="$THREADS" PROGRESS_FILE="$PROGRESS" \
        wrk -t"$THREADS" -c"$CONNECTIONS" -d"$1s" --timeout 10s "${@:2}" \
        -s "$ROOT/bench/polls/vote.lua" "$BASE/"
}

field() { sed -n "s/.*$1=\([0-9]*\).*/\1/p" <<<"$2"; }

# read_latency CONNECTIONS PATH → "rps p50_ms p99_ms non2xx" (signed in as the author)
read_latency() {
    local out
    out="$(wrk -t1 -c"$1" -d"${READ_SECONDS:-10}s" --timeout 10s --latency \
        -H "Authorization: Bearer $AUTHOR" "$BASE$2")"
    awk '
        function ms(v) {
            if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0;
            if (v ~ /s$/) return v * 1000; return v + 0 }
        /^ +50%/ { p50 = ms($2) } /^ +99%/ { p99 = ms($2) }
        /^Requests\/sec:/ { rps = $2 } /Non-2xx or 3xx responses:/ { bad = $NF }
        END { printf "%.0f %.1f %.1f %d\n", rps, p50, p99, bad }' <<<"$out"
}

GEN_ROWS=()
ROWS=()
READ_ROWS=()

for backend in $BACKENDS; do
    case "$backend" in
        sqlite)
            rm -f "$DATA_DIR/polls.db" "$DATA_DIR/polls.db-wal" "$DATA_DIR/polls.db-shm"
            URL="sqlite://$DATA_DIR/polls.db" ;;
        postgres)
            psql -q "$BENCH_PG_ADMIN" -c "DROP DATABASE IF EXISTS $BENCH_PG_DB" -c "CREATE DATABASE $BENCH_PG_DB" >&2
            URL="${BENCH_PG_ADMIN%/*}/$BENCH_PG_DB" ;;
        *) die "unknown backend $backend" ;;
    esac
    log "$backend: generating a group of $VOTERS members and its poll"
    META="$DATA_DIR/$backend.meta"
    t0=$(date +%s.%N)
    AGORA_LOG=warn "$AGORA" migrate --database-url "$URL" >&2
    AGORA_LOG=warn "$AGORA" generate polls --database-url "$URL" --voters "$VOTERS" \
        --voters-file "$DATA_DIR/voters.txt" >"$META"
    t1=$(date +%s.%N)
    if [[ "$backend" == postgres ]]; then psql -q "$URL" -c "VACUUM ANALYZE" >&2; else sqlite3 "$DATA_DIR/polls.db" "ANALYZE"; fi
    get() { sed -n "s/^$1=//p" "$META"; }
    PID_="$(get poll_id)"; CID="$(get component_id)"
    AUTHOR="$(head -1 "$DATA_DIR/voters.txt" | cut -d' ' -f1)"
    GEN_ROWS+=("| $backend | $(get voters) | $(get options) | $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') | $(grep -o 'seconds_[a-z_]*=[0-9.]*' "$META" | sed 's/seconds_//' | tr '\n' ' ') |")

    start_server "$URL"
    PROGRESS="$DATA_DIR/$backend.progress"
    rm -f "$PROGRESS"
    count() { sql "$backend" "SELECT COUNT(*) FROM poll_ballots WHERE poll_id = $PID_"; }
    log "$backend: ${DURATION}s of votes at $CONNECTIONS connections (measured)"
    t0="$(cpu_ticks)"
    out="$(wrk_run "$DURATION" --latency)"
    ticks=$(( $(cpu_ticks) - t0 ))
    echo "$out" >"$DATA_DIR/$backend.wrk.txt"
    measured="$(count)"
    seconds="$(awk '/requests in/ { sub(/s,$/, "", $4); print $4 + 0 }' <<<"$out")"
    p50="$(awk '/^ +50%/ { print $2 }' <<<"$out")"; p99="$(awk '/^ +99%/ { print $2 }' <<<"$out")"
    other="$(field other "$out")"; left="$(field left "$out")"
    runs=0
    while (( left > 0 && runs < 40 )); do
        rate="$(awk -v n="$measured" -v s="$seconds" 'BEGIN { r = n / s; print (r < 50 ? 50 : r) }')"
        secs="$(awk -v l="$left" -v r="$rate" 'BEGIN { printf "%d", l / r * 1.3 + 3 }')"
        log "$backend: $left members left, another ${secs}s"
        more="$(wrk_run "$secs")"
        echo "$more" >>"$DATA_DIR/$backend.wrk.txt"
        other=$(( other + $(field other "$more") ))
        left="$(field left "$more")"
        runs=$(( runs + 1 ))
    done
    # Members whose vote is not in the database yet (wrk cannot retry: a failed request, or a
    # run that ended first) vote again one by one, counted apart. Every one of them answered
    # 200 here; afterwards ballots must equal members, else votes were lost.
    swept=0
    while read -r n; do
        [[ -z "$n" ]] && continue
        line="$(sed -n "$(( n + 1 ))p" "$DATA_DIR/voters.txt")"
        code="$(curl -s -o /dev/null -w '%{http_code}' -X PUT -H "Authorization: Bearer ${line%% *}" \
            -H 'Content-Type: application/json' --data "${line#* }" "$BASE/api/v1/polls/$PID_/vote")"
        [[ "$code" == 200 ]] && swept=$(( swept + 1 ))
    done < <(sql "$backend" "SELECT u.id - (SELECT MIN(id) FROM users WHERE email LIKE 'member%') FROM users u
        WHERE u.email LIKE 'member%' AND NOT EXISTS
        (SELECT 1 FROM poll_ballots b WHERE b.user_id = u.id AND b.poll_id = $PID_)")
    (( swept > 0 )) && log "$backend: $swept members voted again one by one"
    total="$(count)"
    twice="$(sql "$backend" "SELECT COUNT(*) FROM (SELECT user_id FROM poll_ballots WHERE poll_id = $PID_ GROUP BY user_id HAVING COUNT(*) > 1) t")"
    rss="$(rss_kb)"
    ROWS+=("| $backend | $CONNECTIONS | $seconds | $measured | $(awk -v n="$measured" -v s="$seconds" 'BEGIN { printf "%.0f", n / s }') | $p50 | $p99 | $(awk -v t="$ticks" -v hz="$CLK_TCK" -v n="$measured" 'BEGIN { printf "%.0f", n ? t / hz * 1e6 / n : 0 }') | $total / $VOTERS | $(( VOTERS - total )) | $twice | $other | $swept | $(( rss / 1024 )) |")

    log "$backend: closing the poll, reading its results"
    code="$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Bearer $AUTHOR" "$BASE/polls/$CID/$PID_/close")"
    [[ "$code" == 303 ]] || die "closing answered $code"
    t0=$(date +%s.%N)
    curl -s -o "$DATA_DIR/results.html" -H "Authorization: Bearer $AUTHOR" "$BASE/polls/$CID/$PID_"
    first="$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.0f", (b - a) * 1000 }')"
    grep -q 'Schulze' "$DATA_DIR/results.html" || log "warning: the results page does not name Schulze"
    for row in "page|/polls/$CID/$PID_" "API|/api/v1/polls/$PID_"; do
        IFS='|' read -r what path <<<"$row"
        for c in 1 16; do
            read -r rps rp50 rp99 bad <<<"$(read_latency "$c" "$path")"
            READ_ROWS+=("| $backend | $what | \`$path\` | $c | $rps | $rp50 | $rp99 | $bad |")
        done
    done
    READ_ROWS+=("| $backend | first page view after close | | 1 | | $first | | |")
    stop_server
done

echo "Run $(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) cores ($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo); load average $(cut -d' ' -f1-3 /proc/loadavg) at the end."
echo "$(wrk -v 2>&1 | head -1); $CONNECTIONS connections over $THREADS wrk threads."
echo
echo "| backend | members | options | generation (s, migrations included) | steps (s) |"
echo "| --- | ---: | ---: | ---: | --- |"
printf '%s\n' "${GEN_ROWS[@]}"
echo
echo "Each member: \`PUT /api/v1/polls/{id}/vote\` with their ranking, once, with their API token. Measured window: the first run."
echo
echo "| backend | connections | window (s) | votes in window | votes/s | p50 | p99 | server CPU µs/vote | ballots / members | lost | twice | non-200 | voted again one by one | server peak RSS (MB) |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
printf '%s\n' "${ROWS[@]}"
echo
echo "After close (results: Schulze over every ballot), signed in:"
echo
echo "| backend | what | path | connections | requests/s | p50 (ms) | p99 (ms) | non-2xx |"
echo "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |"
printf '%s\n' "${READ_ROWS[@]}"
