import { bearer, cast, Cast, passDeadline, pledge } from '../support/flows';
import { startTestPlatform, TestPlatform } from '../support/harness';
import { campaignLedger, payoutAccount, releaseTranche, settleMilestone } from '../support/delivery';
import {
  approvedCampaign,
  campaignOf,
  deliveryCampaign,
  fundOf,
  fundWithRule,
  ledgerAudit,
  openCall,
  ratioRule,
  read,
  refundPledge,
  statusOf,
  tranchesOf,
} from '../support/scenario';
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
  const tranches = (id: string): Promise<Tranche[]> => tranchesOf(p, id);
  const audit = (who: Cast) => ledgerAudit(p, who.admin);
  const deadLetters = async () =>
    (
      await Promise.all(
        (['campaigns', 'pledges', 'matching', 'payouts'] as const).map((s) => p.db(s).query(`SELECT 1 FROM ${s}.inbox_messages WHERE status = 'dead'`)),
      )
    ).flat().length;

  /** A call, a 1:1 fund capped at 20,000 per donor, and an all-or-nothing campaign of 100,000 with 30% upfront and two binary milestones (40% / 30%). */
  async function setUp(who: Cast) {
    const call = (await openCall(p, who.funder)).body;
    const fund = { name: 'Comune', budgetAmount: 1_000_000, sourceTags: ['municipal'] };
    const cityFund = await fundWithRule(p, who.funder, fund, ratioRule(call.id, { maxMatchPerDonorPerCampaign: 20_000 }));
    const campaignId = await approvedCampaign(p, who.promoter, who.funder, deliveryCampaign(p, call.id, 'binary', { summary: 's', description: 'd' }));
    await payoutAccount(p, who.promoter);
    await p.drain();
    // bea 60,000 (match capped at 20,000) and cris 40,000 (match 20,000): crowd 100,000 + match 40,000.
    const bea = await pledge(p, who.citizen('bea'), campaignId, 60_000);
    const cris = await pledge(p, who.citizen('cris'), campaignId, 40_000);
    return { campaignId, fundId: cityFund.id as string, bea, cris };
  }

  async function verifyAll(who: Cast, campaignId: string) {
    await settleMilestone(p, who, campaignId, 0, { reported: 150, description: 'report' });
    await settleMilestone(p, who, campaignId, 1, { reported: 20, description: 'report' });
    await p.drain();
  }

  it('takes a refund after success out of the unreleased tranches, returns its match from the unreleased shares, and refuses what the escrow cannot cover', async () => {
    const who = cast(p);
    const { campaignId, fundId, bea, cris } = await setUp(who);
    await passDeadline(p, 11);
    expect(await statusOf(p, campaignId)).toBe('in_delivery');
    // crowd 100,000 → 30,000 / 40,000 / 30,000; match 40,000 → 12,000 / 16,000 / 12,000.
    const planned = await tranches(campaignId);
    expect(planned.map((t) => [t.donorShare, t.amount, t.status])).toEqual([
      [30_000, 42_000, 'eligible'],
      [40_000, 56_000, 'planned'],
      [30_000, 42_000, 'planned'],
    ]);
    await releaseTranche(p, who.funder, planned[0].id);
    await p.drain();

    // cris's 40,000: the escrow still holds 70,000 → refunded. It comes out of 40,000 / 30,000 by
    // largest remainder: 22,857.14 / 17,142.86 → 22,857 / 17,143. Its 20,000 match comes out of the
    // unreleased shares 16,000 / 12,000: 11,428.57 / 8,571.43 → 11,429 / 8,571.
    const refunded = await refundPledge(p, who.admin, cris.id, 'donor asked');
    expect(refunded.body).toMatchObject({ status: 'refunded', refundedAmount: 40_000 });
    await p.drain();
    const after = await tranches(campaignId);
    expect(after.map((t) => [t.donorShare, t.amount, t.status])).toEqual([
      [30_000, 42_000, 'paid'],
      [17_143, 17_143 + 4_571, 'planned'],
      [12_857, 12_857 + 3_429, 'planned'],
    ]);
    // The fund: 40,000 committed, 12,000 spent with the upfront tranche, 20,000 back → available.
    expect(await fundOf(p, fundId)).toMatchObject({ budgetAmount: 1_000_000, available: 980_000, reserved: 0, committed: 8_000, spent: 12_000, returned: 0 });
    const page = await campaignOf(p, campaignId);
    expect(page.progress).toMatchObject({ pledgedAmount: 60_000, matchedAmount: 20_000, backers: 1 });
    expect(await audit(who)).toEqual({ ok: true, violations: [], openItems: [] });

    // bea's 60,000 would need more than the 30,000 the escrow still holds: refused, nothing changes.
    const refused = await p.api.post(`/pledges/${bea.id}/refund`).set(bearer(who.admin)).send({ reason: 'donor asked' }).expect(409);
    expect(refused.body).toMatchObject({ code: 'REFUND_NOT_COVERED_BY_ESCROW' });
    expect(refused.body.message).toMatch(/holds only 30000/);
    expect((await read(p, `/pledges/${bea.id}`, who.citizen('bea'))).status).toBe('confirmed');
    await p.drain();
    expect((await tranches(campaignId)).map((t) => t.donorShare)).toEqual([30_000, 17_143, 12_857]);

    // Delivery: both milestones met, both tranches released. The promoter gets bea's 60,000 and her 20,000 match, to the cent.
    await verifyAll(who, campaignId);
    for (const t of (await tranches(campaignId)).filter((x) => x.status === 'eligible')) await releaseTranche(p, who.funder, t.id);
    await p.drain();
    const done = await tranches(campaignId);
    expect(done.map((t) => t.status)).toEqual(['paid', 'paid', 'paid']);
    expect(done.reduce((s, t) => s + t.amount, 0)).toBe(80_000);
    expect(await fundOf(p, fundId)).toMatchObject({ available: 980_000, reserved: 0, committed: 0, spent: 20_000, returned: 0 });
    const ledger = await campaignLedger(p, campaignId);
    expect([ledger.balance(`escrow:campaign:${campaignId}:crowd`), ledger.balance(`escrow:campaign:${campaignId}:match:${fundId}`)]).toEqual([0, 0]);
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
    await passDeadline(p, 11);
    const planned = await tranches(campaignId);
    await releaseTranche(p, who.funder, planned[0].id);
    await p.drain();
    // Milestone 1 (binary, 40%) missed: its donors' 40,000 go back pro rata, bea 24,000 and cris 16,000.
    await settleMilestone(p, who, campaignId, 0, { reported: 100, description: 'report' });
    await p.drain();
    expect((await tranches(campaignId))[1]).toMatchObject({ status: 'forfeited' });
    const mine = (name: string, id: string) => read(p, `/pledges/${id}`, who.citizen(name));
    expect(await mine('cris', cris.id)).toMatchObject({ status: 'confirmed', refundedAmount: 16_000 });

    // cris's refund now: the 24,000 her pledge still holds (the escrow holds 30,000), not 40,000 again.
    const refunded = await refundPledge(p, who.admin, cris.id, 'donor asked');
    expect(refunded.body).toMatchObject({ status: 'refunded', refundedAmount: 40_000 });
    await p.drain();
    expect((await tranches(campaignId)).map((t) => [t.donorShare, t.status])).toEqual([
      [30_000, 'paid'],
      [40_000, 'forfeited'],
      [6_000, 'planned'],
    ]);
    const ledger = await campaignLedger(p, campaignId);
    expect(ledger.balance(`escrow:campaign:${campaignId}:crowd`)).toBe(6_000);
    // The campaign's page no longer counts cris: bea's 60,000 and one backer.
    expect((await campaignOf(p, campaignId)).progress).toMatchObject({ pledgedAmount: 60_000, backers: 1 });
    expect(await mine('bea', bea.id)).toMatchObject({ status: 'confirmed', refundedAmount: 24_000 });
    expect(await read(p, '/audit/platform', who.admin)).toMatchObject({ ok: true, status: 'ok', findings: [] });
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
      await refundPledge(p, who.admin, cris.id, 'donor asked');
      await p.drain();
      await release();
      await p.tick();
      // The close counted 100,000 + 40,000 match (success); the plan splits the 60,000 left and bea's 20,000 match.
      expect(await statusOf(p, campaignId)).toBe('in_delivery');
      expect((await tranches(campaignId)).map((t) => [t.donorShare, t.amount])).toEqual([
        [18_000, 24_000],
        [24_000, 32_000],
        [18_000, 24_000],
      ]);
      expect(await fundOf(p, fundId)).toMatchObject({ available: 980_000, reserved: 0, committed: 20_000, spent: 0 });
      expect(await audit(who)).toEqual({ ok: true, violations: [], openItems: [] });
      expect(await deadLetters()).toBe(0);
    },
  );
});
