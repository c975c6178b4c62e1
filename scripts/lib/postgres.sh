# Throwaway local PostgreSQL cluster (needs lib/common.sh sourced first) for scripts/run, scripts/test and bench/run. Source it, then call
# start_local_postgres NAME; it exports ConnectionStrings__Default and stops and deletes the cluster when
# the calling script exits (normally, on failure or on Ctrl-C). Works as a normal user and as root (the
# server then runs as the postgres user, since PostgreSQL refuses to run as root).

_pg_find_bin() {
  local dir
  for dir in "${PG_BIN:-}" /usr/lib/postgresql/*/bin; do
    if [ -n "$dir" ] && [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
      echo "$dir"
    fi
  done | sort -V | tail -n 1
}

ensure_postgres_binaries() {
  PG_BIN=$(_pg_find_bin)
  if [ -n "$PG_BIN" ]; then
    return 0
  fi
  if [ "$(id -u)" = 0 ]; then
    echo "PostgreSQL server binaries not found; installing them with apt-get." >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql postgresql-contrib >/dev/null
    PG_BIN=$(_pg_find_bin)
  fi
  if [ -z "$PG_BIN" ]; then
    echo "PostgreSQL server binaries (initdb, pg_ctl) are missing. Install them with:" >&2
    echo "  sudo apt-get install -y postgresql" >&2
    exit 1
  fi
}

_pg_as_owner() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

_pg_free_port() {
  local port
  for port in $(seq "${1:-55432}" 65000); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  return 1
}

_pg_cleanup() {
  if [ -n "${_PG_DATA:-}" ] && [ -d "$_PG_DATA" ]; then
    _pg_as_owner "$PG_BIN/pg_ctl" -D "$_PG_DATA" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$_PG_ROOT"
  fi
}

# start_local_postgres NAME [extra postgresql.conf lines...]
start_local_postgres() {
  local name=$1
  shift
  ensure_postgres_binaries
  mkdir -p "$REPO_ROOT/.local"
  _PG_ROOT=$(mktemp -d "$REPO_ROOT/.local/pg-$name.XXXXXX")
  if [ "$(id -u)" = 0 ]; then
    chmod 755 "$_PG_ROOT"
    # The postgres user must reach the folder; where a parent (e.g. /root) is closed, use /tmp.
    if ! runuser -u postgres -- test -w "$_PG_ROOT"; then
      chown postgres "$_PG_ROOT"
      if ! runuser -u postgres -- test -w "$_PG_ROOT"; then
        rm -rf "$_PG_ROOT"
        _PG_ROOT=$(mktemp -d "/tmp/resourceshare-pg-$name.XXXXXX")
        chown postgres "$_PG_ROOT"
      fi
    fi
  fi
  _PG_DATA="$_PG_ROOT/data"
  on_exit _pg_cleanup

  local password port
  password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
  port=$(_pg_free_port "${PGPORT_START:-55432}")
  printf '%s\n' "$password" > "$_PG_ROOT/pwfile"
  chmod 600 "$_PG_ROOT/pwfile"
  [ "$(id -u)" = 0 ] && chown postgres "$_PG_ROOT/pwfile"

  _pg_as_owner "$PG_BIN/initdb" -D "$_PG_DATA" -U postgres --pwfile="$_PG_ROOT/pwfile" \
    --auth-local=scram-sha-256 --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$_PG_ROOT/initdb.log" 2>&1 \
    || { cat "$_PG_ROOT/initdb.log" >&2; return 1; }
  rm -f "$_PG_ROOT/pwfile"
  {
    echo "listen_addresses = '127.0.0.1'"
    echo "port = $port"
    echo "unix_socket_directories = '$_PG_ROOT'"
    echo "max_connections = 400"
    echo "shared_buffers = 256MB"
    # A throwaway cluster: durability buys nothing here, speed does.
    echo "fsync = off"
    echo "synchronous_commit = off"
    echo "full_page_writes = off"
    local line
    for line in "$@"; do echo "$line"; done
  } >>"$_PG_DATA/postgresql.conf"

  _pg_as_owner "$PG_BIN/pg_ctl" -D "$_PG_DATA" -l "$_PG_ROOT/server.log" -w -t 60 start >/dev/null \
    || { cat "$_PG_ROOT/server.log" >&2; return 1; }

  # The API connects as its own role, not as the superuser: it owns its database and may create the
  # throwaway databases of the test suite, nothing more.
  local app_password
  app_password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
  PGPASSWORD=$password "$PG_BIN/psql" -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 \
    -v app_password="$app_password" <<'SQL' >/dev/null
CREATE ROLE resourceshare LOGIN CREATEDB PASSWORD :'app_password';
CREATE DATABASE resourceshare OWNER resourceshare;
SQL

  export PGHOST=127.0.0.1 PGPORT=$port
  export LOCAL_POSTGRES_SUPERUSER_PASSWORD=$password
  export ConnectionStrings__Default="Host=127.0.0.1;Port=$port;Database=resourceshare;Username=resourceshare;Password=$app_password"
  echo "Local PostgreSQL ($("$PG_BIN/postgres" --version | awk '{print $3}')) on 127.0.0.1:$port, data in $_PG_DATA (deleted on exit)." >&2
}
