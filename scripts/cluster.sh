#!/usr/bin/env bash
# The portal on a loopback cluster (issue 18): a throw-away PostgreSQL for its state
# (scripts/postgres.sh), a Ballista scheduler and two executors (`portal cluster`), and
# `portal serve --engine ballista://… --db postgres://…` over them. Sets up and builds like
# scripts/run.sh; arguments go to `portal serve`. Ctrl-C stops everything and removes the
# PostgreSQL cluster; the cluster's logs stay in var/cluster-logs/. On 2 cores this shows the
# cluster working, not a speed-up.
#
#   scripts/cluster.sh                       # demo data, http://127.0.0.1:8080
#   scripts/cluster.sh --bind 127.0.0.1:9000
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
bash scripts/setup.sh
bash scripts/build-client.sh
log "building the server (cargo build --release)"
cargo build --release --locked -p portal-server
portal="$CARGO_TARGET_DIR/release/portal"

work="$(mktemp -d)"
chmod 755 "$work"
logs="$ROOT/var/cluster-logs"
mkdir -p "$logs"
pids=()
stop() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    scripts/postgres.sh stop "$work/pg" || true
    rm -rf "$work"
}
trap stop EXIT INT TERM

log "PostgreSQL on loopback"
# The throw-away server's own `postgres` database holds the portal's state.
db_url=$(scripts/postgres.sh start "$work/pg")

scheduler=127.0.0.1:50050
log "scheduler on $scheduler"
"$portal" cluster scheduler --bind "$scheduler" >"$logs/scheduler.log" 2>&1 &
pids+=($!)
wait_for_port 50050
for i in 1 2; do
    log "executor $i (Flight 127.0.0.1:5005$((i * 2 - 1)), memory 1 GiB)"
    "$portal" cluster executor --scheduler "$scheduler" --bind "127.0.0.1:5005$((i * 2 - 1))" \
        --grpc-port "5005$((i * 2))" --memory-mb 1024 --work-dir "$work/executor-$i" \
        >"$logs/executor-$i.log" 2>&1 &
    pids+=($!)
    wait_for_port "5005$((i * 2 - 1))"
done

log "portal (the cluster's logs in $logs)"
"$portal" serve --demo --dist-dir "$ROOT/dist" --db "$db_url" --engine "ballista://$scheduler" "$@" &
pids+=($!)
wait "${pids[-1]}"
