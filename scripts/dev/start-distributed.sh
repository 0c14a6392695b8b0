#!/usr/bin/env bash
# The distributed topology without Docker (same shape as docker-compose.yml):
#   infra      scripts/infra/start-all.sh: PostgreSQL :5432, Kafka :9092, stripe-mock :12111
#   services   campaigns :3101  pledges :3102  matching :3103  payouts :3104  (RUN_MODE=distributed,
#              one background process each, shared generated AUTH_DEV_SECRET, dev tokens on)
#   gateway    nginx on 127.0.0.1:8080 from deploy/gateway/nginx.conf.template (private prefix,
#              not the system nginx service), same public paths as embedded mode
# Logs .data/distributed/<svc>.log (gateway: gateway.log, gateway.access.log), pids <svc>.pid.
# Idempotent: running services and gateway are reused (the gateway config is re-rendered and
# reloaded). Stop with scripts/dev/stop-distributed.sh [--all].
# Env: HEALTH_TIMEOUT (90 s)  GATEWAY_PORT (8080)  LOG_LEVEL (info)
#      PAYMENTS_PROVIDER (stripe, against stripe-mock; "sandbox" to skip Stripe)  STRIPE_SECRET_KEY
#      AUTH_DEV_SECRET (default: generated once, kept in .data/distributed/auth-dev-secret)
#      Anything else the services read (KAFKA_NAMESPACE, OIDC_*, ...) is passed through.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DIR="$ROOT/.data/distributed"
GW_DIR="$DIR/gateway"
TEMPLATE="$ROOT/deploy/gateway/nginx.conf.template"
SERVICES=(campaigns pledges matching payouts)
declare -A PORTS=([campaigns]=3101 [pledges]=3102 [matching]=3103 [payouts]=3104)
GATEWAY_PORT="${GATEWAY_PORT:-8080}"
HEALTH_TIMEOUT="${HEALTH_TIMEOUT:-90}"

now_ms() { date +%s%3N; }
T0=$(now_ms)
since() { awk -v a="$1" -v b="$(now_ms)" 'BEGIN{printf "%.2f", (b-a)/1000}'; }
log() { echo "[distributed] $*" >&2; }
die() { log "ERROR: $*"; exit 1; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
http_code() { curl -s -o /dev/null -m "${2:-2}" -w '%{http_code}' "$1" 2>/dev/null || true; }
# pid recorded in $1 if that process is alive and its command line still matches $2
live_pid() {
  local file=$1 pattern=$2 pid
  [ -f "$file" ] || return 1
  pid=$(cat "$file" 2>/dev/null) || return 1
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q -- "$pattern" || return 1
  echo "$pid"
}

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
SECRET_FILE="$DIR/auth-dev-secret"
if [ -n "${AUTH_DEV_SECRET:-}" ]; then
  if [ -f "$SECRET_FILE" ] && [ "$(cat "$SECRET_FILE")" != "$AUTH_DEV_SECRET" ]; then
    log "AUTH_DEV_SECRET differs from the one running services were started with: restart them (stop-distributed.sh) for tokens to verify everywhere"
  fi
else
  [ -s "$SECRET_FILE" ] || (umask 077; head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$SECRET_FILE")
  AUTH_DEV_SECRET=$(cat "$SECRET_FILE")
fi
(umask 077; printf '%s' "$AUTH_DEV_SECRET" > "$SECRET_FILE")

export RUN_MODE=distributed HOST=127.0.0.1 AUTH_DEV_TOKENS=true AUTH_DEV_SECRET
export LOG_LEVEL="${LOG_LEVEL:-info}"
export PAYMENTS_PROVIDER="${PAYMENTS_PROVIDER:-stripe}"
export STRIPE_SECRET_KEY="${STRIPE_SECRET_KEY:-sk_test_civic_dev}"      # stripe-mock accepts any sk_test_*
export STRIPE_API_URL="${STRIPE_API_URL:-${STRIPE_MOCK_URL:-http://127.0.0.1:12111}}"
export MATCHING_BASE_URL="${MATCHING_BASE_URL:-http://127.0.0.1:${PORTS[matching]}}"   # quotes shown with new pledges
export CAMPAIGNS_BASE_URL="${CAMPAIGNS_BASE_URL:-http://127.0.0.1:${PORTS[campaigns]}}"   # GET /audit/platform reads each service's figures
export PLEDGES_BASE_URL="${PLEDGES_BASE_URL:-http://127.0.0.1:${PORTS[pledges]}}"
unset STRIPE_MOCK_URL DEMO_SEED PGLITE_DATA_DIR

t=$(now_ms)
declare -A STARTED_AT=() HEALTHY_AFTER=()
for svc in "${SERVICES[@]}"; do
  port=${PORTS[$svc]}
  if pid=$(live_pid "$DIR/$svc.pid" "apps/$svc/src/main.ts"); then
    log "$svc: reusing pid $pid on :$port"
    continue
  fi
  port_open "$port" && die "$svc: 127.0.0.1:$port is taken by a process this script did not start"
  [ -f "$DIR/$svc.log" ] && mv -f "$DIR/$svc.log" "$DIR/$svc.log.1"
  # setsid: own session, so the services outlive this shell; no wrapper (npm) between pid and node
  PORT=$port KAFKA_CLIENT_ID="civic-$svc" setsid nohup node -r @swc-node/register "apps/$svc/src/main.ts" \
    < /dev/null > "$DIR/$svc.log" 2>&1 &
  echo $! > "$DIR/$svc.pid"
  STARTED_AT[$svc]=$(now_ms)
  log "$svc: started pid $! on 127.0.0.1:$port (log .data/distributed/$svc.log)"
done

# Wait until every /health is 200 (database and broker reachable), bounded.
deadline=$(( $(now_ms) + HEALTH_TIMEOUT * 1000 ))
last_print=0
while :; do
  pending=() line=""
  for svc in "${SERVICES[@]}"; do
    if [ -n "${HEALTHY_AFTER[$svc]:-}" ]; then line+=" $svc=200"; continue; fi
    code=$(http_code "http://127.0.0.1:${PORTS[$svc]}/health" 3)
    line+=" $svc=$code"
    if [ "$code" = 200 ]; then
      HEALTHY_AFTER[$svc]=$(since "${STARTED_AT[$svc]:-$t}")
      continue
    fi
    pending+=("$svc")
    if ! live_pid "$DIR/$svc.pid" "apps/$svc/src/main.ts" >/dev/null; then
      log "$svc: process exited before becoming healthy; last lines of .data/distributed/$svc.log:"
      tail -n 40 "$DIR/$svc.log" >&2 || true
      rm -f "$DIR/$svc.pid"
      die "$svc failed to start (other services left running; stop-distributed.sh stops them)"
    fi
  done
  [ ${#pending[@]} -eq 0 ] && break
  if [ "$(now_ms)" -ge "$deadline" ]; then
    for svc in "${pending[@]}"; do
      log "$svc: /health not 200 after ${HEALTH_TIMEOUT} s; last lines of .data/distributed/$svc.log:"
      tail -n 25 "$DIR/$svc.log" >&2 || true
    done
    die "services not healthy after ${HEALTH_TIMEOUT} s:$line"
  fi
  if [ $(( $(now_ms) - last_print )) -ge 3000 ]; then
    log "waiting for /health ($(since "$t") s):$line"; last_print=$(now_ms)
  fi
  sleep 0.5
done
SERVICES_S=$(since "$t")
ready_line=""
for svc in "${SERVICES[@]}"; do ready_line+=" $svc=${HEALTHY_AFTER[$svc]}s"; done
log "services healthy in $SERVICES_S s:$ready_line"

# ---- 3) gateway (nginx with a private prefix) --------------------------------------------------
t=$(now_ms)
apt_candidate() { apt-cache policy "$1" 2>/dev/null | awk '/Candidate:/{print $2; exit}'; }
apt_install() {
  [ "$(id -u)" = 0 ] || die "$* missing; install it (apt-get install $*) or run as root"
  local pkg=$1 policy=/usr/sbin/policy-rc.d made_policy=0
  local cand; cand=$(apt_candidate "$pkg")
  if [ -z "$cand" ] || [ "$cand" = "(none)" ]; then apt-get update -qq >&2; cand=$(apt_candidate "$pkg"); fi
  if { [ -z "$cand" ] || [ "$cand" = "(none)" ]; } && [ -n "${2:-}" ]; then pkg=$2; cand=$(apt_candidate "$pkg"); fi
  { [ -n "$cand" ] && [ "$cand" != "(none)" ]; } || die "no installation candidate for $*"
  log "installing $pkg $cand from Debian packages"
  # keep the package's postinst from starting the system nginx service on :80
  if [ ! -e "$policy" ]; then printf '#!/bin/sh\nexit 101\n' > "$policy"; chmod +x "$policy"; made_policy=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$pkg" >&2 || { [ $made_policy = 1 ] && rm -f "$policy"; die "apt-get install $pkg failed"; }
  if [ $made_policy = 1 ]; then rm -f "$policy"; fi
}
NGINX=$(command -v nginx || { [ -x /usr/sbin/nginx ] && echo /usr/sbin/nginx; } || true)
if [ -z "$NGINX" ]; then apt_install nginx-light nginx; NGINX=$(command -v nginx || echo /usr/sbin/nginx); fi
command -v envsubst >/dev/null || apt_install gettext-base

mkdir -p "$GW_DIR/tmp"
export CAMPAIGNS_UPSTREAM="127.0.0.1:${PORTS[campaigns]}" PLEDGES_UPSTREAM="127.0.0.1:${PORTS[pledges]}" \
       MATCHING_UPSTREAM="127.0.0.1:${PORTS[matching]}" PAYOUTS_UPSTREAM="127.0.0.1:${PORTS[payouts]}" \
       GATEWAY_LISTEN="127.0.0.1:$GATEWAY_PORT" GATEWAY_ACCESS_LOG="$DIR/gateway.access.log" \
       WEB_ROOT="$ROOT/apps/web/dist"
node "$ROOT/scripts/dev/build-web-if-stale.js"   # the web app the gateway serves at /
# only our variables: nginx's own $host, $request_id, ... must stay as they are
envsubst '${CAMPAIGNS_UPSTREAM} ${PLEDGES_UPSTREAM} ${MATCHING_UPSTREAM} ${PAYOUTS_UPSTREAM} ${GATEWAY_LISTEN} ${GATEWAY_ACCESS_LOG} ${WEB_ROOT}' \
  < "$TEMPLATE" > "$GW_DIR/gateway.conf"

# temp paths only for the modules this nginx build has (nginx-light lacks uwsgi/scgi)
nginx_v=$("$NGINX" -V 2>&1)
temp_paths="    client_body_temp_path $GW_DIR/tmp/client_body;
    proxy_temp_path $GW_DIR/tmp/proxy;"
for m in fastcgi uwsgi scgi; do
  grep -q -- "--without-http_${m}_module" <<<"$nginx_v" || temp_paths+="
    ${m}_temp_path $GW_DIR/tmp/$m;"
done
user_line=""
if [ "$(id -u)" = 0 ]; then
  # workers drop root; they only write the temp dirs
  if id www-data >/dev/null 2>&1; then wuser=www-data; wgroup=www-data; else wuser=nobody; wgroup=$(id -gn nobody); fi
  user_line="user $wuser $wgroup;"
  chown -R "$wuser:$wgroup" "$GW_DIR/tmp"
fi
cat > "$GW_DIR/nginx.conf" <<CONF
# generated by scripts/dev/start-distributed.sh; the routing is in gateway.conf (from $TEMPLATE)
$user_line
worker_processes 1;
pid $GW_DIR/nginx.pid;
error_log $DIR/gateway.log notice;
events { worker_connections 1024; }
http {
    default_type application/octet-stream;
    keepalive_timeout 65s;
$temp_paths
    include $GW_DIR/gateway.conf;
}
CONF
NGINX_ARGS=(-p "$GW_DIR/" -c "$GW_DIR/nginx.conf" -e "$DIR/gateway.log")
if ! out=$("$NGINX" -t -q "${NGINX_ARGS[@]}" 2>&1); then
  printf '%s\n' "$out" | sed 's/^/[gateway] /' >&2
  die "gateway config invalid ($GW_DIR/nginx.conf)"
fi

if gw_pid=$(live_pid "$GW_DIR/nginx.pid" "nginx: master"); then
  log "gateway: reusing nginx master pid $gw_pid, reloading the rendered config"
  "$NGINX" "${NGINX_ARGS[@]}" -s reload
else
  port_open "$GATEWAY_PORT" && die "gateway: 127.0.0.1:$GATEWAY_PORT is taken by a process this script did not start"
  "$NGINX" "${NGINX_ARGS[@]}"    # daemonizes; pid in $GW_DIR/nginx.pid
  log "gateway: nginx started (pid $(cat "$GW_DIR/nginx.pid" 2>/dev/null || echo '?'), log .data/distributed/gateway.log)"
fi
GW="http://127.0.0.1:$GATEWAY_PORT"
for _ in $(seq 1 40); do [ "$(http_code "$GW/gateway/health")" = 200 ] && break; sleep 0.25; done
for path in /health /services/campaigns/health /services/pledges/health /services/matching/health /services/payouts/health; do
  code=$(http_code "$GW$path" 5)
  [ "$code" = 200 ] || die "gateway: GET $GW$path -> $code (see .data/distributed/gateway.log)"
done
GATEWAY_S=$(since "$t")

log "up in $(since "$T0") s (infra ${INFRA_S} s, services ${SERVICES_S} s, gateway ${GATEWAY_S} s)"
log "gateway $GW  (docs $GW/docs, per service $GW/services/<name>/docs)"
log "services:$(for s in "${SERVICES[@]}"; do printf ' %s=http://127.0.0.1:%s' "$s" "${PORTS[$s]}"; done)"
log "smoke test: bash scripts/dev/smoke-distributed.sh   stop: bash scripts/dev/stop-distributed.sh [--all]"
echo "GATEWAY_URL=$GW DATABASE_URL=$DATABASE_URL KAFKA_BROKERS=$KAFKA_BROKERS"
