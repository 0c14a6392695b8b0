#!/usr/bin/env bash
# Install (or reuse) Debian's chromium for the browser tests (npm run test:web, playwright-core).
# Never downloads a browser from anywhere else. Idempotent: an existing binary is reused.
# Needs root for apt-get. Env: CHROMIUM_PATH (/usr/bin/chromium)
set -euo pipefail
CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"
log() { echo "[chromium] $*" >&2; }
if [ -x "$CHROMIUM_PATH" ]; then
  log "reusing $CHROMIUM_PATH ($("$CHROMIUM_PATH" --version 2>/dev/null || echo 'version unknown'))"
  exit 0
fi
log "installing chromium from Debian packages"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >&2
log "installed $("$CHROMIUM_PATH" --version 2>/dev/null || echo "$CHROMIUM_PATH")"
