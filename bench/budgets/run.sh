#!/usr/bin/env bash
# Participatory budgeting at Warsaw scale: a real election (Pabulib file) replayed through the
# real HTTP ballot flow against the release binary, then counted with every rule and checked.
#
#   bench/budgets/run.sh > result.md    # Markdown on stdout, progress on stderr
#
# For each backend: `agora generate budget` loads the file's projects into a budget in voting and
# makes one voter (API token) per vote; the server is started; wrk (ballot.lua) has the voters
# PUT their ballot and check it out at $CONNECTIONS connections for $DURATION s (the measured
# window: checkouts/s, p50/p99 of the ballot requests), then more runs until every voter has
# voted (not measured). Then: ballots cast in the database (none may be lost), `agora
# budget-results` (every rule from the database, timed) with `--check` (the exported ballots
# equal the file's as multisets; greedy with the file's threshold finds the official winners).
#
# Settings (environment):
#   PB                the .pb file (default /work/shared/data/pabulib/Poland_Warszawa_2026.pb)
#   BACKENDS          "sqlite postgres" (default) or one of them
#   CONNECTIONS       64        DURATION 30 (s, the measured window)   THREADS 2 (wrk -t)
#   CENSUS=1          voting needs a census verification (every voter has one)
#   SECRET=1          secret ballots
#   BENCH_PG_ADMIN    postgres://postgres@127.0.0.1/postgres (used to recreate BENCH_PG_DB)
#   BENCH_PG_DB       agora_budgets
#   DATA_DIR          where the SQLite file, voters and outputs live (/tmp/agora-budgets)
#   FINISH=0          stop after the measured window (no runs for the rest of the voters: the
#                     counts and the check then cover only the ballots cast so far)
#   SKIP_BUILD=1      use $CARGO_TARGET_DIR/release/agora as it is
#   AGORA_BIN         measure this binary instead (implies SKIP_BUILD)
#
# Servers are started on 127.0.0.1 by this script and stopped by it; every wrk run is bounded.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
PB="${PB:-/work/shared/data/pabulib/Poland_Warszawa_2026.pb}"
BACKENDS="${BACKENDS:-sqlite postgres}"
CONNECTIONS="${CONNECTIONS:-64}"
DURATION="${DURATION:-30}"
THREADS="${THREADS:-2}"
BENCH_PG_ADMIN="${BENCH_PG_ADMIN:-postgres://postgres@127.0.0.1/postgres}"
BENCH_PG_DB="${BENCH_PG_DB:-agora_budgets}"
DATA_DIR="${DATA_DIR:-/tmp/agora-budgets}"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
ADDR="127.0.0.1:18190"
BASE="http://$ADDR"

log() { echo "[budgets] $*" >&2; }
die() { log "error: $*"; exit 1; }

for tool in wrk curl sqlite3 psql; do command -v "$tool" >/dev/null || die "$tool is needed"; done
[[ -r "$PB" ]] || die "cannot read $PB"

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
CLK_TCK="$(getconf CLK_TCK)"

sql() {
    if [[ "$1" == sqlite ]]; then
        sqlite3 "$DATA_DIR/budgets.db" "$2"
    else
        psql -qtA "${BENCH_PG_ADMIN%/*}/$BENCH_PG_DB" -c "$2"
    fi
}

# wrk_run SECONDS [--latency] → wrk's output; the voters resume from $PROGRESS.
wrk_run() {
    VOTERS_FILE="$DATA_DIR/voters.txt" BUDGET="$BID" THREADS="$THREADS" PROGRESS_FILE="$PROGRESS" \
        wrk -t"$THREADS" -c"$CONNECTIONS" -d"$1s" --timeout 10s "${@:2}" \
        -s "$ROOT/bench/budgets/ballot.lua" "$BASE/"
}

field() { sed -n "s/.*$1=\([0-9]*\).*/\1/p" <<<"$2"; }

GEN_ROWS=()
ROWS=()
RESULT_ROWS=()
CHECKS=()

for backend in $BACKENDS; do
    case "$backend" in
        sqlite) URL="sqlite://$DATA_DIR/budgets.db" ;;
        postgres) URL="${BENCH_PG_ADMIN%/*}/$BENCH_PG_DB" ;;
        *) die "unknown backend $backend" ;;
    esac
    log "$backend: generating from $(basename "$PB")"
    if [[ "$backend" == sqlite ]]; then
        rm -f "$DATA_DIR/budgets.db" "$DATA_DIR/budgets.db-wal" "$DATA_DIR/budgets.db-shm"
    else
        psql -q "$BENCH_PG_ADMIN" -c "DROP DATABASE IF EXISTS $BENCH_PG_DB" -c "CREATE DATABASE $BENCH_PG_DB" >&2
    fi
    META="$DATA_DIR/$backend.meta"
    t0=$(date +%s.%N)
    AGORA_LOG=warn "$AGORA" migrate --database-url "$URL" >&2
    AGORA_LOG=warn "$AGORA" generate budget --database-url "$URL" --pb "$PB" \
        ${CENSUS:+--census} ${SECRET:+--secret} --voters-file "$DATA_DIR/voters.txt" >"$META"
    t1=$(date +%s.%N)
    if [[ "$backend" == postgres ]]; then psql -q "$URL" -c "VACUUM ANALYZE" >&2; else sqlite3 "$DATA_DIR/budgets.db" "ANALYZE"; fi
    get() { sed -n "s/^$1=//p" "$META"; }
    BID="$(get budget_id)"; VOTERS="$(get voters)"
    GEN_ROWS+=("| $backend | $VOTERS | $(get projects) | $(get rule) | $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') | $(grep -o 'seconds_[a-z_]*=[0-9.]*' "$META" | sed 's/seconds_//' | tr '\n' ' ') |")

    start_server "$URL"
    PROGRESS="$DATA_DIR/$backend.progress"
    rm -f "$PROGRESS"
    log "$backend: ${DURATION}s of ballots at $CONNECTIONS connections (measured)"
    before="$(sql "$backend" "SELECT COUNT(*) FROM budget_ballots WHERE checked_out_at IS NOT NULL")"
    t0="$(cpu_ticks)"
    out="$(wrk_run "$DURATION" --latency)"
    ticks=$(( $(cpu_ticks) - t0 ))
    echo "$out" >"$DATA_DIR/$backend.wrk.txt"
    cast="$(sql "$backend" "SELECT COUNT(*) FROM budget_ballots WHERE checked_out_at IS NOT NULL")"
    seconds="$(awk '/requests in/ { sub(/s,$/, "", $4); print $4 + 0 }' <<<"$out")"
    p50="$(awk '/^ +50%/ { print $2 }' <<<"$out")"; p99="$(awk '/^ +99%/ { print $2 }' <<<"$out")"
    rps="$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")"
    measured=$(( cast - before ))
    other="$(field other "$out")"; conflict="$(field conflict "$out")"
    left="$(field left "$out")"
    # The rest of the voters, not measured: runs sized from the measured rate, until none is left.
    runs=0
    (( ${FINISH:-1} == 0 )) && left=0
    while (( left > 0 && runs < 20 )); do
        rate="$(awk -v n="$measured" -v s="$seconds" 'BEGIN { r = n / s; print (r < 50 ? 50 : r) }')"
        secs="$(awk -v l="$left" -v r="$rate" 'BEGIN { printf "%d", l / r * 1.2 + 3 }')"
        log "$backend: $left voters left, another ${secs}s"
        more="$(wrk_run "$secs")"
        echo "$more" >>"$DATA_DIR/$backend.wrk.txt"
        other=$(( other + $(field other "$more") )); conflict=$(( conflict + $(field conflict "$more") ))
        left="$(field left "$more")"
        runs=$(( runs + 1 ))
    done
    # wrk cannot retry: a voter whose checkout overtook their PUT under a latency spike (answered
    # 422 "empty") or whose requests failed is cast again here, one by one, and counted apart.
    swept=0
    [[ "${FINISH:-1}" == 0 ]] || while read -r email; do
        [[ -z "$email" ]] && continue
        n="${email#voter}"; n="${n%%@*}"
        line="$(sed -n "$(( n + 1 ))p" "$DATA_DIR/voters.txt")"
        token="${line%% *}"; body="${line#* }"
        curl -s -o /dev/null -X PUT -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
            --data "$body" "$BASE/api/v1/budgets/$BID/ballot"
        code="$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Bearer $token" \
            "$BASE/api/v1/budgets/$BID/ballot/checkout")"
        [[ "$code" == 200 ]] && swept=$(( swept + 1 ))
    done < <(sql "$backend" "SELECT u.email FROM users u WHERE u.email LIKE 'voter%' AND NOT EXISTS
        (SELECT 1 FROM budget_ballots b WHERE b.user_id = u.id AND b.budget_id = $BID AND b.checked_out_at IS NOT NULL)")
    (( swept > 0 )) && log "$backend: $swept voters cast again one by one"
    stop_server
    total="$(sql "$backend" "SELECT COUNT(*) FROM budget_ballots WHERE checked_out_at IS NOT NULL")"
    open="$(sql "$backend" "SELECT COUNT(*) FROM budget_ballots WHERE checked_out_at IS NULL")"
    lost=$(( VOTERS - total ))
    ROWS+=("| $backend | $CONNECTIONS | $seconds | $measured | $(awk -v n="$measured" -v s="$seconds" 'BEGIN { printf "%.0f", n / s }') | $rps | $p50 | $p99 | $(awk -v t="$ticks" -v hz="$CLK_TCK" -v n="$measured" 'BEGIN { printf "%.0f", n ? t / hz * 1e6 / n : 0 }') | $total / $VOTERS | $open | $lost | $other | $conflict | $swept |")

    log "$backend: counting every rule from the database"
    results="$("$AGORA" budget-results --database-url "$URL" --budget "$BID" --check "$PB" 2>&1 || true)"
    echo "$results" >"$DATA_DIR/$backend.results.txt"
    while read -r rule secs _ n _ _ cost _; do
        RESULT_ROWS+=("| $backend | $rule | $secs | ${n} | ${cost%:} |")
    done < <(grep -E '^(greedy|mes-add1|phragmen|max-supporters) ' <<<"$results")
    CHECKS+=("| $backend | $(sed -n 's/.*read in \([0-9.]*\) s.*/\1/p' <<<"$results") | $(sed -n 's/^seconds_total=//p' <<<"$results") | $(sed -n 's/.*ballots_equal=\([a-z]*\).*/\1/p' <<<"$results") | $(sed -n 's/^greedy_equals_official=\(.*\)/\1/p' <<<"$results") |")
done

echo "Run $(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) cores ($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo); load average $(cut -d' ' -f1-3 /proc/loadavg) at the end."
echo "$(wrk -v 2>&1 | head -1); $CONNECTIONS connections over $THREADS wrk threads; file $(basename "$PB")."
echo
echo "| backend | voters | projects | rule | generation (s, migrations included) | steps (s) |"
echo "| --- | ---: | ---: | --- | ---: | --- |"
printf '%s\n' "${GEN_ROWS[@]}"
echo
echo "Each voter: \`PUT /api/v1/budgets/{id}/ballot\` (their ballot from the file) then \`POST .../ballot/checkout\`, with their API token. Measured window: the first run; the latency is that of both requests."
echo
echo "| backend | connections | window (s) | checkouts in the window | checkouts/s | requests/s | p50 | p99 | server CPU per checkout (µs) | cast / voters at the end | ballots left open | lost | other answers | 409 (resumed runs) | cast again one by one |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
printf '%s\n' "${ROWS[@]}"
echo
echo "\`agora budget-results --budget ID --check FILE\`: every rule counted from the database (ballots read once)."
echo
echo "| backend | rule | seconds | projects selected | cost |"
echo "| --- | --- | ---: | ---: | ---: |"
printf '%s\n' "${RESULT_ROWS[@]}"
echo
echo "| backend | reading the ballots (s) | read + every rule (s) | exported ballots = file's (multisets) | greedy (file's threshold) = official winners |"
echo "| --- | ---: | ---: | --- | --- |"
printf '%s\n' "${CHECKS[@]}"
