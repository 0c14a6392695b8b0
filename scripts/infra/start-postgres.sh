#!/usr/bin/env bash
# Start (or reuse) a PostgreSQL server from Debian packages, without systemd or Docker, and make sure
# the application role/database exist. Idempotent: reuses a server already accepting on 127.0.0.1:$PGPORT.
# Needs root (apt-get, runuser).
# Env: PGPORT (5432)  PG_APP_USER (civic)  PG_APP_PASSWORD (civic)  PG_APP_DB (civic)
#      PG_MAX_CONNECTIONS (200)
#      PG_PRIVATE_DIR (/var/tmp/civic-pg) - private throwaway cluster, used only when no Debian
#                                           cluster (pg_lsclusters) is configured for $PGPORT
#      PG_FAST (1) - fsync/synchronous_commit/full_page_writes off on the *private* cluster;
#                    only synchronous_commit=off on a Debian cluster
#      CIVIC_RUN_DIR (~/.cache/civic/run) - what this script started, read by stop-all.sh
set -euo pipefail
t0=$(date +%s.%N)
PGPORT="${PGPORT:-5432}"
APP_USER="${PG_APP_USER:-civic}"; APP_PASS="${PG_APP_PASSWORD:-civic}"; APP_DB="${PG_APP_DB:-civic}"
MAX_CONN="${PG_MAX_CONNECTIONS:-200}"
PRIVATE_DIR="${PG_PRIVATE_DIR:-/var/tmp/civic-pg}"
RUN_DIR="${CIVIC_RUN_DIR:-${CIVIC_CACHE_DIR:-$HOME/.cache/civic}/run}"
STATE_FILE="$RUN_DIR/postgres.state"
log() { echo "[postgres] $*" >&2; }
elapsed() { awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN{printf "%.2f", b-a}'; }
ready() { pg_isready -q -h 127.0.0.1 -p "$PGPORT" 2>/dev/null; }
pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
mkdir -p "$RUN_DIR"

# 0) binaries: Debian packages (a fresh machine may have none)
if ! command -v pg_isready >/dev/null || [ -z "$(pg_bin)" ] || [ ! -x "$(pg_bin)/postgres" ] || ! id postgres >/dev/null 2>&1; then
  log "installing postgresql from Debian packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -q --no-install-recommends postgresql postgresql-client >&2
  log "installed ($(elapsed) s)"
fi
BIN="$(pg_bin)"

# the Debian cluster (created by the package's postinst) configured for $PGPORT, if any: "ver name"
debian_cluster() {
  command -v pg_lsclusters >/dev/null || return 0
  pg_lsclusters -h 2>/dev/null | awk -v p="$PGPORT" '$3 == p {print $1, $2; exit}'
}
# Debian clusters read conf.d/*.conf: keep our settings there so every start method picks them up
debian_conf() {
  local d="/etc/postgresql/$1/$2/conf.d"
  [ -d "$d" ] || return 0
  printf "# written by scripts/infra/start-postgres.sh\nmax_connections = %s\nlisten_addresses = '127.0.0.1'\n" \
    "$MAX_CONN" > "$d/civic.conf"
}

# start options for a Debian cluster: its data is not ours to risk, so only synchronous_commit=off
# (may lose the last commits on a crash, never corrupts), not fsync=off
debian_opts() {
  local o="-c listen_addresses=127.0.0.1 -c max_connections=$MAX_CONN"
  [ "${PG_FAST:-1}" = 1 ] && o="$o -c synchronous_commit=off"
  echo "$o"
}

# superuser psql: Debian socket (peer auth), then the private socket dir, then TCP as postgres
pick_su() {
  local base=(psql -X -q -v ON_ERROR_STOP=1 -p "$PGPORT" -d postgres)
  if runuser -u postgres -- "${base[@]}" -h "$PRIVATE_DIR" -Atc 'select 1' >/dev/null 2>&1; then
    SU=(runuser -u postgres -- "${base[@]}" -h "$PRIVATE_DIR")
  elif runuser -u postgres -- "${base[@]}" -Atc 'select 1' >/dev/null 2>&1; then
    SU=(runuser -u postgres -- "${base[@]}")
  elif "${base[@]}" -h 127.0.0.1 -U postgres -w -Atc 'select 1' >/dev/null 2>&1; then
    SU=("${base[@]}" -h 127.0.0.1 -U postgres -w)
  else log "server on $PGPORT is up but no superuser access; create role/db yourself"; exit 1; fi
}

read -r DEB_VER DEB_NAME <<<"$(debian_cluster)" || true
if ready; then
  log "reusing server already accepting on 127.0.0.1:$PGPORT"
else
  if [ -n "${DEB_VER:-}" ]; then
    # 1) a Debian cluster is configured for this port: start it with pg_ctlcluster (no systemctl)
    log "starting Debian cluster $DEB_VER/$DEB_NAME on 127.0.0.1:$PGPORT"
    debian_conf "$DEB_VER" "$DEB_NAME"
    rc=0; pg_ctlcluster --skip-systemctl-redirect "$DEB_VER" "$DEB_NAME" start -- -o "$(debian_opts)" >&2 || rc=$?
    [ "$rc" = 0 ] || [ "$rc" = 2 ] || { log "pg_ctlcluster start failed (rc $rc)"; \
      tail -20 "/var/log/postgresql/postgresql-$DEB_VER-$DEB_NAME.log" >&2 || true; exit 1; }
    [ "$rc" = 0 ] && echo "debian $DEB_VER $DEB_NAME" > "$STATE_FILE"
  else
    # 2) otherwise a private throwaway cluster owned by postgres in $PRIVATE_DIR
    mkdir -p "$PRIVATE_DIR"; chown postgres:postgres "$PRIVATE_DIR"; chmod 700 "$PRIVATE_DIR"
    if [ ! -f "$PRIVATE_DIR/data/PG_VERSION" ]; then
      log "initdb $PRIVATE_DIR/data ($("$BIN/postgres" --version))"
      runuser -u postgres -- "$BIN/initdb" -D "$PRIVATE_DIR/data" -U postgres \
        --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
    fi
    opts="-p $PGPORT -k $PRIVATE_DIR -c listen_addresses=127.0.0.1 -c max_connections=$MAX_CONN"
    [ "${PG_FAST:-1}" = 1 ] && opts="$opts -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    log "starting private cluster $PRIVATE_DIR/data on 127.0.0.1:$PGPORT"
    runuser -u postgres -- "$BIN/pg_ctl" -D "$PRIVATE_DIR/data" -l "$PRIVATE_DIR/server.log" -o "$opts" -w -t 60 start >/dev/null \
      || { log "pg_ctl start failed:"; tail -20 "$PRIVATE_DIR/server.log" >&2; exit 1; }
    echo "private $BIN $PRIVATE_DIR/data" > "$STATE_FILE"
  fi
  for _ in $(seq 1 60); do ready && break; sleep 0.5; done
  ready || { log "server did not become ready on 127.0.0.1:$PGPORT"; exit 1; }
  log "server up ($(elapsed) s)"
fi
pick_su

# max_connections: a reused Debian cluster (e.g. one apt's postinst started) may run with 100
cur=$("${SU[@]}" -Atc 'SHOW max_connections')
if [ "$cur" -lt "$MAX_CONN" ]; then
  if [ -n "${DEB_VER:-}" ]; then
    log "max_connections is $cur < $MAX_CONN: restarting Debian cluster $DEB_VER/$DEB_NAME"
    debian_conf "$DEB_VER" "$DEB_NAME"
    pg_ctlcluster --skip-systemctl-redirect "$DEB_VER" "$DEB_NAME" restart -- -o "$(debian_opts)" >&2
    for _ in $(seq 1 60); do ready && break; sleep 0.5; done
    cur=$("${SU[@]}" -Atc 'SHOW max_connections')
    echo "debian $DEB_VER $DEB_NAME" > "$STATE_FILE"
  else
    log "WARNING: max_connections is $cur (< $MAX_CONN) on a server this script did not start"
  fi
fi

# Application role and database (idempotent). Password auth over TCP (scram) works with the default
# pg_hba of both Debian clusters and initdb --auth-host=scram-sha-256.
"${SU[@]}" <<SQL
DO \$\$BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${APP_USER}') THEN
    CREATE ROLE "${APP_USER}" LOGIN PASSWORD '${APP_PASS}' CREATEDB;
  ELSE
    ALTER ROLE "${APP_USER}" LOGIN PASSWORD '${APP_PASS}' CREATEDB;
  END IF;
END\$\$;
SQL
if [ -z "$("${SU[@]}" -Atc "SELECT 1 FROM pg_database WHERE datname='${APP_DB}'")" ]; then
  "${SU[@]}" -c "CREATE DATABASE \"${APP_DB}\" OWNER \"${APP_USER}\""
fi
ver=$(PGPASSWORD="$APP_PASS" psql -X -h 127.0.0.1 -p "$PGPORT" -U "$APP_USER" -d "$APP_DB" -Atc 'SHOW server_version') \
  || { log "cannot log in as $APP_USER over TCP"; exit 1; }
log "ready in $(elapsed) s: postgres://${APP_USER}:***@127.0.0.1:${PGPORT}/${APP_DB} (PostgreSQL $ver, max_connections $cur)"
