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

# The Python environment of models/ (models/requirements.txt), installed once into
# $CACHE_HOME/train-venv; prints its python.
train_python() {
    local venv="$CACHE_HOME/train-venv"
    local stamp="$venv/.requirements-$(sha256sum "$ROOT/models/requirements.txt" | cut -c1-16)"
    if [ ! -f "$stamp" ]; then
        log "installing the training environment into $venv" >&2
        python3 -m venv "$venv"
        "$venv/bin/pip" install -q -r "$ROOT/models/requirements.txt" >&2
        touch "$stamp"
    fi
    echo "$venv/bin/python"
}

log() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# A free TCP port on loopback.
free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Waits up to 10 s for something to listen on 127.0.0.1:PORT. Usage: wait_for_port PORT
wait_for_port() {
    for _ in $(seq 100); do
        (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
        sleep 0.1
    done
    echo "nothing listens on 127.0.0.1:$1 after 10 s" >&2
    return 1
}

# Waits up to SECONDS for the portal on loopback PORT (process PID) to answer /api/health; if
# the process ends first, prints the end of LOG and fails.
# Usage: wait_for_portal PORT PID LOG SECONDS
wait_for_portal() {
    local port="$1" pid="$2" logfile="$3" tries=$(( $4 * 5 ))
    for _ in $(seq 1 "$tries"); do
        curl -fsS "http://127.0.0.1:$port/api/health" >/dev/null 2>&1 && return 0
        if ! kill -0 "$pid" 2>/dev/null; then tail -n 60 "$logfile" >&2; return 1; fi
        sleep 0.2
    done
    echo "error: the portal on port $port did not answer within $4 s" >&2
    return 1
}

# Stops process PID (SIGTERM) and waits for it.
stop_process() {
    kill -TERM "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
}

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
