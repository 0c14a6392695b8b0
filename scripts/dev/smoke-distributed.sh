#!/usr/bin/env bash
# Smoke test of the distributed topology, through the gateway only (local or docker compose):
#   routing to the four services, dev tokens from campaigns verified by the others (shared secret;
#   so the stack must run with dev tokens: DEV_TOKENS=1 start-distributed.sh or docker-compose.dev.yml),
#   call -> campaign draft -> submit -> approve in campaigns, then the campaign.published event
#   crossing Kafka: GET /campaigns/:id/pledges (pledges service) turns 200 once pledges has
#   consumed it (elapsed ms printed); then a matching fund: POST /funds -> GET /funds/:id; then a
#   citizen's pledge, its payment created at the provider (stripe-mock in start-distributed.sh).
# Exits non-zero on the first failure. Needs curl and jq (installed with apt when missing, as root).
# Env: GATEWAY_URL (http://127.0.0.1:8080)  EVENT_TIMEOUT (30 s)
set -euo pipefail
GW="${GATEWAY_URL:-http://127.0.0.1:8080}"
EVENT_TIMEOUT="${EVENT_TIMEOUT:-30}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
RUN="smoke-$(date +%s)-$$"
now_ms() { date +%s%3N; }
T0=$(now_ms)
log() { echo "[smoke] $*"; }
fail() { echo "[smoke] FAIL: $*" >&2; exit 1; }

command -v curl >/dev/null || fail "curl required"
if ! command -v jq >/dev/null; then
  [ "$(id -u)" = 0 ] || fail "jq required (apt-get install jq)"
  echo "[smoke] installing jq" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends jq >/dev/null 2>&1 \
    || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends jq >/dev/null; } \
    || fail "could not install jq"
fi

N=0
BODY_FILE=$(mktemp); trap 'rm -f "$BODY_FILE"' EXIT
# req METHOD PATH TOKEN BODY -> sets STATUS and BODY; the correlation id is $RUN-<n>
req() {
  local method=$1 path=$2 token=${3:-} body=${4:-} args=()
  N=$((N + 1)); CID="$RUN-$N"
  args=(-s -o "$BODY_FILE" -w '%{http_code}' -m 10 -X "$method" -H "x-correlation-id: $CID")
  [ -n "$token" ] && args+=(-H "authorization: Bearer $token")
  [ -n "$body" ] && args+=(-H 'content-type: application/json' --data-binary "$body")
  STATUS=$(curl "${args[@]}" "$GW$path" 2>/dev/null) || STATUS=000
  BODY=$(cat "$BODY_FILE")
}
# expect METHOD PATH TOKEN BODY STATUS... : like req, fails unless the status is one of the given
expect() {
  local method=$1 path=$2 token=$3 body=$4; shift 4
  req "$method" "$path" "$token" "$body"
  local ok
  for ok in "$@"; do [ "$STATUS" = "$ok" ] && return 0; done
  fail "$method $path -> $STATUS (expected $*; correlation id $CID): ${BODY:0:600}"
}
json() { jq -er "$1" <<<"$BODY" 2>/dev/null || fail "response of the last request has no $1: ${BODY:0:400}"; }
iso() { date -u -d "$1" +%Y-%m-%dT%H:%M:%S.000Z; }

log "gateway $GW (run $RUN)"

# 1) routing: every service answers its own /health through the gateway
expect GET /health "" "" 200
for svc in campaigns pledges matching payouts; do expect GET "/services/$svc/health" "" "" 200; done
expect GET /services/pledges/docs-json "" "" 200
jq -e '.paths | has("/campaigns/{id}/pledges")' <<<"$BODY" >/dev/null || fail "/services/pledges/docs-json is not the pledges service's document"
expect GET /services/matching/docs-json "" "" 200
jq -e '.paths | has("/funds")' <<<"$BODY" >/dev/null || fail "/services/matching/docs-json is not the matching service's document"
log "routing ok: /health and /services/{campaigns,pledges,matching,payouts}/health 200, per-service docs-json"

# 2) dev tokens (issued by campaigns; on only where the stack was started for local development)
req POST /auth/dev-token "" '{"sub":"smoke-probe","roles":["citizen"]}'
[ "$STATUS" = 201 ] || fail "POST /auth/dev-token -> $STATUS: dev tokens are off; this smoke test needs them: DEV_TOKENS=1 bash scripts/dev/start-distributed.sh, or docker compose with -f docker-compose.dev.yml (${BODY:0:300})"
expect POST /auth/dev-token "" '{"sub":"smoke-funder","roles":["funder"]}' 201
FUNDER=$(json .token)
expect POST /auth/dev-token "" '{"sub":"smoke-promoter","roles":["promoter"]}' 201
PROMOTER=$(json .token)
log "dev tokens ok (funder, promoter)"

# 3) call -> campaign draft -> submit -> approve (campaigns service); bodies as apps/embedded/src/seed-demo.ts
call_body=$(jq -nc --arg opens "$(iso '-1 day')" --arg closes "$(iso '+180 days')" --arg run "$RUN" '{
  title: ("Smoke call " + $run),
  description: "Start-up funding for neighbourhood social services: social concierge, animation, community enterprise.",
  opensAt: $opens, closesAt: $closes,
  eligibleAreas: ["Giambellino", "Corvetto", "Quarto Oggiaro"],
  categories: ["social_concierge", "animation", "community_enterprise"],
  promoterTypes: ["ets", "informal_group", "social_enterprise"],
  currency: "EUR", minGoalAmount: 300000, maxGoalAmount: 22500000,
  minCofinancingPct: { ets: 10, informal_group: 5, social_enterprise: 10 } }')
expect POST /calls "$FUNDER" "$call_body" 201
CALL_ID=$(json .id)
log "call created $CALL_ID"

summary="A neighbourhood concierge desk: parcels, small repairs, help with paperwork for elderly residents."
campaign_body=$(jq -nc --arg call "$CALL_ID" --arg starts "$(iso '-1 day')" --arg ends "$(iso '+45 days')" \
  --arg due "$(iso '+200 days')" --arg summary "$summary" --arg run "$RUN" '{
  title: ("Portineria di quartiere Giambellino " + $run), summary: $summary,
  description: ($summary + " Funds are released in tranches only when the results are verified."),
  callId: $call, area: "Giambellino", category: "social_concierge", promoterType: "ets",
  goalAmount: 1200000, currency: "EUR", fundingModel: "all_or_nothing",
  startsAt: $starts, endsAt: $ends, cofinancingAmount: 120000, upfrontSharePct: 30,
  failedMilestonePolicy: "refund_donor_share",
  milestones: [{ title: "Concierge desk open 5 days a week", indicator: "households served", unit: "households",
                 target: 150, baseline: 0, dueAt: $due, payoutSharePct: 70, paymentRule: "proportional",
                 minAchievementPct: 50 }] }')
expect POST /campaigns "$PROMOTER" "$campaign_body" 201
CAMPAIGN_ID=$(json .id)
log "campaign draft $CAMPAIGN_ID"

# before the approval the pledges service does not know the campaign
expect GET "/campaigns/$CAMPAIGN_ID/pledges" "" "" 404
expect POST "/campaigns/$CAMPAIGN_ID/submit" "$PROMOTER" "" 200 201
log "submitted (status $(jq -r '.status // "?"' <<<"$BODY"))"
approve_sent=$(now_ms)
expect POST "/campaigns/$CAMPAIGN_ID/approve" "$FUNDER" "" 200 201
approved=$(now_ms)
log "approved (status $(jq -r '.status // "?"' <<<"$BODY"), $(( approved - approve_sent )) ms)"

# 4) campaign.published: campaigns outbox -> Kafka -> pledges consumer -> pledges.campaign_views
deadline=$(( approved + EVENT_TIMEOUT * 1000 ))
polls=0
while :; do
  polls=$((polls + 1))
  req GET "/campaigns/$CAMPAIGN_ID/pledges"
  [ "$STATUS" = 200 ] && break
  [ "$STATUS" = 404 ] || fail "GET /campaigns/$CAMPAIGN_ID/pledges -> $STATUS while waiting for the event: ${BODY:0:400}"
  [ "$(now_ms)" -lt "$deadline" ] || fail "campaign.published not seen by pledges within ${EVENT_TIMEOUT} s (still 404 after $polls polls)"
  sleep 0.05
done
seen=$(now_ms)
[ "$(json .campaignId)" = "$CAMPAIGN_ID" ] || fail "pledges answered for another campaign: $BODY"
jq -e '.items | type == "array"' <<<"$BODY" >/dev/null || fail "backers list without items: $BODY"
EVENT_MS=$(( seen - approved ))
log "campaign.published crossed Kafka: GET /campaigns/:id/pledges 200 after ${EVENT_MS} ms from the approve response ($(( seen - approve_sent )) ms from the request, $polls polls)"
if [ -f "$ROOT/.data/distributed/pledges.log" ] && grep -q -- "$CID" "$ROOT/.data/distributed/pledges.log"; then
  log "correlation id $CID found in .data/distributed/pledges.log"
fi

# 5) matching fund (matching service verifies the campaigns-issued token)
expect POST /funds "" '{"name":"x","currency":"EUR","budgetAmount":1,"sourceTags":[]}' 401 403
fund_body=$(jq -nc --arg run "$RUN" '{name: ("Smoke match fund " + $run), currency: "EUR", budgetAmount: 5000000, sourceTags: ["municipal", "ESF+"]}')
expect POST /funds "$FUNDER" "$fund_body" 201
FUND_ID=$(json .id)
expect GET "/funds/$FUND_ID" "" "" 200
[ "$(json .id)" = "$FUND_ID" ] || fail "GET /funds/$FUND_ID returned another fund"
[ "$(json .budgetAmount)" = 5000000 ] || fail "fund budget is $(json .budgetAmount), expected 5000000"
log "fund $FUND_ID: budget $(json .budgetAmount) available $(json .available) (POST /funds -> GET /funds/:id via the gateway)"

# 6) a pledge: the pledges service creates its payment at the provider (Stripe: stripe-mock, with the
#    topology's STRIPE_SECRET_KEY; a key stripe-mock refuses fails every pledge here)
expect POST /auth/dev-token "" '{"sub":"smoke-citizen","roles":["citizen"]}' 201
CITIZEN=$(json .token)
expect POST /pledges "$CITIZEN" "$(jq -nc --arg c "$CAMPAIGN_ID" '{campaignId: $c, amount: 2500, currency: "EUR"}')" 201
PROVIDER=$(json .payment.provider)
[ "$(json .status)" = requires_payment ] || fail "new pledge is $(json .status), expected requires_payment"
if [ "$PROVIDER" = stripe ]; then json .payment.clientSecret >/dev/null; fi
log "pledge $(json .id): 25.00 EUR, payment created at provider $PROVIDER"

log "PASS in $(( $(now_ms) - T0 )) ms; event crossing Kafka: ${EVENT_MS} ms"
