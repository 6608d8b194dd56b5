#!/usr/bin/env bash
# The one command that runs every test of the portal (CI runs exactly this through .ci/run):
# formatting, clippy (native and wasm32), unit and server integration tests, component tests in
# headless Chromium, the release client build, and the Playwright suite against `portal serve`.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
start=$(date +%s)
bash scripts/setup.sh

log "cargo fmt --check"
cargo fmt --all --check

log "clippy (native)"
cargo clippy --workspace --all-targets --locked -- -D warnings

log "clippy (wasm32: core, scoring, app)"
cargo clippy -p portal-core -p portal-scoring -p portal-app --target wasm32-unknown-unknown \
    --all-targets --locked -- -D warnings

log "cargo test (unit and server integration tests)"
cargo test --workspace --locked

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

log "all tests passed in $(( $(date +%s) - start )) s"
