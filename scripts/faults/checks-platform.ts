/** Checks across the platform: the funds, the ledger's tranche transactions, payments and webhooks, the gateway, messaging and HTTP. */
import { existsSync, readFileSync } from 'node:fs';
import { Client } from 'pg';
import { euros, QUAD_POOL, REPLICAS, SERVICES } from './config';
import type { CheckContext } from './check-context';
import { GW_ACCESS_LOG } from './gateway';
import { http, retriesOutsideFaults, stats } from './http';
import { INSTANCES } from './processes';
import { consumerLag } from './quiesce';
import { check, section, sumOf } from './report';
import { webhookStats, world } from './world';

export async function checkTotals(ctx: CheckContext): Promise<void> {
  const { db, spent, ledgerTranches, totalPledges } = ctx;
  section('funds: every match spent once, nothing left reserved or committed, identity holds');
  for (const [name, id, budget, want] of [
    ['ratio', world.fundId, 100_000_000, spent.ratio],
    ['threshold', world.thresholdFundId, 10_000_000, spent.threshold],
    ...(world.quadFundId ? [['quadratic', world.quadFundId, QUAD_POOL, spent.quadratic] as const] : []),
  ] as const) {
    const f = (await http('GET', `/funds/${id}`)).body;
    check(
      `${name} fund: spent ${euros(want)}, reserved 0, committed 0, available = budget - spent`,
      f.spent === want &&
        f.reserved === 0 &&
        f.committed === 0 &&
        f.available === budget - want &&
        f.available + f.reserved + f.committed + f.spent + f.returned === f.budgetAmount,
      `${JSON.stringify(f)}; expected spent ${want}`,
    );
  }
  const paidTx = (
    await db.query(
      `SELECT tranche_id, kind, count(*)::int AS n FROM payouts.ledger_transactions WHERE kind IN ('tranche_released', 'tranche_paid') GROUP BY tranche_id, kind`,
    )
  ).rows;
  check(
    'ledger: one tranche_released and one tranche_paid transaction per tranche, none elsewhere',
    paidTx.every((r) => r.n === 1 && ledgerTranches.has(r.tranche_id)) && paidTx.length === 2 * ledgerTranches.size,
    JSON.stringify(paidTx.filter((r) => r.n !== 1 || !ledgerTranches.has(r.tranche_id))),
  );
  const totalRows = Number((await db.query(`SELECT count(*) AS n FROM pledges.pledges WHERE status = 'confirmed'`)).rows[0].n);
  check(
    'pledges: confirmed rows overall = pledges the driver saw confirmed in succeeding campaigns',
    totalRows === totalPledges,
    `${totalRows} vs ${totalPledges}`,
  );
}

export async function checkPayments(db: Client): Promise<void> {
  section(
    `payments: stripe-mock PaymentIntents, signed webhooks (${webhookStats.duplicates} delivered twice, ${webhookStats.lateFailures} late failures, ${webhookStats.refundBeforeSuccess} refunds before success)`,
  );
  const ev = (await db.query(`SELECT outcome, count(*)::int AS n FROM pledges.stripe_events GROUP BY 1`)).rows as { outcome: string; n: number }[];
  const byOutcome = Object.fromEntries(ev.map((r) => [r.outcome, r.n]));
  check(
    'webhooks: each event recorded once; none refused or unmatched',
    sumOf(ev, (r) => r.n) === webhookStats.delivered - webhookStats.duplicates &&
      !ev.some((r) => r.outcome.startsWith('refused') || r.outcome.startsWith('ignored: no pledge') || r.outcome === 'received'),
    `${JSON.stringify(byOutcome)}; delivered ${webhookStats.delivered}, of which ${webhookStats.duplicates} duplicates`,
  );
  check(
    'webhooks: late failures ignored, refunds before success never counted',
    (byOutcome['ignored: pledge is confirmed'] ?? 0) === webhookStats.lateFailures &&
      (byOutcome['refunded before its success was seen'] ?? 0) === webhookStats.refundBeforeSuccess,
    JSON.stringify(byOutcome),
  );
  const refs = (
    await db.query(
      `SELECT count(*)::int AS n, count(DISTINCT payment_ref)::int AS d, count(*) FILTER (WHERE payment_ref NOT LIKE 'pi_%')::int AS bad FROM pledges.pledges WHERE payment_provider = 'stripe'`,
    )
  ).rows[0];
  check('stripe: one PaymentIntent per pledge (stripe-mock ids)', refs.n > 0 && refs.n === refs.d && refs.bad === 0, JSON.stringify(refs));
}

export function checkGateway(): void {
  section(`gateway: ${REPLICAS} replica(s) of each service behind nginx`);
  const access = existsSync(GW_ACCESS_LOG)
    ? readFileSync(GW_ACCESS_LOG, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { upstream: string; upstreamStatus: string; status: number; uri: string; method: string })
    : [];
  const served = new Map<string, number>();
  let failovers = 0;
  for (const a of access) {
    const ups = a.upstream.split(/,\s*/).filter((u) => u && u !== '-');
    if (ups.length > 1) failovers++;
    for (const u of ups) served.set(u, (served.get(u) ?? 0) + 1);
  }
  const idle = INSTANCES.filter((i) => !served.has(`127.0.0.1:${i.port}`)).map((i) => i.name);
  check(
    'every replica served requests (the gateway spreads the load)',
    access.length > 0 && idle.length === 0,
    `${access.length} requests logged; idle replicas: ${idle.join(', ')}`,
  );
  console.log(
    `    (${access.length} requests; ${failovers} passed on to another replica by the gateway; per replica: ${INSTANCES.map((i) => `${i.name} ${served.get(`127.0.0.1:${i.port}`) ?? 0}`).join(', ')})`,
  );
  const replicaKill = stats.gatewayErrors.filter((e) => e.fault?.startsWith('kill') && REPLICAS > 1);
  if (REPLICAS > 1) {
    check(
      'a killed replica is invisible to clients: no gateway error on a non-idempotent request',
      replicaKill.every((e) => e.idempotent),
      replicaKill
        .filter((e) => !e.idempotent)
        .map((e) => `${e.what} during ${e.fault}`)
        .join('; '),
    );
  }
  console.log(
    `    (${stats.gatewayErrors.length} gateway errors seen by clients, all retried to success: ${replicaKill.length} during replica kills, all on idempotent requests; ${stats.gatewayErrors.length - replicaKill.length} during broker faults${REPLICAS === 1 ? ' and single-replica kills' : ''}${
      stats.gatewayErrors.length
        ? `: ${stats.gatewayErrors
            .slice(0, 6)
            .map((e) => `${e.what} (${e.fault})`)
            .join('; ')}`
        : ''
    })`,
  );
  check('gateway errors only while a fault was active', retriesOutsideFaults.length === 0, retriesOutsideFaults.slice(0, 10).join('; '));
}

export async function checkMessaging(db: Client): Promise<void> {
  section('messaging and HTTP');
  const dead: string[] = [];
  for (const s of SERVICES) {
    for (const r of (await db.query(`SELECT consumer, event_type, last_error FROM ${s}.inbox_messages WHERE status = 'dead'`)).rows)
      dead.push(`${s}: ${r.consumer} ${r.event_type} ${r.last_error}`);
  }
  const { dlt } = await consumerLag();
  check('messaging: no event dead-lettered (inbox dead rows, .dlt topics)', dead.length === 0 && dlt === 0, `${dead.slice(0, 5).join('; ')} dlt=${dlt}`);
  check('HTTP: zero 500s and no unexpected status', stats.unexpected.length === 0, stats.unexpected.slice(0, 10).join('\n    '));
}
