#!/usr/bin/env bash
# Decide-Madrid-scale benchmarks: generate the organisation (`agora generate madrid`), serve it,
# load the pages that grow with the data, and measure supports throughput.
#
#   bench/madrid/run.sh > result.md    # Markdown tables on stdout, progress on stderr
#
# For each backend: generation time; then for each path, as an anonymous visitor (the 1 s page
# micro-cache serves repeated anonymous requests) and signed in (a Bearer token: never cached,
# every request reaches the database), requests/s and p50/p99 at $CONNECTIONS connections; the
# server's RSS now and at its peak (VmHWM) after the page runs; then $SUPPORT_DURATION s of
# supports by many distinct people through the API, and a consistency check of supports,
# counters and tallies afterwards. Last, with the server stopped, `agora verify` on the whole
# organisation (time and peak RSS): the generator enters every record in the action log as the
# site would, so verify checks about two million entries and records.
#
# Settings (environment):
#   BACKENDS          "sqlite postgres" (default) or one of them
#   SCALE, SEED       generator scale (1 = Madrid) and seed (1)
#   CONNECTIONS       32        DURATION  10 (s per row)   WARMUP 2 (s)
#   SUPPORT_DURATION  10 (s)    TOKENS    20000 (people who support during the run)
#   SEARCH            the `q` of the search row (bici)
#   BENCH_PG_ADMIN    postgres://postgres@127.0.0.1/postgres (used to recreate BENCH_PG_DB)
#   BENCH_PG_DB       agora_madrid
#   DATA_DIR          where the SQLite file, tokens and generator output live (/tmp/agora-madrid)
#   REUSE=1           keep an already generated database (from DATA_DIR) instead of regenerating;
#                     the supports run adds supports to it, so counts drift between reused runs
#   SKIP_BUILD=1      use target/release/agora as it is
#   AGORA_BIN         measure this binary instead (implies SKIP_BUILD; e.g. a build of an older commit)
#   ADDR              where the server listens (127.0.0.1:18180; another port beside another run)
#
# Servers are started on 127.0.0.1 by this script and stopped by it; every load run is bounded
# in time (wrk -d, --timeout).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BACKENDS="${BACKENDS:-sqlite postgres}"
SCALE="${SCALE:-1}"
SEED="${SEED:-1}"
CONNECTIONS="${CONNECTIONS:-32}"
DURATION="${DURATION:-10}"
WARMUP="${WARMUP:-2}"
SUPPORT_DURATION="${SUPPORT_DURATION:-10}"
TOKENS="${TOKENS:-20000}"
SEARCH="${SEARCH:-bici}"
BENCH_PG_ADMIN="${BENCH_PG_ADMIN:-postgres://postgres@127.0.0.1/postgres}"
BENCH_PG_DB="${BENCH_PG_DB:-agora_madrid}"
DATA_DIR="${DATA_DIR:-/tmp/agora-madrid}"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
ADDR="${ADDR:-127.0.0.1:18180}"
BASE="http://$ADDR"
THREADS=2

log() { echo "[madrid] $*" >&2; }
die() { log "error: $*"; exit 1; }

if ! command -v wrk >/dev/null; then
    log "installing wrk"
    if [[ "$(id -u)" == 0 ]]; then apt-get install -y wrk >&2; else sudo apt-get install -y wrk >&2; fi
fi
if [[ ! -x /usr/bin/time ]]; then
    log "installing time (for agora verify's peak RSS)"
    if [[ "$(id -u)" == 0 ]]; then apt-get install -y time >&2; else sudo apt-get install -y time >&2; fi
fi
for tool in wrk curl; do command -v "$tool" >/dev/null || die "$tool is needed"; done

if [[ "${SKIP_BUILD:-0}" != 1 && -z "${AGORA_BIN:-}" ]]; then
    log "building the release binary"
    (cd "$ROOT" && cargo build --release -p agora --bin agora >&2)
fi
mkdir -p "$DATA_DIR"
# A copy: another build may replace target/release/agora while this runs.
AGORA="$DATA_DIR/agora"
cp "${AGORA_BIN:-$TARGET/release/agora}" "$AGORA"

SERVE_ARGS=()
# shellcheck source=../lib.sh
source "$ROOT/bench/lib.sh"
trap stop_server EXIT

kb_to_mb() { awk '{ printf "%.1f", $1 / 1024 }'; }
rss_now() { awk '/^VmRSS:/ { print $2 }' "/proc/$SERVER_PID/status" | kb_to_mb; }
rss_peak() { awk '/^VmHWM:/ { print $2 }' "/proc/$SERVER_PID/status" | kb_to_mb; }

# CPU time (utime + stime) the server has used so far, in clock ticks.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$SERVER_PID/stat"; }
CLK_TCK="$(getconf CLK_TCK)"

# measure URL [HEADER] → "rps p50_ms p99_ms non2xx cpu_us_per_request"
measure() {
    local url="$1" header="${2:-}" args=(-t"$THREADS" -c"$CONNECTIONS" --timeout 10s) t0 out
    [[ -n "$header" ]] && args+=(-H "$header")
    wrk "${args[@]}" -d"${WARMUP}s" "$url" >/dev/null
    t0="$(cpu_ticks)"
    out="$(wrk "${args[@]}" -d"${DURATION}s" --latency "$url")"
    awk -v ticks="$(( $(cpu_ticks) - t0 ))" -v hz="$CLK_TCK" '
        function ms(v) {
            if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0;
            if (v ~ /s$/) return v * 1000; return v + 0 }
        /^ +50%/ { p50 = ms($2) } /^ +99%/ { p99 = ms($2) }
        /requests in/ { n = $1 }
        /^Requests\/sec:/ { rps = $2 } /Non-2xx or 3xx responses:/ { bad = $NF }
        END { printf "%.0f %.2f %.2f %d %.0f\n", rps, p50, p99, bad, n ? ticks / hz * 1e6 / n : 0 }' <<<"$out"
}

# sql BACKEND QUERY → the single value
sql() {
    if [[ "$1" == sqlite ]]; then
        sqlite3 "$DATA_DIR/madrid.db" "$2"
    else
        psql -qtA "${BENCH_PG_ADMIN%/*}/$BENCH_PG_DB" -c "$2"
    fi
}

CONSISTENCY="SELECT (SELECT COUNT(*) FROM supports) || ' ' ||
  (SELECT SUM(supports_count) FROM proposals) || ' ' ||
  (SELECT SUM(supports) FROM proposal_support_tallies) || ' ' ||
  (SELECT COUNT(*) FROM proposals p WHERE p.supports_count <>
     (SELECT COUNT(*) FROM supports s WHERE s.proposal_id = p.id)) || ' ' ||
  (SELECT COUNT(*) FROM (SELECT proposal_id, user_id FROM supports
     GROUP BY proposal_id, user_id HAVING COUNT(*) > 1) AS twice)"

ROWS=()
GEN_ROWS=()
SUPPORT_ROWS=()
RSS_ROWS=()
VERIFY_ROWS=()

for backend in $BACKENDS; do
    case "$backend" in
        sqlite) URL="sqlite://$DATA_DIR/madrid.db" ;;
        postgres) URL="${BENCH_PG_ADMIN%/*}/$BENCH_PG_DB" ;;
        *) die "unknown backend $backend" ;;
    esac
    META="$DATA_DIR/$backend.meta"
    if [[ "${REUSE:-0}" == 1 && -s "$META" ]]; then
        log "$backend: reusing the generated database"
    else
        log "$backend: generating (scale $SCALE, seed $SEED)"
        if [[ "$backend" == sqlite ]]; then
            rm -f "$DATA_DIR/madrid.db" "$DATA_DIR/madrid.db-wal" "$DATA_DIR/madrid.db-shm"
        else
            psql -q "$BENCH_PG_ADMIN" -c "DROP DATABASE IF EXISTS $BENCH_PG_DB" -c "CREATE DATABASE $BENCH_PG_DB" >&2
        fi
        t0=$(date +%s.%N)
        AGORA_LOG=warn "$AGORA" migrate --database-url "$URL" >&2
        AGORA_LOG=warn "$AGORA" generate madrid --database-url "$URL" --seed "$SEED" --scale "$SCALE" \
            --tokens "$TOKENS" --tokens-file "$DATA_DIR/$backend.tokens" >"$META"
        t1=$(date +%s.%N)
        if [[ "$backend" == postgres ]]; then
            # Fresh statistics and visibility map, as autovacuum would make them soon after a bulk load.
            psql -q "$URL" -c "VACUUM ANALYZE" >&2
        else
            sqlite3 "$DATA_DIR/madrid.db" "ANALYZE" >&2
        fi
        t2=$(date +%s.%N)
        size="$(if [[ "$backend" == sqlite ]]; then du -m "$DATA_DIR/madrid.db" | cut -f1; else sql postgres "SELECT pg_database_size('$BENCH_PG_DB') / 1048576"; fi)"
        GEN_ROWS+=("| $backend | $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f", b - a }') | $(awk -v a="$t1" -v b="$t2" 'BEGIN { printf "%.0f", b - a }') | $(grep -o 'seconds_[a-z_]*=[0-9.]*' "$META" | sed 's/seconds_//' | tr '\n' ' ') | $size |")
    fi
    get() { sed -n "s/^$1=//p" "$META"; }
    CID="$(get component_id)"; BIG="$(get big_thread_proposal)"; MED="$(get thread_proposal)"
    TOKEN="$(head -1 "$DATA_DIR/$backend.tokens")"

    start_server "$URL"
    PATHS=(
        "list, page 1|/proposals/$CID?seed=12345"
        "list, page 50|/proposals/$CID?seed=12345&page=50"
        "list, new visitor (new seed)|/proposals/$CID"
        "search ?q=$SEARCH|/proposals/$CID?seed=12345&q=$SEARCH"
        "proposal, $(get thread_comments) comments|/proposals/$CID/$MED"
        "proposal, $(get big_thread_comments) comments|/proposals/$CID/$BIG"
        "organisation activity|/o/madrid/activity"
        "space activity|/spaces/$(get space_id)/activity"
    )
    for who in anonymous signed-in; do
        header=""
        [[ "$who" == signed-in ]] && header="Authorization: Bearer $TOKEN"
        for entry in "${PATHS[@]}"; do
            name="${entry%%|*}"; path="${entry#*|}"
            code="$(curl -s -o /dev/null -w '%{http_code}' ${header:+-H "$header"} "$BASE$path")"
            if [[ "$code" != 200 ]]; then
                ROWS+=("| $backend | $who | $name | \`$path\` | HTTP $code | | | | |")
                continue
            fi
            log "$backend $who $name"
            read -r rps p50 p99 bad cpu <<<"$(measure "$BASE$path" "$header")"
            ROWS+=("| $backend | $who | $name | \`$path\` | $rps | $p50 | $p99 | $bad | $cpu |")
        done
    done
    RSS_AFTER_PAGES="$(rss_now)"; PEAK_AFTER_PAGES="$(rss_peak)"

    log "$backend supports for ${SUPPORT_DURATION}s"
    read -r rows_before _ <<<"$(sql "$backend" "SELECT COUNT(*) FROM supports")"
    PMIN="$(sql "$backend" "SELECT MIN(id) FROM proposals WHERE component_id = $CID")"
    PCOUNT="$(sql "$backend" "SELECT COUNT(*) FROM proposals WHERE component_id = $CID")"
    t0="$(cpu_ticks)"
    # Earlier runs on reused data made (rows_before - generated) supports: continue after them.
    START=$(( rows_before - $(get supports) ))
    out="$(TOKENS_FILE="$DATA_DIR/$backend.tokens" PROPOSAL_MIN="$PMIN" PROPOSALS="$PCOUNT" THREADS="$THREADS" START="$START" \
        wrk -t"$THREADS" -c"$CONNECTIONS" -d"${SUPPORT_DURATION}s" --timeout 10s --latency \
        -s "$ROOT/bench/madrid/support.lua" "$BASE/")"
    support_ticks=$(( $(cpu_ticks) - t0 ))
    echo "$out" >"$DATA_DIR/$backend.supports.txt"
    seconds="$(awk '/requests in/ { sub(/s,$/, "", $4); print $4 + 0 }' <<<"$out")"
    p99="$(awk '/^ +99%/ { print $2 }' <<<"$out")"
    supported="$(sed -n 's/.*supported=\([0-9]*\).*/\1/p' <<<"$out")"
    already="$(sed -n 's/.*already=\([0-9]*\).*/\1/p' <<<"$out")"
    other="$(sed -n 's/.*other=\([0-9]*\).*/\1/p' <<<"$out")"
    RSS_END="$(rss_now)"; PEAK_END="$(rss_peak)"
    stop_server
    read -r rows_after sum_counts sum_tallies wrong twice <<<"$(sql "$backend" "$CONSISTENCY")"
    added=$(( rows_after - rows_before ))
    # wrk stops counting at the deadline: up to one request per connection was still being
    # answered then, and is recorded without being counted as a 200.
    in_flight=$(( added - supported ))
    verdict="consistent"
    if (( in_flight < 0 || in_flight > CONNECTIONS )) || [[ "$rows_after" != "$sum_counts" || "$rows_after" != "$sum_tallies" || "$wrong" != 0 || "$twice" != 0 ]]; then
        verdict="**INCONSISTENT**"
    fi
    SUPPORT_ROWS+=("| $backend | $(awk -v n="$supported" -v s="$seconds" 'BEGIN { printf "%.0f", n / s }') | $p99 | $(awk -v t="$support_ticks" -v hz="$CLK_TCK" -v n="$supported" 'BEGIN { printf "%.0f", n ? t / hz * 1e6 / n : 0 }') | $supported | $already | $other | $added ($in_flight in flight at the stop) | $rows_after / $sum_counts / $sum_tallies | $wrong | $twice | $verdict |")
    RSS_ROWS+=("| $backend | $RSS_AFTER_PAGES | $PEAK_AFTER_PAGES | $RSS_END | $PEAK_END |")

    # agora verify: the whole chain and every verified record, server stopped.
    log "$backend verify"
    t0=$(date +%s.%N)
    set +e
    /usr/bin/time -f '%M' -o "$DATA_DIR/verify.rss" "$AGORA" verify --database-url "$URL" >"$DATA_DIR/$backend.verify.txt" 2>&1
    verify_exit=$?
    set -e
    t1=$(date +%s.%N)
    VERIFY_ROWS+=("| $backend | $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') | $(kb_to_mb <"$DATA_DIR/verify.rss") | $(sql "$backend" "SELECT length FROM action_log_head") | $(grep -c . "$DATA_DIR/$backend.verify.txt") lines, exit $verify_exit |")
done

echo "Run $(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) cores ($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo);"
echo "$(wrk -v 2>&1 | head -1) on the same machine; $CONNECTIONS connections, ${DURATION} s per row after ${WARMUP} s of warm-up; load average $(cut -d' ' -f1-3 /proc/loadavg) at the end."
echo "Data: \`agora generate madrid --scale $SCALE --seed $SEED\`."
echo
if (( ${#GEN_ROWS[@]} )); then
    echo "| backend | generation (s, migrations included) | ANALYZE, or VACUUM ANALYZE on PostgreSQL (s) | steps (s) | database size (MB) |"
    echo "| --- | ---: | ---: | --- | ---: |"
    printf '%s\n' "${GEN_ROWS[@]}"
    echo
fi
echo "| backend | visitor | page | path | requests/s | p50 (ms) | p99 (ms) | non-2xx | server CPU per request (µs) |"
echo "| --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: |"
printf '%s\n' "${ROWS[@]}"
echo
echo "| backend | RSS after the page runs (MB) | peak (MB) | RSS after the supports run (MB) | peak (MB) |"
echo "| --- | ---: | ---: | ---: | ---: |"
printf '%s\n' "${RSS_ROWS[@]}"
echo
echo "Supports: ${SUPPORT_DURATION} s, $CONNECTIONS connections, each request a POST \`/api/v1/proposals/{id}/support\` by one of $TOKENS people (API tokens)."
echo
echo "| backend | supports/s | p99 | server CPU per support (µs) | 200 (recorded) | 409 (already) | other | rows added | rows / Σ supports_count / Σ tallies | proposals whose counter ≠ rows | duplicated supports | check |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | --- |"
printf '%s\n' "${SUPPORT_ROWS[@]}"
echo
echo "\`agora verify\` on the generated organisation (the chain and every proposal, support and comment against its last entry; server stopped):"
echo
echo "| backend | time (s) | peak RSS (MB) | log entries | output |"
echo "| --- | ---: | ---: | ---: | --- |"
printf '%s\n' "${VERIFY_ROWS[@]}"
