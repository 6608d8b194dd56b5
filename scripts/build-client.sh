#!/usr/bin/env bash
# Builds the WebAssembly client into dist/ with Trunk, offline, size-optimised.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
log "building the client (trunk build --release --offline)"
trunk build --release --offline
