#!/usr/bin/env bash
# The company pages over BENCH_DECLARATIONS generated declarations (default 10M; generated once
# into ~/.cache/customs-portal/bench-companies-N):
#  1. the server's answers, national and for the Busan analyst: every company with the models'
#     features (GET /api/companies/scores, Arrow) and the riskiest company's profile
#     (GET /api/companies/{id});
#  2. in headless Chromium: opening 업체 위험 순위 until every company of the scope is scored by
#     tract in the worker and ranked (delinquency, then tax-risk), and a profile from the click
#     to its first paint (overview) and to its scores and reasons (e2e/bench/companies.bench.ts).
# Usage: scripts/bench-companies.sh   (not part of the test command)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
N="${BENCH_DECLARATIONS:-10000000}"
log "building release server and client"
cargo build --release --locked -p portal-server
bash scripts/build-client.sh
data="$CACHE_HOME/bench-companies-$N"
port="$(free_port)"
"$CARGO_TARGET_DIR/release/portal" serve --demo --bind "127.0.0.1:$port" --data-dir "$data" \
    --dist-dir "$ROOT/dist" --demo-declarations "$N" --no-network-index \
    --query-timeout-ms 120000 2>"$data.log" &
pid=$!
trap 'stop_process $pid' EXIT
wait_for_portal "$port" "$pid" "$data.log" 1800
base="http://127.0.0.1:$port"
jar="$(mktemp -d)"
for user in reviewer analyst.busan; do
    curl -sf -c "$jar/$user" -H 'content-type: application/json' \
        -d "{\"username\":\"$user\",\"password\":\"portal-demo-2026\"}" "$base/api/auth/login" >/dev/null
done
printf '%-14s %-40s %8s %12s\n' user answer seconds bytes
for user in reviewer analyst.busan; do
    read -r code bytes secs < <(curl -s -b "$jar/$user" "$base/api/companies/scores" -o /dev/null \
        -w '%{http_code} %{size_download} %{time_total}\n')
    printf '%-14s %-40s %8.1f %12s %s\n' "$user" "companies/scores" "$secs" "$bytes" "$([ "$code" = 200 ] || echo "HTTP $code")"
    first="$(curl -s -b "$jar/$user" "$base/api/companies/scores?format=csv" | sed -n 2p | cut -d, -f1)"
    read -r code bytes secs < <(curl -s -b "$jar/$user" "$base/api/companies/$first" -o /dev/null \
        -w '%{http_code} %{size_download} %{time_total}\n')
    printf '%-14s %-40s %8.1f %12s %s\n' "$user" "companies/$first" "$secs" "$bytes" "$([ "$code" = 200 ] || echo "HTTP $code")"
done
rm -rf "$jar"
cd e2e
PORTAL_BENCH=1 PORTAL_URL="$base" npx playwright test bench/companies.bench.ts --workers 1 --timeout 900000
