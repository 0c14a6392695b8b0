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
# Dev tokens (POST /auth/dev-token, HS256) only on explicit request, for local development:
# DEV_TOKENS=1. Their secret is random, made when the services start (never a fixed one), kept 0600
# in .data/distributed/auth-dev-secret while they run so reused and restarted services agree, and
# removed by stop-distributed.sh. An AUTH_DEV_SECRET given in the environment (32+ chars) is used instead.
SECRET_FILE="$DIR/auth-dev-secret"
MODE_FILE="$DIR/dev-tokens"
case "${DEV_TOKENS:-0}" in
  1|true|yes|on) DEV_TOKENS=1 ;;
  0|false|no|off) DEV_TOKENS=0 ;;
  *) die "DEV_TOKENS must be 1 (dev tokens on, local development only) or 0 (default)" ;;
esac
running=0
for svc in "${SERVICES[@]}"; do
  if live_pid "$DIR/$svc.pid" "apps/$svc/src/main.ts" >/dev/null; then running=1; fi
done
if [ "$running" = 1 ] && [ "$(cat "$MODE_FILE" 2>/dev/null || echo 0)" != "$DEV_TOKENS" ]; then
  die "running services were started with DEV_TOKENS=$(cat "$MODE_FILE" 2>/dev/null || echo 0); stop them first (scripts/dev/stop-distributed.sh) to change it"
fi
if [ "$DEV_TOKENS" = 1 ]; then
  if [ -n "${AUTH_DEV_SECRET:-}" ]; then
    [ "${#AUTH_DEV_SECRET}" -ge 32 ] || die "AUTH_DEV_SECRET must be at least 32 characters"
    if [ "$running" = 1 ] && [ -s "$SECRET_FILE" ] && [ "$(cat "$SECRET_FILE")" != "$AUTH_DEV_SECRET" ]; then
      die "AUTH_DEV_SECRET differs from the one running services were started with: stop them first (scripts/dev/stop-distributed.sh)"
    fi
  elif [ "$running" = 1 ] && [ -s "$SECRET_FILE" ]; then
    AUTH_DEV_SECRET=$(cat "$SECRET_FILE")   # the running services' secret
  else
    AUTH_DEV_SECRET=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')   # fresh for this run
  fi
  (umask 077; printf '%s' "$AUTH_DEV_SECRET" > "$SECRET_FILE")
  export AUTH_DEV_TOKENS=true AUTH_DEV_SECRET
  log "dev tokens ON (DEV_TOKENS=1, local development only): POST /auth/dev-token, secret random for this run"
else
  rm -f "$SECRET_FILE"
  export AUTH_DEV_TOKENS=false
  unset AUTH_DEV_SECRET
  log "dev tokens off (DEV_TOKENS=1 turns them on for local development); authenticate with OIDC_* otherwise"
fi
echo "$DEV_TOKENS" > "$MODE_FILE"

export RUN_MODE=distributed HOST=127.0.0.1
export LOG_LEVEL="${LOG_LEVEL:-info}"
export TRUST_PROXY="${TRUST_PROXY:-loopback}"   # the gateway (nginx on this host) sets X-Forwarded-For; nobody else is trusted
export PAYMENTS_PROVIDER="${PAYMENTS_PROVIDER:-stripe}"
export STRIPE_SECRET_KEY="${STRIPE_SECRET_KEY:-sk_test_civicdev}"       # stripe-mock refuses keys with a second "_" after sk_test_ (401)
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

# ---- 2b) extra replicas (REPLICAS > 1): same environment, same dev-token secret, next ports ------
declare -A UPSTREAMS=()
for svc in "${SERVICES[@]}"; do UPSTREAMS[$svc]="127.0.0.1:${PORTS[$svc]}"; done
for n in $(seq 2 "$REPLICAS"); do
  for svc in "${SERVICES[@]}"; do
    name="$svc-$n" port=$(( PORTS[$svc] + 10 * (n - 1) ))
    UPSTREAMS[$svc]+=",127.0.0.1:$port"
    if pid=$(live_pid "$DIR/$name.pid" "apps/$svc/src/main.ts"); then log "$name: reusing pid $pid on :$port"; continue; fi
    port_open "$port" && die "$name: 127.0.0.1:$port is taken by a process this script did not start"
    [ -f "$DIR/$name.log" ] && mv -f "$DIR/$name.log" "$DIR/$name.log.1"
    PORT=$port KAFKA_CLIENT_ID="civic-$name" setsid nohup node -r @swc-node/register "apps/$svc/src/main.ts" \
      < /dev/null > "$DIR/$name.log" 2>&1 &
    echo $! > "$DIR/$name.pid"
    log "$name: started pid $! on 127.0.0.1:$port (log .data/distributed/$name.log)"
  done
  for svc in "${SERVICES[@]}"; do
    name="$svc-$n" port=$(( PORTS[$svc] + 10 * (n - 1) ))
    for _ in $(seq 1 $(( HEALTH_TIMEOUT * 2 ))); do [ "$(http_code "http://127.0.0.1:$port/health" 3)" = 200 ] && break; sleep 0.5; done
    [ "$(http_code "http://127.0.0.1:$port/health" 3)" = 200 ] || { tail -n 25 "$DIR/$name.log" >&2 || true; die "$name not healthy after ${HEALTH_TIMEOUT} s"; }
  done
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
# one server line per replica: deploy/gateway/expand-upstreams.awk splits "a,b" after envsubst
export CAMPAIGNS_UPSTREAM="${UPSTREAMS[campaigns]}" PLEDGES_UPSTREAM="${UPSTREAMS[pledges]}" \
       MATCHING_UPSTREAM="${UPSTREAMS[matching]}" PAYOUTS_UPSTREAM="${UPSTREAMS[payouts]}" \
       GATEWAY_LISTEN="127.0.0.1:$GATEWAY_PORT" GATEWAY_ACCESS_LOG="$DIR/gateway.access.log" \
       WEB_ROOT="$ROOT/apps/web/dist"
node "$ROOT/scripts/dev/build-web-if-stale.js"   # the web app the gateway serves at /
# only our variables: nginx's own $host, $request_id, ... must stay as they are
envsubst '${CAMPAIGNS_UPSTREAM} ${PLEDGES_UPSTREAM} ${MATCHING_UPSTREAM} ${PAYOUTS_UPSTREAM} ${GATEWAY_LISTEN} ${GATEWAY_ACCESS_LOG} ${WEB_ROOT}' \
  < "$TEMPLATE" | awk -f "$ROOT/deploy/gateway/expand-upstreams.awk" > "$GW_DIR/gateway.conf"

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
