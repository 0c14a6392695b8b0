import { aCall, isoIn } from '../support/fixtures';
import { bearer, cast, Cast, pledge } from '../support/flows';
import { startTestPlatform, TestPlatform } from '../support/harness';
import { CloseFundingJob } from '../../apps/pledges/src/jobs/close-funding.job';

const DAY = 24 * 3600 * 1000;

/**
 * Refunds after funding closed (docs/money-rules.md, "Refunds after funding closed"; issue 17 #1):
 * a refund comes out of the escrow the tranche plan has not released yet, its match goes back to
 * the fund from the unreleased match shares, and a refund the escrow cannot cover is refused —
 * never a negative escrow, never a dead letter, never the same money paid twice.
 */
describe('refunds after funding closed', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await startTestPlatform();
  });
  afterAll(() => p?.close());

  type Tranche = { id: string; kind: string; donorShare: number; amount: number; status: string };
  const tranches = async (id: string): Promise<Tranche[]> => (await p.api.get(`/campaigns/${id}/tranches`).expect(200)).body;
  const fund = async (id: string) => (await p.api.get(`/funds/${id}`).expect(200)).body;
  const audit = async (who: Cast) => (await p.api.get('/ledger/audit').set(bearer(who.admin)).expect(200)).body;
  const deadLetters = async () =>
    (
      await Promise.all(
        (['campaigns', 'pledges', 'matching', 'payouts'] as const).map((s) => p.db(s).query(`SELECT 1 FROM ${s}.inbox_messages WHERE status = 'dead'`)),
      )
    ).flat().length;

  /** A call, a 1:1 fund capped at 20,000 per donor, and an all-or-nothing campaign of 100,000 with 30% upfront and two binary milestones (40% / 30%). */
  async function setUp(who: Cast) {
    const now = p.clock.now().getTime();
    const call = (
      await p.api
        .post('/calls')
        .set(bearer(who.funder))
        .send(aCall({ opensAt: isoIn(-1, now), closesAt: isoIn(90, now) }))
        .expect(201)
    ).body;
    const cityFund = (
      await p.api
        .post('/funds')
        .set(bearer(who.funder))
        .send({ name: 'Comune', currency: 'EUR', budgetAmount: 1_000_000, sourceTags: ['municipal'] })
        .expect(201)
    ).body;
    await p.api
      .post(`/funds/${cityFund.id}/rules`)
      .set(bearer(who.funder))
      .send({ type: 'ratio', numerator: 1, denominator: 1, maxMatchPerDonorPerCampaign: 20_000, eligibility: { callIds: [call.id] } })
      .expect(201);
    const body = {
      title: 'Portineria di quartiere',
      summary: 's',
      description: 'd',
      callId: call.id,
      area: 'Giambellino',
      category: 'social_concierge',
      promoterType: 'ets',
      goalAmount: 100_000,
      currency: 'EUR',
      fundingModel: 'all_or_nothing',
      startsAt: isoIn(-1, now),
      endsAt: isoIn(10, now),
      cofinancingAmount: 10_000,
      upfrontSharePct: 30,
      failedMilestonePolicy: 'refund_donor_share',
      milestones: [
        {
          title: 'Households served',
          indicator: 'households',
          unit: 'households',
          baseline: 0,
          target: 150,
          dueAt: isoIn(60, now),
          payoutSharePct: 40,
          paymentRule: 'binary',
        },
        {
          title: 'Volunteers trained',
          indicator: 'volunteers',
          unit: 'people',
          baseline: 0,
          target: 20,
          dueAt: isoIn(70, now),
          payoutSharePct: 30,
          paymentRule: 'binary',
        },
      ],
    };
    const draft = (await p.api.post('/campaigns').set(bearer(who.promoter)).send(body).expect(201)).body;
    await p.api.post(`/campaigns/${draft.id}/submit`).set(bearer(who.promoter)).expect(200);
    await p.api.post(`/campaigns/${draft.id}/approve`).set(bearer(who.funder)).expect(200);
    await p.api.post('/promoters/me/payout-account').set(bearer(who.promoter)).send({ method: 'stripe_connect' }).expect(200);
    await p.drain();
    // bea 60,000 (match capped at 20,000) and cris 40,000 (match 20,000): crowd 100,000 + match 40,000.
    const bea = await pledge(p, who.citizen('bea'), draft.id, 60_000);
    const cris = await pledge(p, who.citizen('cris'), draft.id, 40_000);
    return { campaignId: draft.id as string, fundId: cityFund.id as string, bea, cris };
  }

  async function verifyAll(who: Cast, campaignId: string) {
    const milestones = (await p.api.get(`/campaigns/${campaignId}`).expect(200)).body.milestones;
    for (const [m, value] of [
      [milestones[0], 150],
      [milestones[1], 20],
    ] as const) {
      await p.api
        .post(`/campaigns/${campaignId}/milestones/${m.id}/evidence`)
        .set(bearer(who.promoter))
        .send({ reportedValue: value, description: 'report', documents: [] })
        .expect(201);
      await p.api
        .post(`/campaigns/${campaignId}/milestones/${m.id}/verification`)
        .set(bearer(who.verifier))
        .send({ verifiedValue: value, approved: true })
        .expect(200);
    }
    await p.drain();
  }

  it('takes a refund after success out of the unreleased tranches, returns its match from the unreleased shares, and refuses what the escrow cannot cover', async () => {
    const who = cast(p);
    const { campaignId, fundId, bea, cris } = await setUp(who);
    p.clock.advance(11 * DAY);
    await p.tick();
    expect((await p.api.get(`/campaigns/${campaignId}`).expect(200)).body.status).toBe('in_delivery');
    // crowd 100,000 → 30,000 / 40,000 / 30,000; match 40,000 → 12,000 / 16,000 / 12,000.
    const planned = await tranches(campaignId);
    expect(planned.map((t) => [t.donorShare, t.amount, t.status])).toEqual([
      [30_000, 42_000, 'eligible'],
      [40_000, 56_000, 'planned'],
      [30_000, 42_000, 'planned'],
    ]);
    await p.api.post(`/tranches/${planned[0].id}/release`).set(bearer(who.funder)).expect(200);
    await p.drain();

    // cris's 40,000: the escrow still holds 70,000 → refunded. It comes out of 40,000 / 30,000 by
    // largest remainder: 22,857.14 / 17,142.86 → 22,857 / 17,143. Its 20,000 match comes out of the
    // unreleased shares 16,000 / 12,000: 11,428.57 / 8,571.43 → 11,429 / 8,571.
    const refunded = await p.api.post(`/pledges/${cris.id}/refund`).set(bearer(who.admin)).send({ reason: 'donor asked' }).expect(200);
    expect(refunded.body).toMatchObject({ status: 'refunded', refundedAmount: 40_000 });
    await p.drain();
    const after = await tranches(campaignId);
    expect(after.map((t) => [t.donorShare, t.amount, t.status])).toEqual([
      [30_000, 42_000, 'paid'],
      [17_143, 17_143 + 4_571, 'planned'],
      [12_857, 12_857 + 3_429, 'planned'],
    ]);
    // The fund: 40,000 committed, 12,000 spent with the upfront tranche, 20,000 back → available.
    expect(await fund(fundId)).toMatchObject({ budgetAmount: 1_000_000, available: 980_000, reserved: 0, committed: 8_000, spent: 12_000, returned: 0 });
    const page = (await p.api.get(`/campaigns/${campaignId}`).expect(200)).body;
    expect(page.progress).toMatchObject({ pledgedAmount: 60_000, matchedAmount: 20_000, backers: 1 });
    expect(await audit(who)).toEqual({ ok: true, violations: [], openItems: [] });

    // bea's 60,000 would need more than the 30,000 the escrow still holds: refused, nothing changes.
    const refused = await p.api.post(`/pledges/${bea.id}/refund`).set(bearer(who.admin)).send({ reason: 'donor asked' }).expect(409);
    expect(refused.body).toMatchObject({ code: 'REFUND_NOT_COVERED_BY_ESCROW' });
    expect(refused.body.message).toMatch(/holds only 30000/);
    expect(
      (
        await p.api
          .get(`/pledges/${bea.id}`)
          .set(bearer(who.citizen('bea')))
          .expect(200)
      ).body.status,
    ).toBe('confirmed');
    await p.drain();
    expect((await tranches(campaignId)).map((t) => t.donorShare)).toEqual([30_000, 17_143, 12_857]);

    // Delivery: both milestones met, both tranches released. The promoter gets bea's 60,000 and her 20,000 match, to the cent.
    await verifyAll(who, campaignId);
    for (const t of (await tranches(campaignId)).filter((x) => x.status === 'eligible'))
      await p.api.post(`/tranches/${t.id}/release`).set(bearer(who.funder)).expect(200);
    await p.drain();
    const done = await tranches(campaignId);
    expect(done.map((t) => t.status)).toEqual(['paid', 'paid', 'paid']);
    expect(done.reduce((s, t) => s + t.amount, 0)).toBe(80_000);
    expect(await fund(fundId)).toMatchObject({ available: 980_000, reserved: 0, committed: 0, spent: 20_000, returned: 0 });
    const ledger = (await p.api.get(`/ledger/campaigns/${campaignId}`).expect(200)).body;
    const balance = (account: string) => ledger.accounts.find((x: { account: string }) => x.account === account)?.balance ?? 0;
    expect([balance(`escrow:campaign:${campaignId}:crowd`), balance(`escrow:campaign:${campaignId}:match:${fundId}`)]).toEqual([0, 0]);
    // Nothing left in the escrow: any further refund is refused.
    await p.api.post(`/pledges/${bea.id}/refund`).set(bearer(who.admin)).send({ reason: 'too late' }).expect(409);
    expect(await audit(who)).toEqual({ ok: true, violations: [], openItems: [] });
    expect(await deadLetters()).toBe(0);
  });

  // Found by the model test: a milestone forfeited under refund_donor_share paid part of each pledge
  // back pro rata; an admin refund of one of those pledges afterwards refunds what it still holds, and
  // every service must then count the pledge as gone in full (campaigns raised 45,400 too much and
  // kept the backer; pledges' audit counted the whole pledge refunded where payouts saw the rest only).
  it("refunds what a pledge still holds after a pro-rata donors' share refund, and every service counts the pledge gone in full", async () => {
    const who = cast(p);
    const { campaignId, bea, cris } = await setUp(who);
    p.clock.advance(11 * DAY);
    await p.tick();
    const planned = await tranches(campaignId);
    await p.api.post(`/tranches/${planned[0].id}/release`).set(bearer(who.funder)).expect(200);
    await p.drain();
    // Milestone 1 (binary, 40%) missed: its donors' 40,000 go back pro rata, bea 24,000 and cris 16,000.
    const m = (await p.api.get(`/campaigns/${campaignId}`).expect(200)).body.milestones[0];
    await p.api
      .post(`/campaigns/${campaignId}/milestones/${m.id}/evidence`)
      .set(bearer(who.promoter))
      .send({ reportedValue: 100, description: 'report', documents: [] })
      .expect(201);
    await p.api
      .post(`/campaigns/${campaignId}/milestones/${m.id}/verification`)
      .set(bearer(who.verifier))
      .send({ verifiedValue: 100, approved: true })
      .expect(200);
    await p.drain();
    expect((await tranches(campaignId))[1]).toMatchObject({ status: 'forfeited' });
    const mine = async (name: string, id: string) =>
      (
        await p.api
          .get(`/pledges/${id}`)
          .set(bearer(who.citizen(name)))
          .expect(200)
      ).body;
    expect(await mine('cris', cris.id)).toMatchObject({ status: 'confirmed', refundedAmount: 16_000 });

    // cris's refund now: the 24,000 her pledge still holds (the escrow holds 30,000), not 40,000 again.
    const refunded = await p.api.post(`/pledges/${cris.id}/refund`).set(bearer(who.admin)).send({ reason: 'donor asked' }).expect(200);
    expect(refunded.body).toMatchObject({ status: 'refunded', refundedAmount: 40_000 });
    await p.drain();
    expect((await tranches(campaignId)).map((t) => [t.donorShare, t.status])).toEqual([
      [30_000, 'paid'],
      [40_000, 'forfeited'],
      [6_000, 'planned'],
    ]);
    const ledger = (await p.api.get(`/ledger/campaigns/${campaignId}`).expect(200)).body;
    const balance = (account: string) => ledger.accounts.find((x: { account: string }) => x.account === account)?.balance ?? 0;
    expect(balance(`escrow:campaign:${campaignId}:crowd`)).toBe(6_000);
    // The campaign's page no longer counts cris: bea's 60,000 and one backer.
    expect((await p.api.get(`/campaigns/${campaignId}`).expect(200)).body.progress).toMatchObject({ pledgedAmount: 60_000, backers: 1 });
    expect(await mine('bea', bea.id)).toMatchObject({ status: 'confirmed', refundedAmount: 24_000 });
    expect((await p.api.get('/audit/platform').set(bearer(who.admin)).expect(200)).body).toMatchObject({ ok: true, status: 'ok', findings: [] });
    expect(await audit(who)).toEqual({ ok: true, violations: [], openItems: [] });
    expect(await deadLetters()).toBe(0);
  });

  // funding.closed and pledge.refunded travel on different topics: matching may hear of the refund
  // first (found in CI's distributed run, where the campaign then stayed live for ever). The close
  // counted the pledge either way, so the outcome, the plan and the fund must not depend on it.
  it.each(['the close', 'the refund'])(
    'lowers the crowd the plan splits when a refund comes between the close and the plan, and returns its match at the plan (matching hears %s first)',
    async (first) => {
      const who = cast(p);
      const { campaignId, fundId, cris } = await setUp(who);
      await p.drain();
      p.clock.advance(11 * DAY);
      const release = first === 'the refund' ? p.hold('matching', 'funding.closed') : async () => undefined;
      // Funding closes (the close job alone, nothing delivered yet); the refund comes before any service has heard of it.
      await p.app('pledges').get(CloseFundingJob).run();
      await p.api.post(`/pledges/${cris.id}/refund`).set(bearer(who.admin)).send({ reason: 'donor asked' }).expect(200);
      await p.drain();
      await release();
      await p.tick();
      // The close counted 100,000 + 40,000 match (success); the plan splits the 60,000 left and bea's 20,000 match.
      expect((await p.api.get(`/campaigns/${campaignId}`).expect(200)).body.status).toBe('in_delivery');
      expect((await tranches(campaignId)).map((t) => [t.donorShare, t.amount])).toEqual([
        [18_000, 24_000],
        [24_000, 32_000],
        [18_000, 24_000],
      ]);
      expect(await fund(fundId)).toMatchObject({ available: 980_000, reserved: 0, committed: 20_000, spent: 0 });
      expect(await audit(who)).toEqual({ ok: true, violations: [], openItems: [] });
      expect(await deadLetters()).toBe(0);
    },
  );
});
