#!/usr/bin/env bash
# The one command that runs every test of the portal (CI runs exactly this through .ci/run):
# formatting, clippy (native and wasm32), unit and server integration tests (on SQLite, then the
# integration tests again on a throw-away PostgreSQL; with the differential
# test against DuckDB), component tests in headless Chromium, the release client build, the
# Playwright suite against `portal serve`, and the load and memory tests (`scripts/load.sh`).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
start=$(date +%s)
bash scripts/setup.sh

log "cargo fmt --check"
cargo fmt --all --check

log "clippy (native)"
cargo clippy --workspace --all-targets --locked -- -D warnings

log "clippy (wasm32: core, scoring, graph, app)"
cargo clippy -p portal-core -p portal-scoring -p portal-graph -p portal-app --target wasm32-unknown-unknown \
    --all-targets --locked -- -D warnings

log "cargo deny (licences, duplicate versions as warnings, sources)"
cargo deny check --hide-inclusion-graph licenses bans sources

# Checks of this script that could not run here; printed again at the end.
skipped_checks=()
log "cargo deny (advisories)"
# The RustSec database is a git repository on github.com: fetched when reachable, else a copy
# fetched before, else the check is skipped with its reason and counted.
if timeout 60 git ls-remote --quiet https://github.com/RustSec/advisory-db HEAD >/dev/null 2>&1; then
    cargo deny check advisories
elif ls -d "${CARGO_HOME:-$HOME/.cargo}"/advisory-dbs/advisory-db-*/crates >/dev/null 2>&1; then
    log "github.com unreachable: checking against the advisory database fetched before"
    cargo deny check --disable-fetch advisories
else
    skipped_checks+=("cargo deny advisories: github.com (the RustSec database) is unreachable and no copy was fetched before")
    log "SKIP ${skipped_checks[-1]}"
fi

log "cargo test (unit and server integration tests)"
# Tests that truly need the real KCS CDD record their skip here (server/tests/it/common.rs):
# none may skip when ../shared/data is there, and only those CDD-only tests when it is not.
skips="$(mktemp)"
# The differential test compares the portal's answers with DuckDB's (installed by setup.sh).
PORTAL_TEST_SKIPS="$skips" PORTAL_DUCKDB_PYTHON="$DUCKDB_PYTHON" cargo test --workspace --locked
cdd_only_tests=3
skipped=$(grep -c . "$skips" || true)
if [ "$skipped" -gt 0 ]; then
    log "$skipped test(s) skipped:"
    cat "$skips"
fi
if reference_found; then
    [ "$skipped" -eq 0 ] || { echo "error: tests skipped although the reference data is there" >&2; exit 1; }
else
    if grep -qv '^cdd-only' "$skips" || [ "$skipped" -gt "$cdd_only_tests" ]; then
        echo "error: more than the $cdd_only_tests CDD-only tests skipped" >&2
        exit 1
    fi
    log "no ../shared/data: the $skipped CDD-only tests were skipped, every other test ran"
    [ "$skipped" -eq 0 ] || skipped_checks+=("$skipped CDD-only test(s): no ../shared/data (listed above)")
fi
rm -f "$skips"

log "server integration tests again, on PostgreSQL (a throw-away server on loopback: scripts/postgres.sh)"
pg_dir="$(mktemp -d)"
chmod 755 "$pg_dir"
# Skipped (and counted) only where no PostgreSQL can be installed; a server that is there but
# does not start fails the run.
if ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1 || scripts/postgres.sh install; then
    pg_url=$(scripts/postgres.sh start "$pg_dir/pg")
    trap 'scripts/postgres.sh stop "$pg_dir/pg"' EXIT
    skips="$(mktemp)"
    PORTAL_TEST_POSTGRES="$pg_url" PORTAL_TEST_SKIPS="$skips" PORTAL_DUCKDB_PYTHON="$DUCKDB_PYTHON" \
        cargo test -p portal-server --test it --locked
    if grep -qv '^cdd-only' "$skips"; then
        cat "$skips"
        echo "error: tests other than the CDD-only ones skipped on PostgreSQL" >&2
        exit 1
    fi
    rm -f "$skips"
    scripts/postgres.sh stop "$pg_dir/pg"
    trap - EXIT
else
    skipped_checks+=("the server integration tests on PostgreSQL: PostgreSQL could not be installed (scripts/postgres.sh install)")
    log "SKIP ${skipped_checks[-1]}"
fi
rmdir "$pg_dir" 2>/dev/null || true

log "component tests in headless Chromium (wasm-bindgen-test)"
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
WASM_BINDGEN_TEST_WEBDRIVER_JSON="$ROOT/app/webdriver.json" \
WASM_BINDGEN_TEST_TIMEOUT=120 \
    cargo test -p portal-app --target wasm32-unknown-unknown --test web --locked

log "model parity in headless Chromium (tract in wasm32 vs onnxruntime's reference outputs)"
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
WASM_BINDGEN_TEST_WEBDRIVER_JSON="$ROOT/app/webdriver.json" \
WASM_BINDGEN_TEST_TIMEOUT=300 \
    cargo test -p portal-scoring --target wasm32-unknown-unknown --test parity --release --locked

bash scripts/build-client.sh

log "Playwright"
bash scripts/e2e.sh "$CARGO_TARGET_DIR/debug/portal"

log "memory and load tests (portal loadtest against a real server)"
# The debug build serves a fifth of what the release build does, on the same two cores as the
# load generator: its 200 officers pause 2.5 s on average between steps (the README's release
# run: 0.5 s). The memory test is the same in both.
LOAD_THINK_MS=2500 bash scripts/load.sh "$CARGO_TARGET_DIR/debug/portal"

if [ "${#skipped_checks[@]}" -gt 0 ]; then
    log "${#skipped_checks[@]} check(s) skipped:"
    printf '  %s\n' "${skipped_checks[@]}"
fi
log "all tests passed in $(( $(date +%s) - start )) s"
