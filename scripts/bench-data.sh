#!/usr/bin/env bash
# Data-layer benchmarks (not part of the test command):
#  1. `portal generate` time and peak memory at each size in BENCH_SIZES;
#  2. the dashboard-style queries through the portal's engine vs DuckDB on the same files;
#  3. Arrow IPC vs JSON bytes of a 100k-row extract.
# Usage: scripts/bench-data.sh            (sizes: 1000000 10000000)
#        BENCH_SIZES="1000000" scripts/bench-data.sh
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
bash scripts/setup.sh
log "building release binaries"
cargo build --release --locked -p portal-server
for n in ${BENCH_SIZES:-1000000 10000000}; do
    out="$CACHE_HOME/bench/$n"
    # .done-2: decimals are written plain and uncompressed (server/src/data/table.rs); data
    # generated before that is made again.
    if [ ! -f "$out/.done-2" ]; then
        rm -rf "$out"
        log "generating $n declarations"
        /usr/bin/time -f "generate $n: %e s wall, %M KiB peak RSS" \
            "$CARGO_TARGET_DIR/release/portal" generate --declarations "$n" --seed 42 --out "$out"
        touch "$out/.done-2"
    fi
    log "queries on $n declarations"
    cargo bench --locked -p portal-server --bench queries -- --data "$out" --python "$DUCKDB_PYTHON" --runs 3
done
