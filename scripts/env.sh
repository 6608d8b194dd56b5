# Sourced by the other scripts: where tools and build caches live, and the pinned versions.
# Everything persistent lives outside the clone, so fresh clones (CI) build incrementally.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE_HOME="${PORTAL_CACHE_DIR:-$HOME/.cache/customs-portal}"
TOOLS_DIR="$CACHE_HOME/tools"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$CACHE_HOME/target}"
export PATH="$TOOLS_DIR/bin:$ROOT/e2e/node_modules/.bin:$HOME/.cargo/bin:$PATH"
# The tool versions are pinned here, in Cargo.toml/Cargo.lock and in Trunk.toml.
TRUNK_VERSION="0.21.14"
CARGO_DENY_VERSION="0.20.2"
WASM_BINDGEN_VERSION="$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/[^0-9.]/, ""); print; exit}' "$ROOT/Cargo.lock")"
WASM_OPT_VERSION="132"
# DuckDB, the peer of the differential test and of the data benchmark, in a Python venv of its own.
DUCKDB_VERSION="2.0.0"
DUCKDB_VENV="$CACHE_HOME/venv"
DUCKDB_PYTHON="$DUCKDB_VENV/bin/python"
CHROMIUM="/usr/bin/chromium"
CHROMEDRIVER="/usr/bin/chromedriver"
export CHROMIUM CHROMEDRIVER

log() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# Whether the real reference data is found as the portal finds it: $PORTAL_REFERENCE_DIR, else
# shared/data beside the checkout or one of its ancestors (with a cdd/ folder).
reference_found() {
    if [ -n "${PORTAL_REFERENCE_DIR:-}" ]; then
        [ -d "$PORTAL_REFERENCE_DIR/cdd" ]
        return
    fi
    local d="$ROOT"
    while [ "$d" != "/" ]; do
        [ -d "$d/shared/data/cdd" ] && return 0
        d="$(dirname "$d")"
    done
    return 1
}
