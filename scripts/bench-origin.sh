#!/usr/bin/env bash
# The origin analyses over BENCH_DECLARATIONS generated declarations (default 10M, with their
# ~2.85M exports; generated once into ~/.cache/customs-portal/bench-origin-N):
#  1. the server's answers, national and for the Busan analyst: exporters with their rerouting
#     features (GET /api/origin/exporters), the FTA queue (all claims, and one agreement), and
#     after the CLI the riskiest exporter's flows;
#  2. the CLI: `portal score --model rerouting` over the whole export_declaration as CSV, with
#     its figures on the planted firms beside the rule-only baseline (the data's seed, 42, is
#     one the training never used);
#  3. in headless Chromium: opening 원산지 분석 to the ranked exporters (scored by tract in the
#     worker) and the FTA queue (e2e/bench/origin.bench.ts).
# Usage: scripts/bench-origin.sh   (not part of the test command)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
N="${BENCH_DECLARATIONS:-10000000}"
log "building release server and client"
cargo build --release --locked -p portal-server
bash scripts/build-client.sh
data="$CACHE_HOME/bench-origin-$N"
port="$(free_port)"
"$CARGO_TARGET_DIR/release/portal" serve --demo --bind "127.0.0.1:$port" --data-dir "$data" \
    --dist-dir "$ROOT/dist" --demo-declarations "$N" --no-network-index \
    --query-timeout-ms 120000 2>"$data.log" &
pid=$!
trap 'stop_process $pid' EXIT
wait_for_portal "$port" "$pid" "$data.log" 900
base="http://127.0.0.1:$port"
jar="$(mktemp -d)"
for user in reviewer analyst.busan; do
    curl -sf -c "$jar/$user" -H 'content-type: application/json' \
        -d "{\"username\":\"$user\",\"password\":\"portal-demo-2026\"}" "$base/api/auth/login" >/dev/null
done
printf '%-14s %-40s %8s %12s\n' user answer seconds bytes
for user in reviewer analyst.busan; do
    for path in origin/exporters "origin/fta?limit=500" "origin/fta?limit=500&agreement=VN"; do
        read -r code bytes secs < <(curl -s -b "$jar/$user" "$base/api/$path" -o /dev/null \
            -w '%{http_code} %{size_download} %{time_total}\n')
        printf '%-14s %-40s %8.1f %12s %s\n' "$user" "$path" "$secs" "$bytes" "$([ "$code" = 200 ] || echo "HTTP $code")"
    done
done
log "CLI: portal score --model rerouting over every export (CSV extract written by DuckDB)"
py="${PORTAL_DUCKDB_PYTHON:-$CACHE_HOME/venv/bin/python}"
if [ -x "$py" ] && "$py" -c 'import duckdb' 2>/dev/null; then
    csv="$(mktemp -d)/exports.csv"
    "$py" -c "import duckdb,sys; duckdb.sql(\"copy (select * from '$data/datasets/export_declaration/*.parquet') to '$csv' (header)\")"
    /usr/bin/time -f 'CLI: %e s, peak %M KB' "$CARGO_TARGET_DIR/release/portal" score --model rerouting \
        --input "$csv" --output "$csv.out" --data-dir "$data" --models-dir "$ROOT/models" 2>&1 | grep -v '%'
    # The riskiest exporter's flows, as each user opens them.
    firm="$(sed -n 2p "$csv.out" | cut -d, -f1)"
    for user in reviewer analyst.busan; do
        read -r code bytes secs < <(curl -s -b "$jar/$user" "$base/api/origin/exporters/$firm" -o /dev/null \
            -w '%{http_code} %{size_download} %{time_total}\n')
        printf '%-14s %-40s %8.1f %12s %s\n' "$user" "origin/exporters/$firm" "$secs" "$bytes" "$([ "$code" = 200 ] || echo "HTTP $code")"
    done
    rm -rf "$(dirname "$csv")"
else
    echo "skipped: the CLI timing needs DuckDB (run scripts/bench-data.sh once, or set PORTAL_DUCKDB_PYTHON)"
fi
rm -rf "$jar"
cd e2e
PORTAL_BENCH=1 PORTAL_URL="$base" npx playwright test bench/origin.bench.ts --workers 1 --timeout 600000
