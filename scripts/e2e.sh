#!/usr/bin/env bash
# Runs the Playwright suite against a real `portal serve` on a free loopback port, with a fresh
# data directory prepared without the reference data (the portal must work the same without
# ../shared: no real CDD rows are imported). Expects dist/ (scripts/build-client.sh) and the
# portal binary to be built.
# Usage: scripts/e2e.sh [PORTAL-BINARY] [-- playwright args]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
PORTAL_BIN="$CARGO_TARGET_DIR/debug/portal"
if [ $# -gt 0 ] && [ "$1" != "--" ]; then PORTAL_BIN="$1"; shift; fi
if [ "${1:-}" = "--" ]; then shift; fi
[ -x "$PORTAL_BIN" ] || { echo "error: no portal binary at $PORTAL_BIN (cargo build -p portal-server)" >&2; exit 1; }
[ -f dist/index.html ] || { echo "error: dist/index.html missing (scripts/build-client.sh)" >&2; exit 1; }

work="$(mktemp -d)"
port="$(free_port)"
"$PORTAL_BIN" serve --demo --bind "127.0.0.1:$port" --data-dir "$work/var" --dist-dir "$ROOT/dist" \
    --demo-declarations "${PORTAL_E2E_DECLARATIONS:-60000}" --reference-dir "$work/no-reference" \
    >"$work/server.out" 2>"$work/server.log" &
server_pid=$!
cleanup() {
    stop_process "$server_pid"
    rm -rf "$work"
}
trap cleanup EXIT
wait_for_portal "$port" "$server_pid" "$work/server.log" 90
log "Playwright against http://127.0.0.1:$port"
cd "$ROOT/e2e"
status=0
PORTAL_URL="http://127.0.0.1:$port" npx playwright test "$@" || status=$?
if [ "$status" -ne 0 ]; then
    echo "--- server log: panics and errors ---" >&2
    grep -n -A4 -E 'panicked|ERROR' "$work/server.log" | head -n 60 >&2 || true
    echo "--- server log: last lines ---" >&2
    tail -n 30 "$work/server.log" >&2
fi
exit "$status"
