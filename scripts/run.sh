#!/usr/bin/env bash
# The one command that sets up and runs the portal: installs missing tools, builds the client
# and the server (release), then serves. Arguments go to `portal serve` (see `--help`).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
bash scripts/setup.sh
bash scripts/build-client.sh
log "building the server (cargo build --release)"
cargo build --release --locked -p portal-server
exec "$CARGO_TARGET_DIR/release/portal" serve --demo --dist-dir "$ROOT/dist" "$@"
