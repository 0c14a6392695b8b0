/** The quadratic round: finalized exactly once, its ideals and matches recomputed from the driver's pledges. */
import { QUAD_POOL } from './config';
import type { CheckContext, Round } from './check-context';
import { check, section, sumOf } from './report';
import { campaigns, world } from './world';

export async function checkRound(ctx: CheckContext, round: Round): Promise<void> {
  const { db, inRound } = ctx;
  section('quadratic round: finalized exactly once, amounts recomputed');
  const rows = (await db.query(`SELECT count(*)::int AS n FROM matching.rounds WHERE rule_id = $1`, [world.quadRuleId])).rows[0].n;
  const results = (
    await db.query(`SELECT campaign_id, ideal_amount::bigint AS ideal, match_amount::bigint AS match FROM matching.round_results WHERE rule_id = $1`, [
      world.quadRuleId,
    ])
  ).rows;
  const quadCampaigns = campaigns.filter((c) => c.kind === 'quadratic');
  check(
    'round final, one finalization, one result per campaign of the round',
    round.status === 'final' && rows === 1 && results.length === quadCampaigns.length && round.results.length === quadCampaigns.length,
    `status ${round.status}, rounds rows ${rows}, results ${results.length} (API ${round.results.length}) for ${quadCampaigns.length} campaigns`,
  );
  check(
    'round: allocated + unallocated = pool',
    sumOf(round.results, (r) => r.matchAmount) + round.unallocatedAmount === QUAD_POOL && round.poolAmount === QUAD_POOL,
    `allocated ${sumOf(round.results, (r) => r.matchAmount)} + unallocated ${round.unallocatedAmount} vs pool ${QUAD_POOL} (${round.poolAmount})`,
  );
  // ideals from the driver's own pledges (docs matching-rules.md), then the scale-down to the pool
  const ideals = quadCampaigns.map((c) => {
    const byDonor = new Map<string, number>();
    for (const p of inRound.get(c.id) ?? []) byDonor.set(p.donor, (byDonor.get(p.donor) ?? 0) + p.amount);
    const roots = sumOf([...byDonor.values()], (x) => Math.sqrt(x));
    return { id: c.id, ideal: roots * roots - sumOf([...byDonor.values()], (x) => x) };
  });
  const idealOk = ideals.every((i) => Math.abs(Number(results.find((r) => r.campaign_id === i.id)?.ideal ?? -10) - i.ideal) <= 1);
  const total = results.reduce((a, r) => a + BigInt(r.ideal), 0n);
  const scaledOk = results.every((r) => BigInt(r.match) === (total > BigInt(QUAD_POOL) ? (BigInt(r.ideal) * BigInt(QUAD_POOL)) / total : BigInt(r.ideal)));
  check(
    'round: each ideal (sum of sqrt)^2 - sum recomputed from the pledges, each match = floor(ideal * pool / total)',
    idealOk && scaledOk,
    `service ${JSON.stringify(results)}; driver ideals ${JSON.stringify(ideals)}`,
  );
}
