#!/usr/bin/env bash
# A throwaway PostgreSQL server for the store tests (the CTest fixture "pg_server").
#   pgserver.sh start <state-folder>   initdb + pg_ctl start in a new temporary folder on 127.0.0.1 at a free
#                                      port; writes <state-folder>/url (superuser URL with password),
#                                      <state-folder>/data (the data folder) and <state-folder>/pgctl (a
#                                      script running pg_ctl on that server as the right user, e.g. "restart")
#                                      and <state-folder>/ca.pem (the CA of the server's TLS certificate)
#   pgserver.sh start <state-folder> durable
#                                      the same with the settings of a real deployment (fsync, synchronous
#                                      commit, full page writes, shared_buffers = 1GB): how citygrid-pg-bench's
#                                      figures in docs/scaling.md are taken
#   pgserver.sh stop <state-folder>    stops the server and removes its folder
# PostgreSQL refuses to run as root, so under root (CI) the server runs as the `postgres` user.
set -euo pipefail
mode=${1:?usage: pgserver.sh start|stop <state-folder>}
state=${2:?usage: pgserver.sh start|stop <state-folder>}
durability=${3:-}

bindir=""
for candidate in "$(command -v pg_config >/dev/null 2>&1 && pg_config --bindir || true)" \
    /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
    if [ -n "$candidate" ] && [ -x "$candidate/initdb" ]; then
        bindir=$candidate
        break
    fi
done

as_server_user() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

stop_server() {
    [ -f "$state/data" ] || return 0
    local data
    data=$(cat "$state/data")
    if [ -d "$data/pgdata" ]; then
        as_server_user "$bindir/pg_ctl" -D "$data/pgdata" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$data"
    rm -f "$state/data" "$state/url" "$state/pgctl" "$state/port" "$state/ca.pem"
}

case "$mode" in
start)
    if [ -z "$bindir" ]; then
        echo "PostgreSQL server programs (initdb, pg_ctl) are not installed: install postgresql-15" >&2
        exit 1
    fi
    if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
        echo "running as root and there is no 'postgres' user to run the test server as" >&2
        exit 1
    fi
    mkdir -p "$state"
    stop_server # a server left over by an interrupted run
    data=$(mktemp -d "${TMPDIR:-/tmp}/citygrid-pg.XXXXXX")
    echo "$data" >"$state/data"
    chmod 755 "$data"
    password=$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 20)
    printf '%s\n' "$password" >"$data/pwfile"
    [ "$(id -u)" -eq 0 ] && chown -R postgres: "$data"
    as_server_user "$bindir/initdb" -D "$data/pgdata" -U cg_admin --pwfile="$data/pwfile" -E UTF8 \
        --locale=C.UTF-8 --auth-host=scram-sha-256 --auth-local=scram-sha-256 >"$data/initdb.log" 2>&1 || {
        cat "$data/initdb.log" >&2
        exit 1
    }
    rm -f "$data/pwfile"
    # TLS, so that sslmode=require / verify-full are tested for real: a throwaway CA signs the server's
    # certificate for localhost and 127.0.0.1; connections without TLS are refused (hostnossl ... reject).
    tls="$data/tls"
    mkdir -p "$tls"
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=CityGrid test CA" \
        -keyout "$tls/ca.key" -out "$tls/ca.pem" >/dev/null 2>&1
    openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout "$data/pgdata/server.key" \
        -out "$tls/server.csr" >/dev/null 2>&1
    printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' >"$tls/san.ext"
    openssl x509 -req -in "$tls/server.csr" -CA "$tls/ca.pem" -CAkey "$tls/ca.key" -CAcreateserial -days 2 \
        -extfile "$tls/san.ext" -out "$data/pgdata/server.crt" >/dev/null 2>&1
    chmod 600 "$data/pgdata/server.key"
    chmod 644 "$tls/ca.pem"
    { echo "hostnossl all all 127.0.0.1/32 reject"; cat "$data/pgdata/pg_hba.conf"; } >"$data/pgdata/pg_hba.new"
    mv "$data/pgdata/pg_hba.new" "$data/pgdata/pg_hba.conf"
    [ "$(id -u)" -eq 0 ] && chown -R postgres: "$data"
    started=""
    for attempt in 1 2 3 4 5 6 7 8 9 10; do
        port=$((20000 + RANDOM % 30000))
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            continue # taken
        fi
        # The tests trade durability for speed; "durable" keeps PostgreSQL's defaults, as a deployment does.
        if [ "$durability" = durable ]; then
            speed="shared_buffers = '1GB'"
        else
            speed=$'shared_buffers = \'128MB\'\nfsync = off\nsynchronous_commit = off\nfull_page_writes = off'
        fi
        cat >"$data/pgdata/postgresql.auto.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$data'
max_connections = 300
$speed
log_min_messages = warning
ssl = on
EOF
        if as_server_user "$bindir/pg_ctl" -D "$data/pgdata" -l "$data/server.log" -w -t 60 start >/dev/null; then
            started=$port
            break
        fi
        echo "port $port: the server did not start (attempt $attempt)" >&2
    done
    if [ -z "$started" ]; then
        cat "$data/server.log" >&2 || true
        exit 1
    fi
    echo "$started" >"$state/port"
    cp "$data/tls/ca.pem" "$state/ca.pem"
    echo "postgresql://cg_admin:$password@127.0.0.1:$started/postgres" >"$state/url"
    chmod 600 "$state/url"
    runner=""
    [ "$(id -u)" -eq 0 ] && runner="runuser -u postgres --"
    cat >"$state/pgctl" <<EOF
#!/usr/bin/env bash
# pg_ctl on the test server: pgctl stop|start|restart
exec $runner "$bindir/pg_ctl" -D "$data/pgdata" -l "$data/server.log" -w -t 60 -m fast "\$@"
EOF
    chmod 755 "$state/pgctl"
    echo "PostgreSQL test server on 127.0.0.1:$started in $data"
    ;;
stop)
    [ -n "$bindir" ] || exit 0
    stop_server
    echo "PostgreSQL test server stopped"
    ;;
*)
    echo "usage: pgserver.sh start|stop <state-folder>" >&2
    exit 2
    ;;
esac
