#!/usr/bin/env bash
# The thread page with 2,000 items: generate it (`agora generate thread`), serve it with the
# release binary, and measure the page with wrk at $CONNECTIONS connections, on SQLite and
# PostgreSQL. Target: p99 < 50 ms (docs/PERFORMANCE.md).
#
#   bench/threads/run.sh > result.md    # a Markdown table on stdout, progress on stderr
#
# Rows: an anonymous visitor (the first window; the 1 s page micro-cache answers repeats), a
# signed-in person (a Bearer token: never cached; their first screen is the window around
# their first unread reply, and each view moves their read marker over what it showed), and an
# explicit later window (`?comments_page=20`) signed in. Also the number of SQL statements one
# signed-in page view runs, counted from the server's debug log.
#
# Settings (environment):
#   BACKENDS       "sqlite postgres" (default) or one of them
#   ITEMS          2000        CONNECTIONS "8 64" (one row per number)   DURATION 10 (s per row)   WARMUP 2 (s)
#   TOKENS         50 (people signed in during the run, each with a read marker along the thread)
#   BENCH_PG_ADMIN postgres://postgres@127.0.0.1/postgres (used to recreate BENCH_PG_DB)
#   BENCH_PG_DB    agora_thread_bench
#   DATA_DIR       /tmp/agora-thread-bench
#   SKIP_BUILD=1   use $CARGO_TARGET_DIR/release/agora as it is
#   AGORA_BIN      measure this binary instead (implies SKIP_BUILD)
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BACKENDS="${BACKENDS:-sqlite postgres}"
ITEMS="${ITEMS:-2000}"
CONNECTIONS="${CONNECTIONS:-8 64}"
DURATION="${DURATION:-10}"
WARMUP="${WARMUP:-2}"
TOKENS="${TOKENS:-50}"
BENCH_PG_ADMIN="${BENCH_PG_ADMIN:-postgres://postgres@127.0.0.1/postgres}"
BENCH_PG_DB="${BENCH_PG_DB:-agora_thread_bench}"
DATA_DIR="${DATA_DIR:-/tmp/agora-thread-bench}"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
ADDR="127.0.0.1:18190"
BASE="http://$ADDR"
THREADS=2

log() { echo "[threads] $*" >&2; }
die() { log "error: $*"; exit 1; }
for tool in wrk curl; do command -v "$tool" >/dev/null || die "$tool is needed"; done

if [[ "${SKIP_BUILD:-0}" != 1 && -z "${AGORA_BIN:-}" ]]; then
    log "building the release binary"
    (cd "$ROOT" && cargo build --release -p agora --bin agora >&2)
fi
mkdir -p "$DATA_DIR"
AGORA="$DATA_DIR/agora"
cp "${AGORA_BIN:-$TARGET/release/agora}" "$AGORA"

SERVE_ARGS=()
# shellcheck source=../lib.sh
source "$ROOT/bench/lib.sh"
trap stop_server EXIT

# measure CONNECTIONS URL [HEADER] → "rps p50_ms p99_ms non2xx"
measure() {
    local c="$1" url="$2" header="${3:-}" args=(-t"$THREADS" -c"$1" --timeout 10s) out
    [[ -n "$header" ]] && args+=(-H "$header")
    wrk "${args[@]}" -d"${WARMUP}s" "$url" >/dev/null
    out="$(wrk "${args[@]}" -d"${DURATION}s" --latency "$url")"
    awk '
        function ms(v) {
            if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0;
            if (v ~ /s$/) return v * 1000; return v + 0 }
        /^ +50%/ { p50 = ms($2) } /^ +99%/ { p99 = ms($2) }
        /^Requests\/sec:/ { rps = $2 } /Non-2xx or 3xx responses:/ { bad = $NF }
        END { printf "%.0f %.2f %.2f %d\n", rps, p50, p99, bad }' <<<"$out"
}

ROWS=()
for backend in $BACKENDS; do
    case "$backend" in
        sqlite)
            rm -f "$DATA_DIR/thread.db" "$DATA_DIR/thread.db-wal" "$DATA_DIR/thread.db-shm"
            URL="sqlite://$DATA_DIR/thread.db" ;;
        postgres)
            psql -q "$BENCH_PG_ADMIN" -c "DROP DATABASE IF EXISTS $BENCH_PG_DB" -c "CREATE DATABASE $BENCH_PG_DB" >&2
            URL="${BENCH_PG_ADMIN%/*}/$BENCH_PG_DB" ;;
        *) die "unknown backend $backend" ;;
    esac
    log "$backend: generating a thread of $ITEMS items"
    AGORA_LOG=warn "$AGORA" migrate --database-url "$URL" >&2
    META="$DATA_DIR/$backend.meta"
    AGORA_LOG=warn "$AGORA" generate thread --database-url "$URL" --items "$ITEMS" --people "$(( TOKENS + 10 ))" \
        --tokens "$TOKENS" --tokens-file "$DATA_DIR/$backend.tokens" >"$META"
    if [[ "$backend" == postgres ]]; then psql -q "$URL" -c "VACUUM ANALYZE" >&2; else sqlite3 "$DATA_DIR/thread.db" "ANALYZE" >&2 || true; fi
    get() { sed -n "s/^$1=//p" "$META"; }
    CID="$(get component_id)"; TID="$(get thread_id)"
    TOKEN="$(head -1 "$DATA_DIR/$backend.tokens")"
    PAGE="/threads/$CID/$TID"

    # Statements per signed-in page view, from sqlx's statement log (debug level).
    start_server "$URL" "warn,sqlx::query=debug"
    curl -s -o /dev/null -H "Authorization: Bearer $(sed -n 2p "$DATA_DIR/$backend.tokens")" "$BASE$PAGE"
    before="$(grep -c 'sqlx::query' "$DATA_DIR/server.log" || true)"
    curl -s -o "$DATA_DIR/page.html" -H "Authorization: Bearer $(sed -n 3p "$DATA_DIR/$backend.tokens")" "$BASE$PAGE"
    after="$(grep -c 'sqlx::query' "$DATA_DIR/server.log" || true)"
    STATEMENTS=$(( after - before ))
    BYTES="$(wc -c <"$DATA_DIR/page.html")"
    stop_server

    start_server "$URL"
    for row in "anonymous|$PAGE|" "signed in, first unread window|$PAGE|Authorization: Bearer $TOKEN" \
               "signed in, ?comments_page=20|$PAGE?comments_page=20|Authorization: Bearer $TOKEN"; do
        IFS='|' read -r who path header <<<"$row"
        code="$(curl -s -o /dev/null -w '%{http_code}' ${header:+-H "$header"} "$BASE$path")"
        [[ "$code" == 200 ]] || die "$path answered $code"
        for c in $CONNECTIONS; do
            log "$backend $who, $c connections"
            read -r rps p50 p99 bad <<<"$(measure "$c" "$BASE$path" "$header")"
            verdict="$(awk -v p="$p99" 'BEGIN { print (p < 50) ? "yes" : "**no**" }')"
            ROWS+=("| $backend | $who | \`$path\` | $c | $rps | $p50 | $p99 | $bad | $verdict |")
        done
    done
    stop_server
    ROWS+=("| $backend | (one signed-in view: $STATEMENTS SQL statements, $BYTES bytes of HTML) | | | | | | | |")
done

echo "Run $(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) cores ($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)), load average $(cut -d' ' -f1-3 /proc/loadavg) at the end (the machine is shared)."
echo "$(wrk -v 2>&1 | head -1); $THREADS wrk threads, ${DURATION} s per row after ${WARMUP} s of warm-up."
echo "Data: \`agora generate thread --items $ITEMS\` (replies nested up to 3 levels, reactions, 2 polls, $TOKENS people with read markers spread along the thread)."
echo
echo "| backend | visitor | path | connections | requests/s | p50 (ms) | p99 (ms) | non-2xx | p99 < 50 ms |"
echo "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | --- |"
printf '%s\n' "${ROWS[@]}"
