#!/usr/bin/env bash
# The portal on a loopback cluster (issue 18): a throw-away PostgreSQL for its state
# (scripts/postgres.sh), a Ballista scheduler and two executors (`portal cluster`), and
# `portal serve --engine ballista://… --db postgres://…` over them. Sets up and builds like
# scripts/run.sh; arguments go to `portal serve`. Ctrl-C stops everything and removes the
# PostgreSQL cluster. On 2 cores this shows the cluster working, not a speed-up.
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
pids=()
stop() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    scripts/postgres.sh stop "$work/pg" || true
    rm -rf "$work"
}
trap stop EXIT INT TERM

log "PostgreSQL on loopback"
db_url=$(scripts/postgres.sh start "$work/pg")
psql -q "$db_url" -c "CREATE DATABASE portal"
db_url="${db_url%/postgres}/portal"

scheduler=127.0.0.1:50050
log "scheduler on $scheduler"
"$portal" cluster scheduler --bind "$scheduler" >"$work/scheduler.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/50050") 2>/dev/null && break
    sleep 0.1
done
for i in 1 2; do
    log "executor $i (Flight 127.0.0.1:5005$((i * 2 - 1)), memory 1 GiB)"
    "$portal" cluster executor --scheduler "$scheduler" --bind "127.0.0.1:5005$((i * 2 - 1))" \
        --grpc-port "5005$((i * 2))" --memory-mb 1024 --work-dir "$work/executor-$i" \
        >"$work/executor-$i.log" 2>&1 &
    pids+=($!)
done

log "portal (logs of the cluster in $work)"
"$portal" serve --demo --dist-dir "$ROOT/dist" --db "$db_url" --engine "ballista://$scheduler" "$@" &
pids+=($!)
wait "${pids[-1]}"
