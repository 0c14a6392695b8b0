#!/usr/bin/env bash
# Fault injection in distributed mode (CI step; docs/faults.md): runs scripts/faults/run-faults.ts
# under an overall timeout. It starts its OWN Kafka broker (127.0.0.1:${FAULTS_KAFKA_PORT:-19092}),
# FAULTS_REPLICAS (2) processes of each service from :${FAULTS_BASE_PORT:-3201}, the nginx gateway on
# :${FAULTS_GATEWAY_PORT:-3290} and a fresh database civic_faults_<run> on the PostgreSQL server of
# DATABASE_URL (started with scripts/infra/start-postgres.sh when DATABASE_URL is unset); payments go
# to stripe-mock at STRIPE_MOCK_URL (http://127.0.0.1:12111). It never touches the shared broker.
# nginx (and envsubst) are installed from Debian packages when missing, as start-distributed.sh does.
# Service logs: artifacts/faults/<service>-<n>.log, gateway(.access).log; the run's output: run.log.
# Env: FAULTS_TIMEOUT (420 s, whole run)  FAULTS_SEED  FAULTS_LOAD_SECONDS (90)  and the other FAULTS_*
#      of run-faults.ts. Exit 0 only when every check passed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
ART="$ROOT/artifacts/faults"
RUN_DIR="$ROOT/.data/faults/run-$(date +%Y%m%d%H%M%S)-$$"
mkdir -p "$ART" "$RUN_DIR"
[ -f node_modules/@swc-node/register/package.json ] || { echo "[faults] node_modules missing: run npm ci first" >&2; exit 1; }

if [ -z "${DATABASE_URL:-}" ]; then
  bash scripts/infra/start-postgres.sh >&2
  export DATABASE_URL="postgres://${PG_APP_USER:-civic}:${PG_APP_PASSWORD:-civic}@127.0.0.1:${PGPORT:-5432}/${PG_APP_DB:-civic}"
fi

# the gateway: nginx-light (nginx where it has no candidate), without starting the system service
if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ] || ! command -v envsubst >/dev/null; then
  [ "$(id -u)" = 0 ] || { echo "[faults] nginx and envsubst required: apt-get install nginx-light gettext-base (or run as root)" >&2; exit 1; }
  policy=/usr/sbin/policy-rc.d; made_policy=0
  if [ ! -e "$policy" ]; then printf '#!/bin/sh\nexit 101\n' > "$policy"; chmod +x "$policy"; made_policy=1; fi
  pkgs=(gettext-base)
  if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then
    cand=$(apt-cache policy nginx-light 2>/dev/null | awk '/Candidate:/{print $2; exit}')
    if [ -z "$cand" ] || [ "$cand" = "(none)" ]; then apt-get update -qq >&2; cand=$(apt-cache policy nginx-light 2>/dev/null | awk '/Candidate:/{print $2; exit}'); fi
    if [ -n "$cand" ] && [ "$cand" != "(none)" ]; then pkgs+=(nginx-light); else pkgs+=(nginx); fi
  fi
  echo "[faults] installing ${pkgs[*]} from Debian packages" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${pkgs[@]}" >&2 || { [ $made_policy = 1 ] && rm -f "$policy"; exit 1; }
  if [ $made_policy = 1 ]; then rm -f "$policy"; fi
fi

# Whatever the driver could not clean up (it was killed by the timeout): its services, its broker, its database.
cleanup() {
  local rc=$?
  for f in "$RUN_DIR"/*.pid; do
    [ -f "$f" ] || continue
    pid=$(cat "$f" 2>/dev/null || true)
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || continue
    if tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -qE 'apps/[a-z]+/src/main.ts|kafka.Kafka|nginx: master'; then
      echo "[faults] cleanup: killing leftover pid $pid ($(basename "$f" .pid))" >&2
      kill -9 "$pid" 2>/dev/null || true
    fi
  done
  if [ -f "$RUN_DIR/database" ] && [ "${FAULTS_KEEP:-0}" != 1 ]; then
    db=$(cat "$RUN_DIR/database")
    psql "$DATABASE_URL" -q -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
  fi
  [ "${FAULTS_KEEP:-0}" = 1 ] || rm -rf "$RUN_DIR"
  exit "$rc"
}
trap cleanup EXIT

set +e
FAULTS_RUN_DIR="$RUN_DIR" timeout --signal=TERM --kill-after=20 "${FAULTS_TIMEOUT:-420}" \
  node -r @swc-node/register scripts/faults/run-faults.ts 2>&1 | tee "$ART/run.log"
rc=${PIPESTATUS[0]}
set -e
if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then echo "[faults] FAILED: the run exceeded FAULTS_TIMEOUT=${FAULTS_TIMEOUT:-420} s" >&2; fi
exit "$rc"
