#!/usr/bin/env bash
# The results of a closed poll of 100,000 ballots (issue 5: the results page < 200 ms after
# close), on SQLite and PostgreSQL, against the release binary — without the 100 s of votes over
# HTTP that run.sh measures: `agora generate polls --ballots N` writes the ballots directly, as
# the vote path writes them, and closes the poll.
#
#   bench/polls/results.sh > result.md    # Markdown on stdout, progress on stderr
#
# For each backend: a group of $VOTERS members and its ranked-choice poll (Schulze, 10 options)
# with $BALLOTS ballots, closed; then, signed in (API tokens), for the results page as the
# poll's author, the same page as a member who voted, and the API (`GET /api/v1/polls/{id}`,
# its first page of votes):
#   - cold: the first request after the server starts (restarted before each), with curl;
#   - warm: wrk for $READ_SECONDS s at 1 and $CONNECTIONS connections (p50, p99, requests/s),
#     and the server's own CPU time per request at 1 connection (PostgreSQL's not counted).
#
# Settings (environment):
#   BACKENDS          "sqlite postgres" (default) or one of them
#   VOTERS 100000     BALLOTS (default: VOTERS)    CONNECTIONS 4    READ_SECONDS 10
#   BENCH_PG_ADMIN    postgres://postgres@127.0.0.1/postgres (used to recreate BENCH_PG_DB)
#   BENCH_PG_DB       agora_poll_results
#   DATA_DIR          /tmp/agora-poll-results
#   REUSE=1           measure the database of the previous run as it is (no generation): how
#                     the numbers of an older binary are taken on the same data (see
#                     docs/PERFORMANCE.md)
#   SKIP_BUILD=1      use $CARGO_TARGET_DIR/release/agora as it is
#   AGORA_BIN         measure this binary instead (implies SKIP_BUILD)
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BACKENDS="${BACKENDS:-sqlite postgres}"
VOTERS="${VOTERS:-100000}"
BALLOTS="${BALLOTS:-$VOTERS}"
CONNECTIONS="${CONNECTIONS:-4}"
READ_SECONDS="${READ_SECONDS:-10}"
BENCH_PG_ADMIN="${BENCH_PG_ADMIN:-postgres://postgres@127.0.0.1/postgres}"
BENCH_PG_DB="${BENCH_PG_DB:-agora_poll_results}"
DATA_DIR="${DATA_DIR:-/tmp/agora-poll-results}"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
ADDR="127.0.0.1:18192"
BASE="http://$ADDR"

log() { echo "[poll-results] $*" >&2; }
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

# cold TOKEN PATH: the first request after a fresh start; sets COLD to "ms http_code bytes".
# Not in a $(...) subshell: the server it starts must be the one stop_server stops.
cold() {
    start_server "$URL"
    curl -s -o "$DATA_DIR/cold.out" -w '%{time_total} %{http_code} %{size_download}\n' \
        -H "Authorization: Bearer $1" "$BASE$2" >"$DATA_DIR/cold.txt"
    COLD="$(awk '{ printf "%.0f %s %s\n", $1 * 1000, $2, $3 }' "$DATA_DIR/cold.txt")"
}

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$SERVER_PID/stat"; }
CLK_TCK="$(getconf CLK_TCK)"

# warm TOKEN CONNECTIONS PATH: sets WARM to "rps p50_ms p99_ms non2xx cpu_ms_per_request" (the
# server's own CPU time per request, from /proc: what a busy, shared machine distorts least).
warm() {
    local out t0 t1
    t0="$(cpu_ticks)"
    out="$(wrk -t1 -c"$2" -d"${READ_SECONDS}s" --timeout 10s --latency \
        -H "Authorization: Bearer $1" "$BASE$3")"
    t1="$(cpu_ticks)"
    WARM="$(awk -v ticks=$(( t1 - t0 )) -v hz="$CLK_TCK" '
        function ms(v) {
            if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0;
            if (v ~ /s$/) return v * 1000; return v + 0 }
        /^ +50%/ { p50 = ms($2) } /^ +99%/ { p99 = ms($2) }
        / requests in / { n = $1 }
        /^Requests\/sec:/ { rps = $2 } /Non-2xx or 3xx responses:/ { bad = $NF }
        END { printf "%.1f %.1f %.1f %d %.1f\n", rps, p50, p99, bad, n ? ticks / hz * 1000 / n : 0 }' <<<"$out")"
}

GEN_ROWS=()
ROWS=()

for backend in $BACKENDS; do
    case "$backend" in
        sqlite) URL="sqlite://$DATA_DIR/polls.db" ;;
        postgres) URL="${BENCH_PG_ADMIN%/*}/$BENCH_PG_DB" ;;
        *) die "unknown backend $backend" ;;
    esac
    META="$DATA_DIR/$backend.meta"
    VOTERS_FILE="$DATA_DIR/$backend.voters.txt"
    if [[ "${REUSE:-0}" != 1 ]]; then
        if [[ "$backend" == sqlite ]]; then
            rm -f "$DATA_DIR/polls.db" "$DATA_DIR/polls.db-wal" "$DATA_DIR/polls.db-shm"
        else
            psql -q "$BENCH_PG_ADMIN" -c "DROP DATABASE IF EXISTS $BENCH_PG_DB" -c "CREATE DATABASE $BENCH_PG_DB" >&2
        fi
        log "$backend: generating $VOTERS members, $BALLOTS ballots, closing"
        t0=$(date +%s.%N)
        AGORA_LOG=warn "$AGORA" migrate --database-url "$URL" >&2
        AGORA_LOG=warn "$AGORA" generate polls --database-url "$URL" --voters "$VOTERS" \
            --ballots "$BALLOTS" --voters-file "$VOTERS_FILE" >"$META"
        t1=$(date +%s.%N)
        if [[ "$backend" == postgres ]]; then psql -q "$URL" -c "VACUUM ANALYZE" >&2; else sqlite3 "$DATA_DIR/polls.db" "ANALYZE"; fi
        GEN_ROWS+=("| $backend | $VOTERS | $BALLOTS | $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') | $(grep -o 'seconds_[a-z_]*=[0-9.]*' "$META" | sed 's/seconds_//' | tr '\n' ' ') |")
    fi
    get() { sed -n "s/^$1=//p" "$META"; }
    PID_="$(get poll_id)"; CID="$(get component_id)"
    AUTHOR="$(sed -n 1p "$VOTERS_FILE" | cut -d' ' -f1)"
    MEMBER="$(sed -n 2p "$VOTERS_FILE" | cut -d' ' -f1)"
    PAGE="/polls/$CID/$PID_"
    API="/api/v1/polls/$PID_"
    for row in "page, author|$AUTHOR|$PAGE" "page, member|$MEMBER|$PAGE" "API, author|$AUTHOR|$API"; do
        IFS='|' read -r what token path <<<"$row"
        log "$backend: $what"
        cold "$token" "$path"
        read -r cms code bytes <<<"$COLD"
        [[ "$code" == 200 ]] || die "$what answered $code"
        if [[ "$path" == "$PAGE" ]]; then
            grep -q 'Schulze' "$DATA_DIR/cold.out" || log "warning: the results page does not name Schulze"
        fi
        warm "$token" 1 "$path"
        read -r r1 p50_1 p99_1 bad1 cpu1 <<<"$WARM"
        warm "$token" "$CONNECTIONS" "$path"
        read -r rn p50_n p99_n badn cpun <<<"$WARM"
        ROWS+=("| $backend | $what | \`$path\` | $(( bytes / 1024 )) | **$cms** | **$p50_1** | $p99_1 | $r1 | $cpu1 | $p50_n | $p99_n | $rn | $(( bad1 + badn )) |")
    done
    stop_server
done

echo "Run $(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) cores ($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo); load average $(cut -d' ' -f1-3 /proc/loadavg) at the end; binary $(sha256sum "$AGORA" | cut -c1-12)."
echo
if (( ${#GEN_ROWS[@]} > 0 )); then
    echo "| backend | members | ballots | generation (s, migrations included) | steps (s) |"
    echo "| --- | ---: | ---: | ---: | --- |"
    printf '%s\n' "${GEN_ROWS[@]}"
    echo
fi
echo "A closed ranked-choice poll (Schulze), signed in. Cold: the first request after the server started. Warm: wrk ${READ_SECONDS} s."
echo
echo "| backend | what | path | KiB | cold (ms) | p50 (ms), 1 conn | p99 (ms), 1 conn | req/s, 1 conn | server CPU (ms/req), 1 conn | p50 (ms), $CONNECTIONS conn | p99 (ms), $CONNECTIONS conn | req/s, $CONNECTIONS conn | non-2xx |"
echo "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
printf '%s\n' "${ROWS[@]}"
