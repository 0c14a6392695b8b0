#!/usr/bin/env bash
# Fault injection in distributed mode (CI step; README "Fault injection"): runs
# scripts/faults/run-faults.ts under an overall timeout. It starts its OWN Kafka broker
# (127.0.0.1:${FAULTS_KAFKA_PORT:-19092}), the four services on :${FAULTS_BASE_PORT:-3201}-3204 and a
# fresh database civic_faults_<run> on the PostgreSQL server of DATABASE_URL (started with
# scripts/infra/start-postgres.sh when DATABASE_URL is unset); it never touches the shared broker.
# Service logs: artifacts/faults/<service>.log; the run's output: artifacts/faults/run.log.
# Env: FAULTS_TIMEOUT (360 s, whole run)  FAULTS_SEED  FAULTS_LOAD_SECONDS (90)  and the other FAULTS_*
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

# Whatever the driver could not clean up (it was killed by the timeout): its services, its broker, its database.
cleanup() {
  local rc=$?
  for f in "$RUN_DIR"/*.pid; do
    [ -f "$f" ] || continue
    pid=$(cat "$f" 2>/dev/null || true)
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || continue
    if tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -qE 'apps/[a-z]+/src/main.ts|kafka.Kafka'; then
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
FAULTS_RUN_DIR="$RUN_DIR" timeout --signal=TERM --kill-after=20 "${FAULTS_TIMEOUT:-360}" \
  node -r @swc-node/register scripts/faults/run-faults.ts 2>&1 | tee "$ART/run.log"
rc=${PIPESTATUS[0]}
set -e
if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then echo "[faults] FAILED: the run exceeded FAULTS_TIMEOUT=${FAULTS_TIMEOUT:-360} s" >&2; fi
exit "$rc"
