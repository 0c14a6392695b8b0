/** The set-up before the load: users, two calls, the ratio, threshold and quadratic funds, the campaigns of each kind. */
import { aCall, aCampaign, isoIn } from '../../tests/support/fixtures';
import { LOAD_S, N_CAMPAIGNS, N_FAILING, N_QUADRATIC, QUAD_POOL, RATIO, RUN_ID, THRESHOLD, sleep } from './config';
import { http, unexpected } from './http';
import { pg } from './support';
import { campaigns, createFund, Kind, token, tokens, world } from './world';

export async function setup(): Promise<void> {
  const tag = RUN_ID.slice(-4);
  tokens.funderId = `funder-${tag}`;
  tokens.funder = await token(tokens.funderId, ['funder']);
  tokens.admin = await token(`admin-${tag}`, ['admin']);
  tokens.verifier = await token(`verifier-${tag}`, ['verifier']);
  tokens.promoters = [];
  for (let i = 0; i < 4; i++) tokens.promoters.push(await token(`promoter${i}-${tag}`, ['promoter']));
  tokens.citizens = [];
  for (let i = 0; i < 20; i++) tokens.citizens.push({ id: `citizen${i}-${tag}`, token: await token(`citizen${i}-${tag}`, ['citizen']) });

  const call = await http('POST', '/calls', { token: tokens.funder, body: aCall({ minGoalAmount: 10_000 }) });
  if (call.status !== 201) unexpected('create call', call);
  const quadCall = await http('POST', '/calls', { token: tokens.funder, body: aCall({ title: 'Faults — quadratic round', minGoalAmount: 10_000 }) });
  if (quadCall.status !== 201) unexpected('create call', quadCall);
  ({ fundId: world.fundId } = await createFund('Faults — ratio match', 100_000_000, { type: 'ratio', ...RATIO, eligibility: { callIds: [call.body.id] } }));
  ({ fundId: world.thresholdFundId, ruleId: world.thresholdRuleId } = await createFund('Faults — threshold grant', 10_000_000, {
    type: 'threshold',
    thresholdAmount: THRESHOLD.amount,
    grantAmount: THRESHOLD.grant,
    eligibility: { callIds: [call.body.id] },
  }));
  for (const p of tokens.promoters) {
    const acct = await http('POST', '/promoters/me/payout-account', { token: p, body: { method: 'stripe_connect', country: 'IT' } });
    if (acct.status !== 200) unexpected('payout account', acct);
  }

  // Deadlines spread over the load: the first a little after it starts, the last before it ends.
  // Failing all-or-nothing campaigns end in the middle; the quadratic round ends at ~55 % of the load
  // and its campaigns 4+ s before it, grace included (they wait for the round, then close with its share).
  const loadStart = Date.now() + 8_000;
  const first = 20_000;
  const last = Math.max(first + 1000, (LOAD_S - 12) * 1000);
  world.roundEndsAt = loadStart + Math.round(LOAD_S * 550);
  if (N_QUADRATIC > 0) {
    ({ fundId: world.quadFundId, ruleId: world.quadRuleId } = await createFund('Faults — quadratic round', QUAD_POOL, {
      type: 'quadratic',
      roundStartsAt: isoIn(-1),
      roundEndsAt: new Date(world.roundEndsAt).toISOString(),
      eligibility: { callIds: [quadCall.body.id] },
    }));
  }
  const plan: { kind: Kind; endsAt: number }[] = [];
  for (let i = 0; i < N_CAMPAIGNS; i++)
    plan.push({ kind: 'ratio', endsAt: loadStart + first + Math.round(((last - first) * i) / Math.max(1, N_CAMPAIGNS - 1)) });
  for (let i = 0; i < N_FAILING; i++)
    plan.push({ kind: 'failing', endsAt: loadStart + Math.round(LOAD_S * 1000 * (0.4 + (0.35 * i) / Math.max(1, N_FAILING - 1))) });
  for (let i = 0; i < N_QUADRATIC; i++) plan.push({ kind: 'quadratic', endsAt: world.roundEndsAt - 6_000 - 3_000 * i }); // funding closes (+2 s grace) before the round ends
  const [milestone] = aCampaign(undefined).milestones;
  for (const [i, { kind, endsAt }] of plan.entries()) {
    const promoter = tokens.promoters[i % tokens.promoters.length];
    // a failing campaign's goal is far above what the load pledges
    const body = aCampaign(kind === 'quadratic' ? quadCall.body.id : call.body.id, {
      title: `Fault campaign ${i + 1} (${kind})`,
      summary: 's',
      description: 'd',
      goalAmount: kind === 'failing' ? 9_000_000 : 100_000,
      fundingModel: kind === 'failing' ? 'all_or_nothing' : 'keep_it_all',
      endsAt: new Date(endsAt).toISOString(),
      cofinancingAmount: kind === 'failing' ? 900_000 : 10_000,
      upfrontSharePct: 30,
      // the fixture's milestone (unit households, baseline 0, binary) with the run's figures
      milestones: [{ ...milestone, title: 'Households served', indicator: 'households', target: 10, dueAt: isoIn(60), payoutSharePct: 70 }],
    });
    const draft = await http('POST', '/campaigns', { token: promoter, body });
    if (draft.status !== 201) unexpected('create campaign', draft);
    const id = draft.body.id as string;
    const sub = await http('POST', `/campaigns/${id}/submit`, { token: promoter });
    if (sub.status !== 200) unexpected('submit campaign', sub);
    const ok = await http('POST', `/campaigns/${id}/approve`, { token: tokens.funder });
    if (ok.status !== 200 || ok.body.status !== 'live') unexpected('approve campaign', ok);
    const view = await http('GET', `/campaigns/${id}`);
    if (view.status !== 200 || view.body.milestones?.length !== 1) unexpected('GET campaign', view);
    campaigns.push({
      id,
      kind,
      promoter,
      endsAt,
      milestoneId: view.body.milestones[0].id,
      keys: 0,
      confirmed: new Map(),
      neverCounted: new Map(),
      closedPledges: 0,
      done: false,
      releases: 0,
    });
  }
  // Every service must know the campaigns (campaign.published across Kafka) before the load.
  const db = await pg();
  try {
    for (let i = 0; ; i++) {
      const [row] = (
        await db.query(
          `SELECT (SELECT count(*) FROM pledges.campaign_views)::int AS p, (SELECT count(*) FROM matching.campaign_views)::int AS m, (SELECT count(*) FROM payouts.campaign_views)::int AS y`,
        )
      ).rows;
      if (row.p === plan.length && row.m === plan.length && row.y === plan.length) break;
      if (i > 120) throw new Error(`campaigns not known everywhere after 60 s: ${JSON.stringify(row)}`);
      await sleep(500);
    }
  } finally {
    await db.end();
  }
}
