# A throwaway PostgreSQL 15 cluster on loopback for Scripts/fault-postgres and
# Scripts/bench-postgres. Sourced, not run. fsync stays on (the default): what these scripts
# measure is a durable commit.

# start_postgres_cluster PORT USER: initdb in a new temporary folder, start on 127.0.0.1:PORT
# with USER as the superuser (trust on loopback); sets pg_bin and pg_data, and stops and
# deletes the cluster when the script exits.
start_postgres_cluster() {
    local port="$1" user="$2"
    ensure_packages postgresql-15
    pg_bin=/usr/lib/postgresql/15/bin
    pg_data=$(mktemp -d /tmp/agency-pg-run-XXXXXX)
    [ "$(id -u)" -eq 0 ] && chown postgres "$pg_data"
    trap stop_postgres_cluster EXIT
    run_as_cluster_owner "$pg_bin/initdb" -D "$pg_data" -U "$user" -A trust >/dev/null
    cat >> "$pg_data/postgresql.conf" <<CONF
port = $port
listen_addresses = '127.0.0.1'
unix_socket_directories = '$pg_data'
max_connections = 200
fsync = on
CONF
    run_as_cluster_owner "$pg_bin/pg_ctl" -D "$pg_data" -l "$pg_data/server.log" -w start >/dev/null
}

stop_postgres_cluster() {
    run_as_cluster_owner "$pg_bin/pg_ctl" -D "$pg_data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$pg_data"
}

# initdb refuses to run as root: the cluster belongs to the postgres user then.
run_as_cluster_owner() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
