#!/usr/bin/env bash
# The memory and load tests: a real `portal serve` on a free loopback port over a fresh data
# directory of generated declarations, then `portal loadtest` twice:
#  1. memory, on the fresh server: 32 concurrent extracts of every declaration
#     (LOAD_DECLARATIONS, 1,000,000), once each; fails when the server's resident memory goes
#     over LOAD_MAX_RSS_MB (1024);
#  2. load: LOAD_USERS (200) signed-in officers for LOAD_SECONDS (60) mixing home, catalog,
#     grouped extracts, dashboards, model files and sign-ins with a mean think time of
#     LOAD_THINK_MS (500) between steps, while 4 users stream every declaration; fails on any
#     5xx or broken answer and on a sign-in p99 over 1 s.
# Each simulated officer has an account of their own (made through the administrator's API). The
# server allows 32 extracts at once in all (so that the memory test is not refused) and keeps
# its per-user cap of 2; its query timeout is 10 minutes, as whole-table downloads take longer
# than grouped answers, above all in the debug build the test command uses.
# Usage: scripts/load.sh [PORTAL-BINARY]   (default: the debug build; the test command runs it)
#        LOAD_DECLARATIONS=1000000 scripts/load.sh "$CARGO_TARGET_DIR/release/portal"
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
PORTAL_BIN="${1:-$CARGO_TARGET_DIR/debug/portal}"
[ -x "$PORTAL_BIN" ] || { echo "error: no portal binary at $PORTAL_BIN" >&2; exit 1; }
declarations="${LOAD_DECLARATIONS:-1000000}"

work="$(mktemp -d)"
port="$(free_port)"
log "load test: preparing $declarations declarations and starting the portal on port $port"
"$PORTAL_BIN" serve --demo --bind "127.0.0.1:$port" --data-dir "$work/var" \
    --dist-dir "$work/dist" --reference-dir "$work/no-reference" \
    --demo-declarations "$declarations" --max-extracts 32 --query-timeout-ms 600000 \
    >"$work/server.out" 2>"$work/server.log" &
server_pid=$!
cleanup() {
    stop_process "$server_pid"
    rm -rf "$work"
}
trap cleanup EXIT
wait_for_portal "$port" "$server_pid" "$work/server.log" 600
status=0
log "memory: 32 concurrent extracts of $declarations declarations, on the fresh server"
"$PORTAL_BIN" loadtest --url "http://127.0.0.1:$port" --server-pid "$server_pid" \
    --users 0 --heavy 32 --heavy-once --heavy-rows "$declarations" \
    --max-rss-mb "${LOAD_MAX_RSS_MB:-1024}" || status=$?
if [ "$status" -eq 0 ]; then
    log "load: ${LOAD_USERS:-200} officers for ${LOAD_SECONDS:-60} s, 4 users streaming every declaration"
    "$PORTAL_BIN" loadtest --url "http://127.0.0.1:$port" --server-pid "$server_pid" \
        --users "${LOAD_USERS:-200}" --seconds "${LOAD_SECONDS:-60}" --think-ms "${LOAD_THINK_MS:-500}" \
        --heavy 4 --heavy-rows "$declarations" --max-signin-p99-ms 1000 || status=$?
fi
if [ "$status" -ne 0 ]; then
    echo "--- server log: panics and errors ---" >&2
    grep -n -A4 -E 'panicked|ERROR' "$work/server.log" | head -n 60 >&2 || true
fi
exit "$status"
