# Sourced by the benchmarks: the server they measure, and what they need from PostgreSQL.
#
# A script sets AGORA (the binary), ADDR, BASE (http://$ADDR), DATA_DIR, SERVE_ARGS (an array of
# extra `agora serve` arguments, may be empty) and defines `die`, then sources this file.
#
# start_server URL [LOG_LEVEL]: `$AGORA serve` on $ADDR (log appended to $DATA_DIR/server.log);
#   returns once /healthz answers (30 s at most). Stops the previous server first.
# stop_server: stops it (the script traps EXIT with it).

SERVER_PID=""

start_server() {
    local url="$1" level="${2:-warn}"
    stop_server
    AGORA_LOG="$level" "$AGORA" serve --database-url "$url" --bind "$ADDR" "${SERVE_ARGS[@]}" \
        >>"$DATA_DIR/server.log" 2>&1 &
    SERVER_PID=$!
    local deadline=$(( $(date +%s) + 30 ))
    until [[ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/healthz")" == 200 ]]; do
        (( $(date +%s) < deadline )) || die "server did not start (see $DATA_DIR/server.log)"
        kill -0 "$SERVER_PID" 2>/dev/null || die "server exited (see $DATA_DIR/server.log)"
        sleep 0.05
    done
    autoanalyze_start "$url"
}

stop_server() {
    autoanalyze_stop
    if [[ -n "$SERVER_PID" ]]; then
        kill "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
        SERVER_PID=""
    fi
}

# ----- PostgreSQL without autovacuum -----
#
# A PostgreSQL server normally runs autovacuum, which ANALYZEs a table once 50 rows + 10 % of
# it have changed since the last time. This machine's PostgreSQL has autovacuum off
# (/etc/postgresql/*/main/conf.d/90-ci.conf). Without it, a table that was empty when last
# analyzed stays empty for the planner, and the generic plans each connection cached then (a
# sequential scan, free on an empty table) are never replaced: Warsaw's checkouts went from
# 250/s to under 90/s within five minutes, each request reading `budget_ballots` whole, and
# came back at once after one ANALYZE (docs/PERFORMANCE.md, session 10).
#
# We measure what a production server does. When autovacuum is off, `autoanalyze_start URL`
# starts a stand-in: every $AUTOANALYZE_EVERY seconds (default 15) it ANALYZEs the tables that
# autovacuum's default thresholds would have picked. `autoanalyze_stop` stops it. Both are
# no-ops on SQLite and when autovacuum is on.

AUTOANALYZE_PID=""

autoanalyze_start() {
    local url="$1"
    [[ "$url" == postgres* ]] || return 0
    [[ "$(psql -qtA "$url" -c 'SHOW autovacuum')" == off ]] || return 0
    echo "[bench] autovacuum is off on this PostgreSQL: ANALYZE at its thresholds every ${AUTOANALYZE_EVERY:-15}s" >&2
    (
        while sleep "${AUTOANALYZE_EVERY:-15}"; do
            psql -qtA "$url" >/dev/null 2>&1 <<'SQL' || true
SELECT format('ANALYZE %I', s.relname)
FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
WHERE s.n_mod_since_analyze > 50 + 0.1 * GREATEST(c.reltuples, 0) \gexec
SQL
        done
    ) &
    AUTOANALYZE_PID=$!
}

autoanalyze_stop() {
    if [[ -n "$AUTOANALYZE_PID" ]]; then
        kill "$AUTOANALYZE_PID" 2>/dev/null || true
        wait "$AUTOANALYZE_PID" 2>/dev/null || true
        AUTOANALYZE_PID=""
    fi
}
