#!/usr/bin/env bash
# HTTP benchmarks of agora against a bare axum "hello" ceiling, on SQLite and PostgreSQL.
#
#   bench/http/run.sh > result.md      # Markdown tables on stdout, progress on stderr
#
# Measures, for each server and path: requests/s, p50 and p99 latency at $CONNECTIONS
# connections for $DURATION (after a short warm-up), and the server's own CPU time per request
# (steadier than requests/s when other work shares the machine); the server's RSS after its
# run; and the
# cold start of `agora serve` on the existing database (process start → /healthz answers 200,
# by polling). See docs/PERFORMANCE.md for the numbers and how to read them.
#
# Settings (environment):
#   BENCH_PATHS      agora paths to measure (space-separated). A path that does not answer
#                    200 on the demo data is reported as skipped, not measured.
#   CONNECTIONS      concurrent connections (64)
#   DURATION         seconds per measurement (10)
#   WARMUP           seconds of warm-up before each measurement (2)
#   BENCH_TOOL       oha | wrk (default: oha if installed, else wrk)
#   BENCH_PG_ADMIN   PostgreSQL URL used to (re)create the bench database
#                    (postgres://postgres@127.0.0.1/postgres); empty: skip PostgreSQL
#   BENCH_PG_DB      the database recreated for the run (agora_bench)
#   COLD_STARTS      cold starts measured per backend, the median is reported (5)
#   CARGO_TARGET_DIR where cargo builds (default: target/ in the workspace)
#   SKIP_BUILD=1     use the binaries already built
#
# Every server is started by this script on 127.0.0.1 and stopped by it; load goes to the
# loopback interface only.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BENCH_PATHS="${BENCH_PATHS:-/o/ville-exemple /spaces/1 /api/v1/spaces/1 /}"
CONNECTIONS="${CONNECTIONS:-64}"
DURATION="${DURATION:-10}"
WARMUP="${WARMUP:-2}"
COLD_STARTS="${COLD_STARTS:-5}"
BENCH_PG_ADMIN="${BENCH_PG_ADMIN-postgres://postgres@127.0.0.1/postgres}"
BENCH_PG_DB="${BENCH_PG_DB:-agora_bench}"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
HELLO_ADDR="127.0.0.1:18090"
AGORA_ADDR="127.0.0.1:18080"

log() { echo "[bench] $*" >&2; }
die() { log "error: $*"; exit 1; }

command -v curl >/dev/null || die "curl is needed"
if [[ -z "${BENCH_TOOL:-}" ]]; then
    if command -v oha >/dev/null; then BENCH_TOOL=oha
    elif command -v wrk >/dev/null; then BENCH_TOOL=wrk
    else die "install a load generator: 'cargo install oha --locked' or 'apt-get install -y wrk'"
    fi
fi
command -v "$BENCH_TOOL" >/dev/null || die "$BENCH_TOOL is not installed"
if [[ "$BENCH_TOOL" == oha ]]; then
    command -v python3 >/dev/null || die "python3 is needed to read oha's JSON output"
fi

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
    log "building release binaries (agora, examples/hello)"
    (cd "$ROOT" && cargo build --release -p agora --bin agora --example hello >&2)
fi
AGORA="$TARGET/release/agora"
HELLO="$TARGET/release/examples/hello"
[[ -x "$AGORA" && -x "$HELLO" ]] || die "missing $AGORA or $HELLO"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/agora-bench.XXXXXX")"
SERVER_PID=""
stop_server() {
    if [[ -n "$SERVER_PID" ]]; then
        kill "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
        SERVER_PID=""
    fi
}
cleanup() { stop_server; rm -rf "$WORK"; }
trap cleanup EXIT

now_ns() { date +%s%N; }

# Polls until $1/healthz answers 200 (at most 30 s); prints the milliseconds it took from $2 (ns).
wait_healthy() {
    local base="$1" start="$2" deadline=$(( $(date +%s) + 30 ))
    until [[ "$(curl -s -o /dev/null -w '%{http_code}' "$base/healthz" 2>/dev/null)" == 200 ]]; do
        (( $(date +%s) < deadline )) || die "server at $base did not become healthy (see $WORK/*.log)"
        kill -0 "$SERVER_PID" 2>/dev/null || die "server at $base exited (see $WORK/*.log)"
        sleep 0.005
    done
    echo $(( ($(now_ns) - start) / 1000000 ))
}

# start_server NAME ARGS... : starts a server in the background, records its PID.
start_server() {
    local name="$1"; shift
    "$@" >"$WORK/$name.log" 2>&1 &
    SERVER_PID=$!
}

rss_mb() { awk '{ printf "%.1f", $1 / 1024 }' <<<"$(ps -o rss= -p "$SERVER_PID")"; }

# CPU time (utime + stime) the server has used so far, in clock ticks.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$SERVER_PID/stat"; }
CLK_TCK="$(getconf CLK_TCK)"

# warm_up URL: connections open, caches and statement caches filled.
warm_up() {
    if [[ "$BENCH_TOOL" == wrk ]]; then
        wrk -t2 -c"$CONNECTIONS" -d"${WARMUP}s" "$1" >/dev/null
    else
        oha --no-tui -c "$CONNECTIONS" -z "${WARMUP}s" "$1" >/dev/null
    fi
}

# measure URL → "rps p50_ms p99_ms non2xx requests"
measure() {
    local url="$1"
    if [[ "$BENCH_TOOL" == wrk ]]; then
        wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$url" | awk '
            function ms(v) {
                if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0;
                if (v ~ /s$/) return v * 1000; return v + 0 }
            /^ +50%/ { p50 = ms($2) } /^ +99%/ { p99 = ms($2) }
            /requests in/ { n = $1 }
            /^Requests\/sec:/ { rps = $2 } /Non-2xx or 3xx responses:/ { bad = $NF }
            END { printf "%.0f %.2f %.2f %d %d\n", rps, p50, p99, bad, n }'
    else
        oha --no-tui -c "$CONNECTIONS" -z "${DURATION}s" --output-format json "$url" | python3 -c '
import json, sys
r = json.load(sys.stdin)
codes = r.get("statusCodeDistribution", {})
bad = sum(n for code, n in codes.items() if not code.startswith("2"))
p = r["latencyPercentiles"]
print("%.0f %.2f %.2f %d %d" % (r["summary"]["requestsPerSec"], p["p50"] * 1000, p["p99"] * 1000, bad, sum(codes.values())))'
    fi
}

ROWS=()       # server | path | req/s | p50 | p99 | % of hello | CPU per request
SERVERS=()    # server | RSS | cold start
HELLO_RPS=""

# bench_paths SERVER BASE PATHS...
bench_paths() {
    local server="$1" base="$2"; shift 2
    local path code rps p50 p99 bad n share t0 t1 cpu
    for path in "$@"; do
        code="$(curl -s -o /dev/null -w '%{http_code}' "$base$path")"
        if [[ "$code" != 200 ]]; then
            log "$server $path answers $code: skipped"
            ROWS+=("| $server | \`$path\` | skipped (HTTP $code) | | | | |")
            continue
        fi
        log "$server $path: ${DURATION}s at $CONNECTIONS connections"
        warm_up "$base$path"
        t0="$(cpu_ticks)"
        read -r rps p50 p99 bad n < <(measure "$base$path")
        t1="$(cpu_ticks)"
        # The server's own CPU time per request: steadier than requests/s on a busy machine
        # (PostgreSQL's own processes are not counted).
        cpu="$(awk -v t=$((t1 - t0)) -v hz="$CLK_TCK" -v n="$n" \
            'BEGIN { if (n > 0) printf "%.0f", t / hz * 1e6 / n }')"
        [[ "$bad" == 0 ]] || log "warning: $bad non-2xx responses on $server $path"
        [[ "$server" == hello ]] && HELLO_RPS="$rps"
        share="$(awk -v a="$rps" -v b="${HELLO_RPS:-0}" 'BEGIN { if (b > 0) printf "%.0f %%", 100 * a / b }')"
        ROWS+=("| $server | \`$path\` | $rps | $p50 | $p99 | $share | $cpu |")
    done
}

# cold_start NAME DATABASE_URL : median (and max) ms from process start to /healthz 200.
cold_start() {
    local name="$1" url="$2" i start times=()
    for ((i = 0; i < COLD_STARTS; i++)); do
        start="$(now_ns)"
        start_server "$name-serve" "$AGORA" serve --database-url "$url" --bind "$AGORA_ADDR"
        times+=("$(wait_healthy "http://$AGORA_ADDR" "$start")")
        stop_server
    done
    printf '%s\n' "${times[@]}" | sort -n | awk '{ v[NR] = $1 } END { printf "%d ms (max %d)", v[int((NR + 1) / 2)], v[NR] }'
}

# bench_agora NAME DATABASE_URL
bench_agora() {
    local name="$1" url="$2" base="http://$AGORA_ADDR" ready
    log "$name: agora demo on a fresh database"
    local start; start="$(now_ns)"
    start_server "$name" env AGORA_LOG=warn "$AGORA" demo --database-url "$url" --bind "$AGORA_ADDR"
    ready="$(wait_healthy "$base" "$start")"
    log "$name: demo created, migrated and loaded in $ready ms"
    # shellcheck disable=SC2086 # BENCH_PATHS is a list
    bench_paths "$name" "$base" $BENCH_PATHS
    local rss; rss="$(rss_mb)"
    stop_server
    log "$name: cold starts of agora serve on the existing database"
    SERVERS+=("| $name | $rss | $(cold_start "$name" "$url") |")
}

LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"

# (a) The ceiling.
log "hello: bare axum handler"
start="$(now_ns)"
start_server hello "$HELLO" "$HELLO_ADDR"
hello_ready="$(wait_healthy "http://$HELLO_ADDR" "$start")"
bench_paths hello "http://$HELLO_ADDR" /
SERVERS+=("| hello | $(rss_mb) | $hello_ready ms (one start) |")
stop_server

# (b) SQLite.
bench_agora sqlite "sqlite://$WORK/agora-bench.db"

# (c) PostgreSQL.
if [[ -n "$BENCH_PG_ADMIN" ]]; then
    command -v psql >/dev/null || die "psql is needed for the PostgreSQL run (or set BENCH_PG_ADMIN=)"
    psql -q "$BENCH_PG_ADMIN" -c "DROP DATABASE IF EXISTS $BENCH_PG_DB" -c "CREATE DATABASE $BENCH_PG_DB" >&2 \
        || die "cannot recreate $BENCH_PG_DB through $BENCH_PG_ADMIN (or set BENCH_PG_ADMIN=)"
    bench_agora postgres "${BENCH_PG_ADMIN%/*}/$BENCH_PG_DB"
else
    log "BENCH_PG_ADMIN is empty: PostgreSQL skipped"
fi

cpu="$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
tool_version="$("$BENCH_TOOL" --version 2>&1 | head -n1 || true)"
cat <<EOF
## HTTP benchmark, $(date -u +%Y-%m-%d) (UTC)

$(nproc) cores ($cpu), $(free -g | awk '/^Mem:/ { print $2 }') GiB; load generator \`$tool_version\`
on the same machine; $CONNECTIONS connections, ${DURATION} s per row after ${WARMUP} s of warm-up;
load average before the run: $LOAD_BEFORE, after: $(cut -d' ' -f1-3 /proc/loadavg).

| server | path | requests/s | p50 (ms) | p99 (ms) | of hello | server CPU per request (µs) |
| --- | --- | ---: | ---: | ---: | ---: | ---: |
EOF
printf '%s\n' "${ROWS[@]}"
cat <<EOF

| server | RSS after its run (MB) | cold start to first \`/healthz\` 200 (median of $COLD_STARTS) |
| --- | ---: | ---: |
EOF
printf '%s\n' "${SERVERS[@]}"
