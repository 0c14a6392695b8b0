#!/usr/bin/env bash
# Install (once, via the Go module proxy) and start (or reuse) stripe-mock on loopback.
# Idempotent: reuses a stripe-mock already answering on 127.0.0.1:$STRIPE_MOCK_PORT.
# Env: STRIPE_MOCK_VERSION (v0.203.0)  STRIPE_MOCK_PORT (12111; HTTPS on port+1 = 12112)
#      CIVIC_TOOLS_BIN (~/.cache/civic/bin)  CIVIC_RUN_DIR (~/.cache/civic/run; pid file for stop-all.sh)
set -euo pipefail
t0=$(date +%s.%N)
VERSION="${STRIPE_MOCK_VERSION:-v0.203.0}"
PORT="${STRIPE_MOCK_PORT:-12111}"
HTTPS_PORT="${STRIPE_MOCK_HTTPS_PORT:-$((PORT + 1))}"
CACHE="${CIVIC_CACHE_DIR:-$HOME/.cache/civic}"
BIN_DIR="${CIVIC_TOOLS_BIN:-$CACHE/bin}"
STATE_DIR="$CACHE/stripe-mock"
RUN_DIR="${CIVIC_RUN_DIR:-$CACHE/run}"
PID_FILE="$RUN_DIR/stripe-mock.pid"
log() { echo "[stripe-mock] $*" >&2; }
elapsed() { awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN{printf "%.2f", b-a}'; }
# stripe-mock accepts any syntactically valid test key (sk_test_*)
ready() { [ "$(curl -s -o /dev/null -m 2 -w '%{http_code}' -H 'Authorization: Bearer sk_test_123' \
            "http://127.0.0.1:$PORT/v1/customers/cus_123" 2>/dev/null)" = 200 ]; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

if ready; then log "reusing stripe-mock on 127.0.0.1:$PORT ($(elapsed) s)"; exit 0; fi
if port_open "$PORT"; then log "127.0.0.1:$PORT is taken by something that is not stripe-mock"; exit 1; fi
mkdir -p "$BIN_DIR" "$STATE_DIR" "$RUN_DIR"
if [ ! -x "$BIN_DIR/stripe-mock" ] || [ "$(cat "$STATE_DIR/version" 2>/dev/null)" != "$VERSION" ]; then
  command -v go >/dev/null || { log "Go toolchain required"; exit 1; }
  log "go install github.com/stripe/stripe-mock@$VERSION"
  GOBIN="$BIN_DIR" GOTOOLCHAIN=local GOFLAGS="${GOFLAGS:-} -buildvcs=false" go install "github.com/stripe/stripe-mock@$VERSION" >&2
  echo "$VERSION" > "$STATE_DIR/version"
  log "installed $BIN_DIR/stripe-mock ($(elapsed) s)"
fi
log "starting $VERSION on http://127.0.0.1:$PORT (https 127.0.0.1:$HTTPS_PORT)"
# Both listeners pinned: with only -http-addr, stripe-mock would still open HTTPS on :12112 (all interfaces).
setsid nohup "$BIN_DIR/stripe-mock" -http-addr "127.0.0.1:$PORT" -https-addr "127.0.0.1:$HTTPS_PORT" \
  < /dev/null > "$STATE_DIR/stripe-mock.log" 2>&1 &
pid=$!
echo "$pid" > "$PID_FILE"
for _ in $(seq 1 120); do
  if ready; then log "ready in $(elapsed) s (pid $pid, log $STATE_DIR/stripe-mock.log)"; exit 0; fi
  kill -0 "$pid" 2>/dev/null || { log "stripe-mock exited:"; tail -20 "$STATE_DIR/stripe-mock.log" >&2; rm -f "$PID_FILE"; exit 1; }
  sleep 0.25
done
log "not ready after 30 s"; tail -20 "$STATE_DIR/stripe-mock.log" >&2; exit 1
