# shellcheck shell=bash
# Sourced by scripts/dev/start-distributed.sh (uses DIR, SERVICES and common.sh).
# Dev tokens (POST /auth/dev-token, HS256) only on explicit request, for local development:
# DEV_TOKENS=1. Their secret is random, made when the services start (never a fixed one), kept 0600
# in .data/distributed/auth-dev-secret while they run so reused and restarted services agree, and
# removed by stop-distributed.sh. An AUTH_DEV_SECRET given in the environment (32+ chars) is used instead.
dev_tokens() {
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
}
