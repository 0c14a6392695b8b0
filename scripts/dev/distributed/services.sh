# shellcheck shell=bash
# Sourced by scripts/dev/start-distributed.sh (uses DIR, SERVICES, PORTS, REPLICAS, HEALTH_TIMEOUT,
# STARTED_AT, HEALTHY_AFTER, UPSTREAMS, t and common.sh): the services' environment, one background
# process per service, the wait for their /health, then the extra replicas.

# what every service process gets (on top of the caller's environment and the infra's env line)
service_env() {
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
}

# spawn_service NAME SVC PORT: apps/SVC as NAME on PORT; log .data/distributed/NAME.log, pid NAME.pid
spawn_service() {
  local name=$1 svc=$2 port=$3
  port_open "$port" && die "$name: 127.0.0.1:$port is taken by a process this script did not start"
  [ -f "$DIR/$name.log" ] && mv -f "$DIR/$name.log" "$DIR/$name.log.1"
  # setsid: own session, so the services outlive this shell; no wrapper (npm) between pid and node
  PORT=$port KAFKA_CLIENT_ID="civic-$name" setsid nohup node -r @swc-node/register "apps/$svc/src/main.ts" \
    < /dev/null > "$DIR/$name.log" 2>&1 &
  echo $! > "$DIR/$name.pid"
  log "$name: started pid $! on 127.0.0.1:$port (log .data/distributed/$name.log)"
}

# one process per service (a live one is reused); STARTED_AT[svc] for the readiness times
start_services() {
  for svc in "${SERVICES[@]}"; do
    port=${PORTS[$svc]}
    if pid=$(live_pid "$DIR/$svc.pid" "apps/$svc/src/main.ts"); then
      log "$svc: reusing pid $pid on :$port"
      continue
    fi
    spawn_service "$svc" "$svc" "$port"
    STARTED_AT[$svc]=$(now_ms)
  done
}

# Wait until every /health is 200 (database and broker reachable), bounded.
wait_healthy() {
  local deadline last_print
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
}

# Extra replicas (REPLICAS > 1): same environment, same dev-token secret, next ports; UPSTREAMS[svc]
# lists every replica's address for the gateway.
start_replicas() {
  for svc in "${SERVICES[@]}"; do UPSTREAMS[$svc]="127.0.0.1:${PORTS[$svc]}"; done
  for n in $(seq 2 "$REPLICAS"); do
    for svc in "${SERVICES[@]}"; do
      name="$svc-$n" port=$(( PORTS[$svc] + 10 * (n - 1) ))
      UPSTREAMS[$svc]+=",127.0.0.1:$port"
      if pid=$(live_pid "$DIR/$name.pid" "apps/$svc/src/main.ts"); then log "$name: reusing pid $pid on :$port"; continue; fi
      spawn_service "$name" "$svc" "$port"
    done
    for svc in "${SERVICES[@]}"; do
      name="$svc-$n" port=$(( PORTS[$svc] + 10 * (n - 1) ))
      for _ in $(seq 1 $(( HEALTH_TIMEOUT * 2 ))); do [ "$(http_code "http://127.0.0.1:$port/health" 3)" = 200 ] && break; sleep 0.5; done
      [ "$(http_code "http://127.0.0.1:$port/health" 3)" = 200 ] || { tail -n 25 "$DIR/$name.log" >&2 || true; die "$name not healthy after ${HEALTH_TIMEOUT} s"; }
    done
  done
}
