#!/usr/bin/env bash
# Speed comparison, agora-tally vs pabutools 1.2.3, on the real Pabulib files.
#
#   bash bench/tally/compare.sh                  # table for docs/PERFORMANCE.md
#   bash bench/tally/compare.sh --warszawa-add1  # pabutools' MES+Add1 on Warszawa 2026, once,
#                                                # in the background, timeout 900 s
#
# agora-tally: the release `tally_json` example (parse + rule + JSON output, whole process),
# timed with hyperfine when installed (apt-get install hyperfine), else repeated timing;
# pabutools: parse + rule inside Python with time.perf_counter (bench/tally/pabutools_time.py);
# peak memory of both with /usr/bin/time -v. Results: bench/out/tally/.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
data="${PABULIB_DIR:-$root/../shared/data/pabulib}"
if [ ! -d "$data" ]; then
    echo "skipped: $data not found" >&2
    exit 0
fi
[ -x "$root/bench/.venv/bin/python" ] || bash "$root/bench/crosscheck/setup.sh"
mkdir -p "$root/bench/out/tally"
if [ "${1:-}" = "--warszawa-add1" ]; then
    out="$root/bench/out/tally/warszawa_add1.json"
    (
        set +e
        /usr/bin/time -v -o "$out.time" timeout 900 "$root/bench/.venv/bin/python" \
            "$root/bench/tally/pabutools_time.py" "$data/Poland_Warszawa_2026.pb" mes-add1-pabutools \
            > "$out.tmp" 2> "$out.err"
        rc=$?
        rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$out.time")
        if [ $rc -eq 124 ]; then
            echo "{\"timeout_s\": 900, \"max_rss_kb\": ${rss:-null}}" > "$out"
        elif [ $rc -eq 0 ]; then
            python3 -c "import json,sys; r=json.loads(open('$out.tmp').read().strip().splitlines()[-1]); r['max_rss_kb']=${rss:-None}; print(json.dumps(r))" > "$out"
        else
            echo "{\"error\": \"exit $rc\"}" > "$out"
        fi
        echo "done: $(cat "$out" | cut -c1-200)" >&2
    ) &
    echo "pabutools MES+Add1 on Warszawa running in the background (pid $!), result -> $out"
    exit 0
fi
cargo build --release -q -p agora-tally --example tally_json
echo "# $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores, $(uname -m); $(rustc --version); $("$root/bench/.venv/bin/python" --version)"
"$root/bench/.venv/bin/python" "$root/bench/tally/compare.py" --runner "$CARGO_TARGET_DIR/release/examples/tally_json" --data "$data" "$@"
