#!/usr/bin/env bash
# The signed-in rows of run.sh for the pages that grow with the data, for one binary, on data
# that run.sh already generated (DATA_DIR): the proposals with 1,000 and 10,000 comments and
# the search. Run it for two binaries one after the other to compare them in one session:
#
#   bench/madrid/pages.sh /tmp/agora-base; bench/madrid/pages.sh target/release/agora
#
# Prints one Markdown row per page: binary, path, requests/s, p50, p99 (ms), non-2xx, and the
# server's CPU per request (µs, /proc/PID/stat, as run.sh measures it).
# Settings: DATA_DIR (/tmp/agora-madrid), PORT (18186), C (32 connections), DURATION (8 s, after
# 2 s of warm-up), PATHS (space-separated paths).
set -euo pipefail
BIN="$1"; PORT="${PORT:-18186}"; D="${DATA_DIR:-/tmp/agora-madrid}"; DURATION="${DURATION:-8}"; C="${C:-32}"
TOKEN="$(head -1 "$D/sqlite.tokens")"
AGORA_LOG=warn "$BIN" serve --database-url "sqlite://$D/madrid.db" --bind "127.0.0.1:$PORT" >"$D/server-$PORT.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null' EXIT
deadline=$(( $(date +%s) + 30 ))
until [[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/healthz")" == 200 ]]; do
    (( $(date +%s) < deadline )) || { echo "server did not start (see $D/server-$PORT.log)" >&2; exit 1; }
    sleep 0.1
done
for path in ${PATHS:-"/proposals/1/20020" "/proposals/1/1753" "/proposals/1?seed=12345&q=bici"}; do
  url="http://127.0.0.1:$PORT$path"
  wrk -t2 -c"$C" -d2s --timeout 10s -H "Authorization: Bearer $TOKEN" "$url" >/dev/null
  t0=$(awk '{ print $14 + $15 }' /proc/$PID/stat)
  out="$(wrk -t2 -c"$C" -d"${DURATION}s" --timeout 10s --latency -H "Authorization: Bearer $TOKEN" "$url")"
  t1=$(awk '{ print $14 + $15 }' /proc/$PID/stat)
  awk -v ticks=$((t1 - t0)) -v hz="$(getconf CLK_TCK)" -v p="$path" -v b="$(basename "$BIN")" '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v + 0 }
    /^ +50%/ { p50 = ms($2) } /^ +99%/ { p99 = ms($2) } /requests in/ { n = $1 } /^Requests\/sec:/ { rps = $2 } /Non-2xx/ { bad = $NF }
    END { printf "| %s | `%s` | %.0f | %.2f | %.2f | %d | %.0f |\n", b, p, rps, p50, p99, bad, ticks / hz * 1e6 / n }' <<<"$out"
done
