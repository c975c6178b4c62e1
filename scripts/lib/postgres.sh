# Local PostgreSQL clusters for scripts/run, scripts/test and bench/run (needs lib/common.sh sourced first).
# Source it, then call start_local_postgres NAME for a throwaway cluster, stopped and deleted when the calling
# script exits (normally, on failure or on Ctrl-C), or start_kept_postgres FOLDER for one that is kept between
# runs. Both export ConnectionStrings__Default (the API's role, resourceshare_app: data rights only) and
# ConnectionStrings__Migrations (resourceshare, which owns the database and its schema). They work as a normal
# user and as root (the server then runs as the postgres user, since PostgreSQL refuses to run as root).

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

# _pg_owned_dir PATH: creates PATH so that the server's user can write in it; prints the folder to use (as
# root, where a parent such as /root is closed to the postgres user, a folder under /tmp instead).
_pg_owned_dir() {
  local dir=$1
  mkdir -p "$dir"
  if [ "$(id -u)" = 0 ]; then
    chmod 755 "$dir"
    if ! runuser -u postgres -- test -w "$dir"; then
      chown postgres "$dir"
      if ! runuser -u postgres -- test -w "$dir"; then
        rmdir "$dir" 2>/dev/null || true
        dir=$(mktemp -d "/tmp/resourceshare-pg-$(basename "$dir").XXXXXX")
        chown postgres "$dir"
      fi
    fi
  fi
  echo "$dir"
}

# _pg_password ROOT NAME: the password NAME (superuser, owner, data) kept in ROOT/credentials, made on first use.
# Clusters from before the two roles kept the owner's password as "app".
_pg_password() {
  local file=$1/credentials name=$2 value=""
  if [ -f "$file" ]; then
    value=$(sed -n "s/^$name=//p" "$file")
  fi
  if [ -z "$value" ] && [ "$name" = owner ] && [ -f "$file" ]; then
    value=$(sed -n 's/^app=//p' "$file")
  fi
  if [ -z "$value" ]; then
    value=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
    (umask 077 && printf '%s=%s\n' "$name" "$value" >>"$file")
  fi
  echo "$value"
}

# _pg_init ROOT: a new cluster in ROOT/data whose superuser postgres has a random password, kept in
# ROOT/credentials together with the passwords of the roles that _pg_create_roles creates.
_pg_init() {
  local root=$1
  rm -f "$root/credentials"
  (umask 077 && _pg_password "$root" superuser >"$root/pwfile")
  chmod 600 "$root/pwfile"
  [ "$(id -u)" = 0 ] && chown postgres "$root/pwfile"
  _pg_as_owner "$PG_BIN/initdb" -D "$root/data" -U postgres --pwfile="$root/pwfile" \
    --auth-local=scram-sha-256 --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$root/initdb.log" 2>&1 \
    || { cat "$root/initdb.log" >&2; rm -f "$root/pwfile"; return 1; }
  rm -f "$root/pwfile"
  # Settings that differ between starts (port, socket folder, tuning) live in extra.conf, rewritten on each start.
  echo "include_if_exists = 'extra.conf'" >>"$root/data/postgresql.conf"
}

# _pg_start ROOT [postgresql.conf lines...]: starts the cluster of ROOT on a free port and exports the
# connections of its two roles (ConnectionStrings__Default, ConnectionStrings__Migrations), PGHOST, PGPORT and
# the superuser's password.
_pg_start() {
  local root=$1 port line
  shift
  port=$(_pg_free_port "${PGPORT_START:-55432}")
  {
    echo "listen_addresses = '127.0.0.1'"
    echo "port = $port"
    echo "unix_socket_directories = '$root'"
    for line in "$@"; do echo "$line"; done
  } >"$root/extra.conf"
  [ "$(id -u)" = 0 ] && chown postgres "$root/extra.conf"
  mv "$root/extra.conf" "$root/data/extra.conf"
  _pg_as_owner "$PG_BIN/pg_ctl" -D "$root/data" -l "$root/server.log" -w -t 600 start >/dev/null \
    || { cat "$root/server.log" >&2; return 1; }
  export PGHOST=127.0.0.1 PGPORT=$port
  LOCAL_POSTGRES_SUPERUSER_PASSWORD=$(_pg_password "$root" superuser)
  export LOCAL_POSTGRES_SUPERUSER_PASSWORD
  local server="Host=127.0.0.1;Port=$port;Database=resourceshare"
  export ConnectionStrings__Default="$server;Username=resourceshare_app;Password=$(_pg_password "$root" data)"
  export ConnectionStrings__Migrations="$server;Username=resourceshare;Password=$(_pg_password "$root" owner)"
}

# Two roles, neither a superuser: resourceshare owns the database, runs the migrations and may create the
# throwaway databases of the test suite; resourceshare_app, as which the API serves requests, gets the rights to
# read and write the data from the migrations (0012_data_role.sql) and nothing else. The owner is a member of
# the data role, so that it may end the API's connections (pg_terminate_backend), as tests of failures do.
# Idempotent: a kept cluster made before the data role existed gets it on its next start.
_pg_create_roles() {
  local root=$1
  PGPASSWORD=$LOCAL_POSTGRES_SUPERUSER_PASSWORD "$PG_BIN/psql" -q -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres \
    -v ON_ERROR_STOP=1 -v owner_password="$(_pg_password "$root" owner)" -v data_password="$(_pg_password "$root" data)" \
    <<'SQL' >/dev/null
SELECT format('CREATE ROLE resourceshare LOGIN CREATEDB PASSWORD %L', :'owner_password')
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'resourceshare') \gexec
SELECT format('CREATE ROLE resourceshare_app LOGIN PASSWORD %L', :'data_password')
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'resourceshare_app') \gexec
SELECT 'GRANT resourceshare_app TO resourceshare'
 WHERE NOT pg_has_role('resourceshare', 'resourceshare_app', 'MEMBER') \gexec
SELECT 'CREATE DATABASE resourceshare OWNER resourceshare'
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'resourceshare') \gexec
SQL
}

# start_local_postgres NAME [extra postgresql.conf lines...]
start_local_postgres() {
  local name=$1
  shift
  ensure_postgres_binaries
  mkdir -p "$REPO_ROOT/.local"
  _PG_ROOT=$(_pg_owned_dir "$(mktemp -d "$REPO_ROOT/.local/pg-$name.XXXXXX")")
  _PG_DATA="$_PG_ROOT/data"
  on_exit _pg_cleanup
  _pg_init "$_PG_ROOT"
  # A throwaway cluster: durability buys nothing here, speed does.
  _pg_start "$_PG_ROOT" "max_connections = 400" "shared_buffers = 256MB" "fsync = off" "synchronous_commit = off" \
    "full_page_writes = off" "$@"
  _pg_create_roles "$_PG_ROOT"
  echo "Local PostgreSQL ($("$PG_BIN/postgres" --version | awk '{print $3}')) on 127.0.0.1:$PGPORT, data in $_PG_DATA (deleted on exit)." >&2
}

# start_kept_postgres FOLDER [postgresql.conf lines...]: like start_local_postgres, but the cluster in FOLDER
# outlives the script: created on first use, started with the given settings, stopped (not deleted) on exit.
start_kept_postgres() {
  local root=$1
  shift
  ensure_postgres_binaries
  root=$(_pg_owned_dir "$root")
  if [ ! -f "$root/data/PG_VERSION" ]; then
    _pg_init "$root"
  fi
  _pg_start "$root" "$@"
  on_exit "_pg_as_owner '$PG_BIN/pg_ctl' -D '$root/data' -m fast -w stop >/dev/null 2>&1"
  _pg_create_roles "$root"
  echo "PostgreSQL ($("$PG_BIN/postgres" --version | awk '{print $3}')) on 127.0.0.1:$PGPORT, data in $root/data (kept)." >&2
}
