#!/usr/bin/env bash
# Installs the Python reference implementations used by the cross-check harness
# (bench/crosscheck/crosscheck.py) and the speed comparison (bench/tally/compare.sh)
# into bench/.venv (gitignored). They are only *run* from the harness: never vendored,
# linked or ported (pabutools is GPL-3.0, pref_voting MIT, votekit MIT, pyrankvote MIT).
#
# Usage: bash bench/crosscheck/setup.sh        (idempotent; re-run after a version bump)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
venv="$root/bench/.venv"
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
"$venv/bin/pip" install --quiet --upgrade pip
# Required references (pinned: the harness compares against these exact versions).
"$venv/bin/pip" install --quiet pabutools==1.2.3 pref_voting==1.18.2
# Second opinions: optional, skipped with a note when they don't install cleanly.
for pkg in votekit==3.5.0 pyrankvote==2.0.6; do
    if ! "$venv/bin/pip" install --quiet "$pkg"; then
        echo "note: $pkg did not install; the harness skips it" >&2
    fi
done
"$venv/bin/python" - <<'PY'
import importlib
for m in ["pabutools", "pref_voting", "votekit", "pyrankvote"]:
    try:
        mod = importlib.import_module(m)
        print(f"{m}: ok", getattr(mod, "__version__", ""))
    except Exception as e:  # noqa: BLE001
        print(f"{m}: not available ({type(e).__name__}: {e})")
PY
