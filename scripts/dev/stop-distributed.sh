#!/usr/bin/env bash
# Stop what scripts/dev/start-distributed.sh started: the gateway (private nginx) and the four
# services, by their recorded pids only. Infra (PostgreSQL, Kafka, stripe-mock) keeps running
# unless --all is given (then scripts/infra/stop-all.sh, which stops only what it started).
# Idempotent. Env: STOP_TIMEOUT (20 s before SIGKILL).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DIR="$ROOT/.data/distributed"
GW_DIR="$DIR/gateway"
SERVICES=(campaigns pledges matching payouts)
STOP_TIMEOUT="${STOP_TIMEOUT:-20}"
ALL=0
for arg in "$@"; do
  case "$arg" in
    --all) ALL=1 ;;
    -h|--help) sed -n '2,6p' "$0"; exit 0 ;;
    *) echo "usage: $0 [--all]" >&2; exit 2 ;;
  esac
done
log() { echo "[distributed] $*" >&2; }
matches() { tr '\0' ' ' < "/proc/$1/cmdline" 2>/dev/null | grep -q -- "$2"; }

# pid from FILE if alive and still PATTERN, else clean the stale file
recorded_pid() {
  local name=$1 file=$2 pattern=$3 pid
  [ -f "$file" ] || { log "$name: not running (no pid file)"; return 1; }
  pid=$(cat "$file" 2>/dev/null || true)
  if [ -z "$pid" ] || ! kill -0 "$pid" 2>/dev/null; then log "$name: pid ${pid:-?} not running"; rm -f "$file"; return 1; fi
  if ! matches "$pid" "$pattern"; then log "$name: pid $pid is no longer $pattern; not touching it"; rm -f "$file"; return 1; fi
  echo "$pid"
}

wait_gone() {  # NAME PID SIGNAL-ALREADY-SENT
  local name=$1 pid=$2
  for _ in $(seq 1 $((STOP_TIMEOUT * 4))); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.25; done
  log "$name: pid $pid still running after ${STOP_TIMEOUT} s; SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
}

# 1) gateway first, so no request reaches a stopping service
if pid=$(recorded_pid gateway "$GW_DIR/nginx.pid" "nginx: master"); then
  log "gateway: stopping nginx master pid $pid (graceful quit)"
  kill -QUIT "$pid" 2>/dev/null || true
  wait_gone gateway "$pid"
  rm -f "$GW_DIR/nginx.pid"
fi

# 2) services: SIGTERM all (Nest shutdown hooks close consumers, relay and pools), then wait
declare -A PIDS=()
for svc in "${SERVICES[@]}"; do
  if pid=$(recorded_pid "$svc" "$DIR/$svc.pid" "apps/$svc/src/main.ts"); then
    log "$svc: stopping pid $pid"
    kill -TERM "$pid" 2>/dev/null || true
    PIDS[$svc]=$pid
  fi
  # extra replicas (start-distributed.sh REPLICAS > 1): <svc>-<n>.pid
  for f in "$DIR/$svc"-[0-9].pid; do
    [ -f "$f" ] || continue
    name=$(basename "$f" .pid)
    if pid=$(recorded_pid "$name" "$f" "apps/$svc/src/main.ts"); then
      log "$name: stopping pid $pid"
      kill -TERM "$pid" 2>/dev/null || true
      PIDS[$name]=$pid
    fi
  done
done
for name in "${!PIDS[@]}"; do
  wait_gone "$name" "${PIDS[$name]}"
  rm -f "$DIR/$name.pid"
done

# the dev-token secret lives only as long as the services that use it
alive=0
for svc in "${SERVICES[@]}"; do
  if [ -f "$DIR/$svc.pid" ]; then alive=1; fi
done
if [ "$alive" = 0 ]; then rm -f "$DIR/auth-dev-secret" "$DIR/dev-tokens"; fi

# 3) infra only on request
if [ "$ALL" = 1 ]; then
  bash "$ROOT/scripts/infra/stop-all.sh"
else
  log "infra left running (PostgreSQL, Kafka, stripe-mock); --all stops it"
fi
