#!/usr/bin/env bash
# Client benchmarks in headless Chromium (not part of the test command):
#  1. decoding a 1M-row Arrow IPC extract in the client (wasm) vs JSON.parse of the same rows;
#  2. time for a 12-widget dashboard over BENCH_DECLARATIONS declarations to show every widget;
#  3. the client bundle's size (wasm gzip -9), the app and the scoring worker;
#  4. the network page: click to the first layout frame of 1- and 3-hop ego networks;
#  5. high-risk, fraud and price model throughput on 100k rows: tract in the scoring worker (wasm)
#     vs onnxruntime-web (wasm backend, one thread) in the same page, on the same trees as the
#     usual LightGBM export writes them (models/treeensemble.py, the peer) and on the portal's
#     own file; and native tract (cargo bench).
# Usage: scripts/bench-client.sh      (BENCH_DECLARATIONS defaults to 10000000; generated once
#        into ~/.cache/customs-portal/bench-serve-N, ~75 s for 10M)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
N="${BENCH_DECLARATIONS:-10000000}"
log "building release server and client"
cargo build --release --locked -p portal-server
bash scripts/build-client.sh
data="$CACHE_HOME/bench-serve-$N"
port="$(free_port)"
"$CARGO_TARGET_DIR/release/portal" serve --demo --bind "127.0.0.1:$port" --data-dir "$data" \
    --dist-dir "$ROOT/dist" --demo-declarations "$N" --row-cap 1000000 --query-timeout-ms 120000 \
    2>"$data.log" &
pid=$!
trap 'stop_process $pid' EXIT
wait_for_portal "$port" "$pid" "$data.log" 600
# The network page's index and the rollups are built in the background after start.
for _ in $(seq 1 300); do grep -q "network index ready" "$data.log" && break; sleep 1; done
for _ in $(seq 1 300); do grep -q "rollups ready" "$data.log" && break; sleep 1; done
wasm="$(ls dist/portal-app-*_bg.wasm)"
worker=dist/scoring-worker_bg.wasm
printf 'bundle: app wasm %s B raw, %s B gzip -9; scoring worker wasm %s B raw, %s B gzip -9; js %s B gzip -9; css %s B gzip -9\n' \
    "$(stat -c %s "$wasm")" "$(gzip -9c "$wasm" | wc -c)" \
    "$(stat -c %s "$worker")" "$(gzip -9c "$worker" | wc -c)" \
    "$(cat dist/*.js | gzip -9c | wc -c)" "$(cat dist/*.css | gzip -9c | wc -c)"
log "the scoring peer: the models as the usual LightGBM export writes them"
peers="$CACHE_HOME/bench-treeensemble"
mkdir -p "$peers"
python="$(train_python)"
for model in high-risk fraud price; do
    "$python" models/treeensemble.py "models/$model/model.onnx" "$peers/$model.onnx"
done
log "native tract throughput"
cargo bench --locked -p portal-scoring --bench throughput
cd e2e
BENCH_TREEENSEMBLE_DIR="$peers" PORTAL_BENCH=1 PORTAL_URL="http://127.0.0.1:$port" BENCH_DECLARATIONS="$N" npx playwright test \
    --workers 1 --timeout 600000
