/** The checks, once the system is quiet (docs/faults.md, Scenarios): what the driver saw against what every service holds. */
import { spawnSync } from 'node:child_process';
import { Client } from 'pg';
import { env, GW, PAYMENTS, ROOT } from './config';
import { checkFailing } from './checks-failing';
import { checkGateway, checkMessaging, checkPayments, checkTotals } from './checks-platform';
import { checkRound } from './checks-round';
import { checkSucceeding } from './checks-succeeding';
import { http, unexpected } from './http';
import { check, section } from './report';
import { pg } from './support';
import { campaigns, tokens, world } from './world';
import type { CheckContext, MyPledge, Round } from './check-context';

async function checkAudits(): Promise<void> {
  section('ledger');
  const audit = await http('GET', '/ledger/audit', { token: tokens.admin });
  check(
    'ledger audit (GET /ledger/audit) reports no violation',
    audit.status === 200 && audit.body.ok === true && audit.body.violations.length === 0,
    JSON.stringify(audit.body).slice(0, 800),
  );
  const script = spawnSync(process.execPath, ['-r', '@swc-node/register', 'scripts/ops/audit-ledger.ts', '--url', GW], {
    cwd: ROOT,
    env: { ...env, AUDIT_TOKEN: tokens.admin },
    encoding: 'utf8',
  });
  check('npm run audit:ledger (through the gateway) exits 0', script.status === 0, `${script.status}: ${script.stdout}${script.stderr}`.slice(0, 800));
  // the cross-service reconciliation (docs/audit.md): every pledge counted once in the four services, every committed match escrowed and planned
  const platform = await http('GET', '/audit/platform', { token: tokens.admin });
  check(
    'platform audit (GET /audit/platform) is ok across the four services',
    platform.status === 200 && platform.body.status === 'ok',
    JSON.stringify({ status: platform.body?.status, findings: platform.body?.findings }).slice(0, 800),
  );
}

async function context(db: Client): Promise<CheckContext> {
  const mine = new Map<string, MyPledge>();
  for (const c of tokens.citizens) {
    const r = await http('GET', '/me/pledges', { token: c.token });
    if (r.status !== 200) unexpected('GET /me/pledges', r);
    for (const p of r.body) mine.set(p.id, p);
  }
  let round: Round | undefined;
  if (world.quadRuleId) {
    const r = await http('GET', `/rounds/${world.quadRuleId}`);
    if (r.status !== 200) unexpected('GET round', r);
    round = r.body;
  }

  // the round counts the pledges confirmed before it ends (a pledge may still be confirmed in the funding grace)
  const inRound = new Map<string, { id: string; donor: string; amount: number }[]>();
  for (const c of campaigns.filter((x) => x.kind === 'quadratic')) {
    const at = new Map(
      (await db.query(`SELECT id, confirmed_at FROM pledges.pledges WHERE campaign_id = $1 AND status = 'confirmed'`, [c.id])).rows.map((r) => [
        r.id as string,
        new Date(r.confirmed_at).getTime(),
      ]),
    );
    inRound.set(
      c.id,
      [...c.confirmed.entries()].filter(([id]) => (at.get(id) ?? Infinity) < world.roundEndsAt).map(([id, p]) => ({ id, ...p })),
    );
  }
  return { db, mine, round, inRound, ledgerTranches: new Map(), refs: new Map(), spent: { ratio: 0, threshold: 0, quadratic: 0 }, totalPledges: 0 };
}

export async function checks(): Promise<void> {
  const db = await pg();
  try {
    await checkAudits();
    const ctx = await context(db);
    await checkSucceeding(ctx);
    if (ctx.round) await checkRound(ctx, ctx.round);
    await checkFailing(ctx);
    await checkTotals(ctx);
    if (PAYMENTS === 'stripe') await checkPayments(db);
    checkGateway();
    await checkMessaging(db);
  } finally {
    await db.end();
  }
}
