#!/usr/bin/env bash
# Start (or reuse) PostgreSQL, Kafka and stripe-mock on 127.0.0.1, then print the env vars to use.
# Each start script is idempotent; stop with scripts/infra/stop-all.sh. Env vars of the single scripts apply.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
t0=$(date +%s.%N)
elapsed() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN{printf "%.2f", b-a}'; }
times=()
for svc in postgres kafka stripe-mock; do
  t=$(date +%s.%N)
  bash "$here/start-$svc.sh"
  times+=("$svc=$(elapsed "$t")s")
done
echo "[infra] all up in $(elapsed "$t0") s (${times[*]})" >&2
echo "DATABASE_URL=postgres://${PG_APP_USER:-civic}:${PG_APP_PASSWORD:-civic}@127.0.0.1:${PGPORT:-5432}/${PG_APP_DB:-civic} KAFKA_BROKERS=127.0.0.1:${KAFKA_PORT:-9092} STRIPE_MOCK_URL=http://127.0.0.1:${STRIPE_MOCK_PORT:-12111}"
