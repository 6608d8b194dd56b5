#!/usr/bin/env bash
# The query cluster benchmark (issue 18; not part of the test command): the five dashboard
# queries and a 1M-row ungrouped extract on one node and on a loopback cluster (a Ballista
# scheduler and two executors, `portal cluster`), on generated declarations stored
# partitioned by month and office, in the same run, answers compared.
# A loopback cluster on this machine's cores shows correctness and overhead, not a speed-up.
# Usage: scripts/bench-cluster.sh                    (10M declarations)
#        BENCH_SIZE=100000000 scripts/bench-cluster.sh
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
bash scripts/setup.sh
log "building release binaries"
cargo build --release --locked -p portal-server
portal="$CARGO_TARGET_DIR/release/portal"
n=${BENCH_SIZE:-10000000}
out="$CACHE_HOME/bench-partitioned/$n"
if [ ! -f "$out/.done-3" ]; then
    rm -rf "$out"
    log "generating $n declarations in 8 chunks at once, partitioned"
    /usr/bin/time -f "generate $n (8 chunks, partitioned): %e s wall, %M KiB peak RSS" \
        "$portal" generate --declarations "$n" --seed 42 --out "$out" --chunks 8 --partitioned
    touch "$out/.done-3"
fi

work="$(mktemp -d)"
pids=()
stop() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap stop EXIT INT TERM
port=$(free_port)
"$portal" cluster scheduler --bind "127.0.0.1:$port" >"$work/scheduler.log" 2>&1 &
pids+=($!)
wait_for_port "$port"
for i in 1 2; do
    flight=$(free_port)
    grpc=$(free_port)
    "$portal" cluster executor --scheduler "127.0.0.1:$port" --bind "127.0.0.1:$flight" \
        --grpc-port "$grpc" --memory-mb 4096 --work-dir "$work/executor-$i" \
        >"$work/executor-$i.log" 2>&1 &
    pids+=($!)
    # An executor serves its ports once it has registered with the scheduler.
    wait_for_port "$flight"
    wait_for_port "$grpc"
done
log "one node vs the loopback cluster on $n declarations"
cargo bench --locked -p portal-server --bench cluster -- --data "$out" \
    --cluster "127.0.0.1:$port" --runs 3
