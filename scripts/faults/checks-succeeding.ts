/** Keep-it-all campaigns (ratio + threshold) and the quadratic round's campaigns: every pledge counted and matched once, by every service. */
import { euros, QUAD_POOL, RATIO, THRESHOLD } from './config';
import type { CheckContext, Round } from './check-context';
import { checkPaidOut, Expected } from './checks-tranches';
import { http } from './http';
import { check, same, section, sumOf } from './report';
import { Campaign, campaigns, world } from './world';

export async function checkSucceeding(ctx: CheckContext): Promise<void> {
  const { round, spent } = ctx;
  const succeeding = campaigns.filter((c) => c.kind !== 'failing');
  for (const [title, group] of [
    [
      `keep-it-all campaigns, ratio ${RATIO.numerator}:${RATIO.denominator} + threshold grant ${euros(THRESHOLD.grant)} at ${euros(THRESHOLD.amount)} (every pledge counted and matched once, tranches paid once)`,
      succeeding.filter((c) => c.kind === 'ratio'),
    ],
    [
      `quadratic round (pool ${euros(QUAD_POOL)}): campaigns wait for the round, its share escrowed and paid once`,
      succeeding.filter((c) => c.kind === 'quadratic'),
    ],
  ] as const) {
    if (group.length === 0) continue;
    section(title);
    for (const c of group) {
      const tag = `campaign ${c.id.slice(0, 8)} (${c.kind})`;
      const expected = [...c.confirmed.entries()];
      const n = expected.length;
      const sum = sumOf(expected, ([, p]) => p.amount);
      const donors = new Set(expected.map(([, p]) => p.donor)).size;
      const ratioMatch = c.kind === 'ratio' ? sumOf(expected, ([, p]) => Math.floor((p.amount * RATIO.numerator) / RATIO.denominator)) : 0;
      const grant = c.kind === 'ratio' && sum >= THRESHOLD.amount ? THRESHOLD.grant : 0;
      const result = round?.results.find((r) => r.campaignId === c.id);
      const quad = c.kind === 'quadratic' ? (result?.matchAmount ?? 0) : 0;
      const match = ratioMatch + grant + quad;
      spent.ratio += ratioMatch;
      spent.threshold += grant;
      spent.quadratic += quad;
      ctx.totalPledges += n;
      const ids = new Set(expected.map(([id]) => id));
      check(`${tag}: has confirmed pledges (keep-it-all succeeds)`, n > 0, `n=${n}`);
      const e: Expected = { tag, n, sum, match, ids };
      await checkCounted(ctx, c, e, { donors, grant, quad, result });
      await checkPaidOut(ctx, c, e);
    }
  }
}

/** pledges, campaigns and matching agree with the driver, pledge by pledge */
async function checkCounted(
  ctx: CheckContext,
  c: Campaign,
  { tag, n, sum, match, ids }: Expected,
  { donors, grant, quad, result }: { donors: number; grant: number; quad: number; result: Round['results'][number] | undefined },
): Promise<void> {
  const { db, mine, inRound } = ctx;

  // pledges service: its table, and the API's /me/pledges of every citizen
  const rows = (await db.query(`SELECT id, status, amount_minor::bigint AS amount FROM pledges.pledges WHERE campaign_id = $1`, [c.id])).rows as {
    id: string;
    status: string;
    amount: string;
  }[];
  const conf = rows.filter((r) => r.status === 'confirmed');
  check(
    `${tag}: pledges service holds exactly the driver's confirmed pledges`,
    same(new Set(conf.map((r) => r.id)), ids) && sumOf(conf, (r) => Number(r.amount)) === sum,
    `driver ${n} pledges / ${sum} cents; pledges.pledges confirmed ${conf.length} / ${sumOf(conf, (r) => Number(r.amount))}`,
  );
  check(`${tag}: no pledge duplicated by a retry (rows <= idempotency keys)`, rows.length <= c.keys, `${rows.length} pledge rows for ${c.keys} keys`);
  const never = [...c.neverCounted.keys()];
  check(
    `${tag}: pledges refunded before they counted (refund before success, paid after close) are refunded and counted nowhere`,
    never.every((id) => rows.find((r) => r.id === id)?.status === 'refunded'),
    never.map((id) => `${id}: ${rows.find((r) => r.id === id)?.status}`).join(', '),
  );
  const api = [...mine.values()].filter((p) => p.campaignId === c.id && p.status === 'confirmed');
  check(
    `${tag}: GET /me/pledges agrees`,
    api.length === n && sumOf(api, (p) => p.amount) === sum,
    `api ${api.length} / ${sumOf(api, (p) => p.amount)}; driver ${n} / ${sum}`,
  );

  // campaigns service: progress read model
  const cv = await http('GET', `/campaigns/${c.id}`);
  const [cdb] = (await db.query(`SELECT confirmed_pledges FROM campaigns.campaigns WHERE id = $1`, [c.id])).rows;
  const prog = cv.body.progress;
  check(
    `${tag}: campaigns progress = confirmed pledges (amount, backers, count) and every match`,
    prog.pledgedAmount === sum && prog.backers === donors && Number(cdb.confirmed_pledges) === n && prog.matchedAmount === match,
    `progress ${JSON.stringify(prog)}, confirmed_pledges ${cdb.confirmed_pledges}; expected pledged ${sum}, backers ${donors}, count ${n}, matched ${match}`,
  );
  check(`${tag}: campaign completed`, cv.body.status === 'completed', cv.body.status);

  // matching service: its copy of the crowd pledges, the ratio matches (one per pledge), the grant, the round share
  const mp = (await db.query(`SELECT pledge_id, amount FROM matching.campaign_pledges WHERE campaign_id = $1 AND status = 'confirmed'`, [c.id])).rows;
  const ma = (
    await db.query(
      `SELECT count(*)::int AS n, count(DISTINCT pledge_id)::int AS d FROM matching.match_allocations WHERE campaign_id = $1 AND pledge_id IS NOT NULL`,
      [c.id],
    )
  ).rows[0];
  const mv = await http('GET', `/campaigns/${c.id}/match`);
  check(
    `${tag}: matching counts each pledge once and matches it once`,
    same(new Set(mp.map((r) => r.pledge_id as string)), ids) &&
      sumOf(mp, (r) => Number(r.amount)) === sum &&
      ma.n === ma.d &&
      ma.n === (c.kind === 'ratio' ? n : 0) &&
      mv.body.matchedAmount === match,
    `matching pledges ${mp.length} / ${sumOf(mp, (r) => Number(r.amount))}, pledge allocations ${ma.n} (${ma.d} pledges), matchedAmount ${mv.body.matchedAmount}; expected ${n} / ${sum}, match ${match}`,
  );
  if (c.kind === 'ratio') {
    const g = (
      await db.query(`SELECT status, amount::bigint AS amount FROM matching.match_allocations WHERE campaign_id = $1 AND rule_id = $2`, [
        c.id,
        world.thresholdRuleId,
      ])
    ).rows;
    const live = g.filter((r) => r.status !== 'released');
    check(
      `${tag}: threshold grant ${grant ? 'triggered once' : 'not triggered'} (crowd ${euros(sum)})`,
      live.length === (grant ? 1 : 0) && sumOf(live, (r) => Number(r.amount)) === grant && live.every((r) => r.status === 'committed' || r.status === 'spent'),
      `threshold allocations ${JSON.stringify(g)}; expected one committed grant of ${grant}`,
    );
  } else {
    const counted = inRound.get(c.id) ?? [];
    const rDonors = new Set(counted.map((p) => p.donor)).size;
    const rSum = sumOf(counted, (p) => p.amount);
    const [fin] = (await db.query(`SELECT finalized_at FROM matching.rounds WHERE rule_id = $1`, [world.quadRuleId])).rows;
    check(
      `${tag}: round result = its pledges confirmed before the round ended (donors, contributions), matched once`,
      !!result && result.donors === rDonors && result.contributionsAmount === rSum && mv.body.matchedAmount === quad,
      `result ${JSON.stringify(result)}; expected donors ${rDonors}, contributions ${rSum} (${counted.length} of ${n} pledges confirmed before the round's end ${new Date(world.roundEndsAt).toISOString()}; round finalized at ${fin?.finalized_at?.toISOString?.()}); matchedAmount ${mv.body.matchedAmount}`,
    );
  }
}
