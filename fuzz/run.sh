#!/usr/bin/env bash
# Runs the Pabulib parser fuzz target for SECONDS (default 120).
# Needs cargo-fuzz (`cargo install cargo-fuzz --locked`); only a stable toolchain is installed
# here, so RUSTC_BOOTSTRAP=1 lets it accept the nightly-only sanitizer flags.
# The seed corpus is built from the golden fixtures (and the real Pabulib files when
# ../shared/data/pabulib exists); crashes land in fuzz/artifacts/pabulib/.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
secs="${1:-120}"
mkdir -p "$here/corpus/pabulib"
cp "$here"/../crates/agora-tally/tests/fixtures/golden/pb/*.pb "$here/corpus/pabulib/" 2>/dev/null || true
shared="$here/../../shared/data/pabulib"
if [ -d "$shared" ]; then
    # Small real files only (the fuzzer's default max input length is 4 KB anyway).
    cp "$shared/Netherlands_Assen_2024.pb" "$here/corpus/pabulib/" 2>/dev/null || true
fi
cd "$here"
RUSTC_BOOTSTRAP=1 cargo fuzz run pabulib corpus/pabulib -- -max_total_time="$secs" -max_len=8192
