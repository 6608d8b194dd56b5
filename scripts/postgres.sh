#!/usr/bin/env bash
# A throw-away PostgreSQL server on loopback for the tests and the cluster demo: Debian's
# `postgresql` binaries (installed with apt when missing and possible), a cluster initialised in a
# temporary directory, listening on 127.0.0.1 only, trust authentication for the local user.
#
#   scripts/postgres.sh start DIR [PORT]   initdb into DIR (when new) and start; prints the URL
#   scripts/postgres.sh stop DIR           stop the server and remove DIR
#   scripts/postgres.sh install            install Debian's postgresql when missing
#
# The URL printed names the `postgres` database of user `portal`, for example
# postgres://portal@127.0.0.1:55432/postgres.
set -euo pipefail

bin_dir() {
    local found
    found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
    if [ -z "$found" ] && command -v apt-get >/dev/null; then
        echo "postgres.sh: installing Debian's postgresql" >&2
        if [ "$(id -u)" -eq 0 ]; then
            DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >&2
        else
            sudo -n env DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >&2
        fi
        found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
    fi
    [ -n "$found" ] || { echo "postgres.sh: no PostgreSQL binaries (apt-get install postgresql)" >&2; return 1; }
    echo "$found"
}

# PostgreSQL refuses to run as root: then the server runs as Debian's `postgres` user, which
# must own DIR and reach it (DIR's parents must be searchable by others).
as_server() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

cmd=${1:-}
dir=${2:-}
if [ "$cmd" = install ]; then
    bin_dir >/dev/null
    exit
fi
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: $0 start|stop DIR [PORT] | install" >&2; exit 2; }

case "$cmd" in
start)
    bin=$(bin_dir)
    port=${3:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
    mkdir -p "$dir/socket"
    [ "$(id -u)" -ne 0 ] || chown -R postgres "$dir"
    if [ ! -f "$dir/data/PG_VERSION" ]; then
        as_server "$bin/initdb" -D "$dir/data" -U portal --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
            || { cat "$dir/initdb.log" >&2; exit 1; }
    fi
    # Loopback only; the socket in the directory, not /var/run; enough connections for the
    # test servers running at once (each pools up to 32).
    as_server "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-h 127.0.0.1 -p $port -k $dir/socket -c max_connections=1000 -c shared_buffers=64MB -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        start >&2 || { cat "$dir/server.log" >&2; exit 1; }
    echo "$port" >"$dir/port"
    echo "postgres://portal@127.0.0.1:$port/postgres"
    ;;
stop)
    if [ -f "$dir/data/postmaster.pid" ]; then
        bin=$(bin_dir)
        as_server "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >&2 || true
    fi
    rm -rf "$dir"
    ;;
*)
    echo "usage: $0 start|stop DIR [PORT]" >&2
    exit 2
    ;;
esac
