#!/usr/bin/env bash
# Installs whatever the portal's build and tests need and is missing; quick when all is present.
# Idempotent: each tool is skipped when its `--version` already matches the pinned one.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
mkdir -p "$TOOLS_DIR"

have_version() { # have_version CMD EXPECTED-SUBSTRING
    command -v "$1" >/dev/null 2>&1 && "$1" --version 2>/dev/null | grep -qF "$2"
}

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    log "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
fi

# Chromium for the browser tests, and a Korean font so pages (and screenshots) show Hangul.
if [ ! -x "$CHROMIUM" ] || [ ! -x "$CHROMEDRIVER" ] || ! fc-list :lang=ko 2>/dev/null | grep -q .; then
    log "installing Debian chromium, chromium-driver and fonts-nanum"
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -q
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q chromium chromium-driver fonts-nanum
fi

if ! have_version trunk "trunk $TRUNK_VERSION"; then
    log "installing trunk $TRUNK_VERSION (takes several minutes once)"
    CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
        cargo install --locked "trunk@$TRUNK_VERSION" --root "$TOOLS_DIR"
fi

if ! have_version cargo-deny "cargo-deny $CARGO_DENY_VERSION"; then
    log "installing cargo-deny $CARGO_DENY_VERSION (takes a few minutes once)"
    CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
        cargo install --locked "cargo-deny@$CARGO_DENY_VERSION" --root "$TOOLS_DIR"
fi

[ -n "$WASM_BINDGEN_VERSION" ] || { echo "error: no wasm-bindgen in Cargo.lock" >&2; exit 1; }
if ! grep -q "^wasm_bindgen = \"$WASM_BINDGEN_VERSION\"" "$ROOT/Trunk.toml"; then
    echo "error: Trunk.toml [tools] wasm_bindgen differs from Cargo.lock's $WASM_BINDGEN_VERSION" >&2
    exit 1
fi
if ! have_version wasm-bindgen "wasm-bindgen $WASM_BINDGEN_VERSION" \
    || ! have_version wasm-bindgen-test-runner "$WASM_BINDGEN_VERSION"; then
    log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
    # Not --locked: the crate's own lock file names a version the registry no longer has.
    CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
        cargo install "wasm-bindgen-cli@$WASM_BINDGEN_VERSION" --root "$TOOLS_DIR"
fi

if ! "$DUCKDB_PYTHON" -c "import duckdb, sys; sys.exit(duckdb.__version__ != '$DUCKDB_VERSION')" 2>/dev/null; then
    log "installing duckdb $DUCKDB_VERSION into $DUCKDB_VENV"
    python3 -m venv "$DUCKDB_VENV"
    "$DUCKDB_VENV/bin/pip" install -q "duckdb==$DUCKDB_VERSION"
fi

# npm packages of e2e/ (Playwright, and binaryen for wasm-opt), from the committed lock file.
# A stamp of the lock file's hash skips `npm ci` when node_modules already matches it.
lock_hash="$(sha256sum "$ROOT/e2e/package-lock.json" | cut -d' ' -f1)"
stamp="$ROOT/e2e/node_modules/.portal-lock-sha256"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_hash" ]; then
    log "installing e2e npm packages (npm ci)"
    (cd "$ROOT/e2e" && npm ci --no-audit --no-fund)
    echo "$lock_hash" > "$stamp"
fi
if ! have_version wasm-opt "version $WASM_OPT_VERSION"; then
    echo "error: wasm-opt $WASM_OPT_VERSION not found after npm ci (e2e/package.json pins binaryen)" >&2
    exit 1
fi
