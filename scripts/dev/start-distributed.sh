#!/usr/bin/env bash
# The distributed topology without Docker (same shape as docker-compose.yml):
#   infra      scripts/infra/start-all.sh: PostgreSQL :5432, Kafka :9092, stripe-mock :12111
#   services   campaigns :3101  pledges :3102  matching :3103  payouts :3104  (RUN_MODE=distributed,
#              one background process each; dev tokens only with DEV_TOKENS=1, see below)
#   gateway    nginx on 127.0.0.1:8080 from deploy/gateway/nginx.conf.template (private prefix,
#              not the system nginx service), same public paths as embedded mode
# Logs .data/distributed/<svc>.log (gateway: gateway.log, gateway.access.log), pids <svc>.pid.
# Idempotent: running services and gateway are reused (the gateway config is re-rendered and
# reloaded). Stop with scripts/dev/stop-distributed.sh [--all].
# Env: HEALTH_TIMEOUT (90 s)  GATEWAY_PORT (8080)  LOG_LEVEL (info)
#      REPLICAS (1): processes per service; replica n >= 2 is <svc>-<n> on the service's port + 10 (n-1)
#      (3111, 3121, ...), behind the same gateway upstream (one nginx server per replica, failover)
#      PAYMENTS_PROVIDER (stripe, against stripe-mock; "sandbox" to skip Stripe)  STRIPE_SECRET_KEY
#      DEV_TOKENS (0; 1 = POST /auth/dev-token on, local development only, with a secret random per
#      run unless AUTH_DEV_SECRET is given)  TRUST_PROXY (loopback: the gateway on this host)
#      Anything else the services read (KAFKA_NAMESPACE, OIDC_*, ...) is passed through.
# Helpers, sourced: scripts/dev/distributed/{common,dev-tokens,services,gateway}.sh.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DIR="$ROOT/.data/distributed"
GW_DIR="$DIR/gateway"
TEMPLATE="$ROOT/deploy/gateway/nginx.conf.template"
SERVICES=(campaigns pledges matching payouts)
declare -A PORTS=([campaigns]=3101 [pledges]=3102 [matching]=3103 [payouts]=3104)
GATEWAY_PORT="${GATEWAY_PORT:-8080}"
REPLICAS="${REPLICAS:-1}"
[[ "$REPLICAS" =~ ^[1-9]$ ]] || { echo "[distributed] ERROR: REPLICAS must be 1-9 (got $REPLICAS)" >&2; exit 1; }
HEALTH_TIMEOUT="${HEALTH_TIMEOUT:-90}"
LIB="$ROOT/scripts/dev/distributed"
# shellcheck source=scripts/dev/distributed/common.sh
source "$LIB/common.sh"
# shellcheck source=scripts/dev/distributed/dev-tokens.sh
source "$LIB/dev-tokens.sh"
# shellcheck source=scripts/dev/distributed/services.sh
source "$LIB/services.sh"
# shellcheck source=scripts/dev/distributed/gateway.sh
source "$LIB/gateway.sh"
T0=$(now_ms)

cd "$ROOT"
mkdir -p "$DIR"
[ -f node_modules/@swc-node/register/package.json ] || die "node_modules missing: run npm ci first"
command -v curl >/dev/null || die "curl required"

# ---- 1) infra ----------------------------------------------------------------------------------
t=$(now_ms)
env_line=$(bash "$ROOT/scripts/infra/start-all.sh") || die "scripts/infra/start-all.sh failed"
for kv in $env_line; do
  [[ "$kv" =~ ^[A-Z_][A-Z0-9_]*=.+$ ]] || die "unexpected output from start-all.sh: $kv"
  export "${kv?}"
done
: "${DATABASE_URL:?start-all.sh printed no DATABASE_URL}" "${KAFKA_BROKERS:?start-all.sh printed no KAFKA_BROKERS}"
INFRA_S=$(since "$t")

# ---- 2) services -------------------------------------------------------------------------------
dev_tokens
service_env

t=$(now_ms)
declare -A STARTED_AT=() HEALTHY_AFTER=() UPSTREAMS=()
start_services
wait_healthy
start_replicas
SERVICES_S=$(since "$t")
ready_line=""
for svc in "${SERVICES[@]}"; do ready_line+=" $svc=${HEALTHY_AFTER[$svc]}s"; done
log "services healthy in $SERVICES_S s:$ready_line"

# ---- 3) gateway (nginx with a private prefix) --------------------------------------------------
t=$(now_ms)
ensure_nginx
render_gateway
start_gateway
GATEWAY_S=$(since "$t")

log "up in $(since "$T0") s (infra ${INFRA_S} s, services ${SERVICES_S} s, gateway ${GATEWAY_S} s)"
log "gateway $GW  (docs $GW/docs, per service $GW/services/<name>/docs)"
log "services:$(for s in "${SERVICES[@]}"; do printf ' %s=http://127.0.0.1:%s' "$s" "${PORTS[$s]}"; done)"
log "smoke test: bash scripts/dev/smoke-distributed.sh   stop: bash scripts/dev/stop-distributed.sh [--all]"
echo "GATEWAY_URL=$GW DATABASE_URL=$DATABASE_URL KAFKA_BROKERS=$KAFKA_BROKERS"
