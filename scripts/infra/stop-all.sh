#!/usr/bin/env bash
# Stop only what scripts/infra/start-*.sh started and recorded in $CIVIC_RUN_DIR (~/.cache/civic/run):
# the Kafka broker pid, the stripe-mock pid, and the PostgreSQL cluster start-postgres.sh started
# (private cluster: pg_ctl stop; Debian cluster it started: pg_ctlcluster stop). Servers that were
# merely reused are left alone. Idempotent.
set -euo pipefail
RUN_DIR="${CIVIC_RUN_DIR:-${CIVIC_CACHE_DIR:-$HOME/.cache/civic}/run}"

# stop_pid PREFIX PIDFILE PATTERN: SIGTERM the recorded pid if its command line still matches PATTERN
stop_pid() {
  local prefix=$1 file=$2 pattern=$3 pid
  [ -f "$file" ] || { echo "[$prefix] nothing recorded" >&2; return 0; }
  pid=$(cat "$file")
  if ! kill -0 "$pid" 2>/dev/null; then echo "[$prefix] pid $pid not running" >&2; rm -f "$file"; return 0; fi
  if ! tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q -- "$pattern"; then
    echo "[$prefix] pid $pid is no longer $pattern; not touching it" >&2; rm -f "$file"; return 0
  fi
  echo "[$prefix] stopping pid $pid" >&2
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  if kill -0 "$pid" 2>/dev/null; then echo "[$prefix] pid $pid ignored SIGTERM for 30 s; SIGKILL" >&2; kill -KILL "$pid" 2>/dev/null || true; fi
  rm -f "$file"
}

stop_pid stripe-mock "$RUN_DIR/stripe-mock.pid" stripe-mock
stop_pid kafka "$RUN_DIR/kafka.pid" kafka.Kafka

if [ -f "$RUN_DIR/postgres.state" ]; then
  read -r kind a b < "$RUN_DIR/postgres.state"
  case "$kind" in
    private)  # a=bin dir, b=data dir
      if [ -f "$b/postmaster.pid" ]; then
        echo "[postgres] pg_ctl stop -D $b" >&2
        runuser -u postgres -- "$a/pg_ctl" -D "$b" -m fast -w stop >/dev/null || true
      else echo "[postgres] private cluster $b not running" >&2; fi ;;
    debian)   # a=version, b=cluster name
      echo "[postgres] pg_ctlcluster stop $a $b" >&2
      pg_ctlcluster --skip-systemctl-redirect "$a" "$b" stop || true ;;
    *) echo "[postgres] unknown state '$kind'" >&2 ;;
  esac
  rm -f "$RUN_DIR/postgres.state"
else
  echo "[postgres] nothing recorded" >&2
fi
