import { randomUUID } from 'node:crypto';
import { isoIn } from '../support/fixtures';
import { bearer, cast, Cast, passDeadline, pledge, publishCampaign } from '../support/flows';
import { startTestPlatform, TestPlatform } from '../support/harness';

/**
 * docs/money-rules.md, "Quadratic rounds and campaign closing" and "Returns to a closed fund": a
 * campaign in an open quadratic round closes only once the round is final, with its quadratic share
 * in the final figures, the escrow and the tranche plan; money coming back to a closed fund goes
 * back to its funder.
 */
describe('quadratic rounds ending after a campaign closes, and returns to closed funds', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await startTestPlatform();
  });
  afterAll(() => p?.close());

  const DAY = 24 * 3600 * 1000;
  async function quadraticFund(who: Cast, budgetAmount: number, callId: string, roundDays: number) {
    const now = p.clock.now().getTime();
    const f = await p.api
      .post('/funds')
      .set(bearer(who.funder))
      .send({ name: `QF ${randomUUID().slice(0, 6)}`, currency: 'EUR', budgetAmount, sourceTags: ['ERDF'] })
      .expect(201);
    const r = await p.api
      .post(`/funds/${f.body.id}/rules`)
      .set(bearer(who.funder))
      .send({ type: 'quadratic', roundStartsAt: isoIn(-1, now), roundEndsAt: isoIn(roundDays, now), eligibility: { callIds: [callId] } })
      .expect(201);
    return { fundId: f.body.id as string, ruleId: r.body.id as string };
  }
  async function fund(fundId: string) {
    const f = (await p.api.get(`/funds/${fundId}`).expect(200)).body;
    expect(f.available + f.reserved + f.committed + f.spent + f.returned).toBe(f.budgetAmount);
    return f;
  }
  const campaign = async (id: string) => (await p.api.get(`/campaigns/${id}`).expect(200)).body;
  async function ledgerSum(campaignId: string, kind: string) {
    const ledger = (await p.api.get(`/ledger/campaigns/${campaignId}`).expect(200)).body as { movements: { kind: string; amount: number }[] };
    return ledger.movements.filter((m) => m.kind === kind).reduce((s, m) => s + m.amount, 0);
  }
  const tranchesTotal = async (campaignId: string) =>
    ((await p.api.get(`/campaigns/${campaignId}/tranches`).expect(200)).body as { amount: number }[]).reduce((s, t) => s + t.amount, 0);

  it('waits for a round that ends after the deadline, then escrows and plans the quadratic share', async () => {
    const who = cast(p);
    const { id, callId } = await publishCampaign(p, who, { goalAmount: 100_000, fundingModel: 'keep_it_all', endsAt: isoIn(10, p.clock.now().getTime()) });
    const q = await quadraticFund(who, 100_000, callId, 15);
    for (const name of ['d1', 'd2', 'd3']) await pledge(p, who.citizen(name), id, 1_000);
    await p.drain();

    await passDeadline(p, 11); // funding closed, the round is still open: the campaign waits
    expect(await campaign(id)).toMatchObject({ status: 'live' });
    expect(await fund(q.fundId)).toMatchObject({ available: 100_000, reserved: 0, committed: 0 });

    await passDeadline(p, 5);
    // ideal = (3·√1000)² − 3000 = 6000 ≤ pool: the campaign gets 6000, committed and escrowed
    expect(await campaign(id)).toMatchObject({ status: 'in_delivery', progress: { pledgedAmount: 3_000, matchedAmount: 6_000 } });
    expect(await fund(q.fundId)).toMatchObject({ available: 94_000, reserved: 0, committed: 6_000 });
    expect([await ledgerSum(id, 'pledge_collected'), await ledgerSum(id, 'match_committed')]).toEqual([3_000, 6_000]);
    expect(await tranchesTotal(id)).toBe(9_000);
    expect((await p.api.get('/ledger/audit').set(bearer(who.admin)).expect(200)).body).toMatchObject({ ok: true });
  });

  it('decides all-or-nothing with the quadratic share: reaching the goal thanks to the round succeeds', async () => {
    const who = cast(p);
    const { id, callId } = await publishCampaign(p, who, { goalAmount: 100_000, fundingModel: 'all_or_nothing', endsAt: isoIn(10, p.clock.now().getTime()) });
    const q = await quadraticFund(who, 10_000, callId, 15);
    for (const name of ['a', 'b', 'c']) await pledge(p, who.citizen(name), id, 30_000);
    await p.drain();
    await passDeadline(p, 11);
    expect(await campaign(id)).toMatchObject({ status: 'live' }); // 90,000 alone would fail
    await passDeadline(p, 5);
    // ideal = (3·√30000)² − 90000 = 180,000 > pool 10,000: scaled to the pool; 90,000 + 10,000 = goal
    expect(await campaign(id)).toMatchObject({ status: 'in_delivery', progress: { matchedAmount: 10_000 } });
    expect(await fund(q.fundId)).toMatchObject({ available: 0, committed: 10_000 });
    expect(await ledgerSum(id, 'match_committed')).toBe(10_000);
    expect(await tranchesTotal(id)).toBe(100_000);
  });

  it('releases the quadratic share of a campaign that fails even with it, and gives nothing to one cancelled while waiting', async () => {
    const who = cast(p);
    const now = p.clock.now().getTime();
    const failing = await publishCampaign(p, who, { goalAmount: 1_000_000, fundingModel: 'all_or_nothing', endsAt: isoIn(10, now) });
    const cancelled = await publishCampaign(p, who, { goalAmount: 100_000, fundingModel: 'keep_it_all', endsAt: isoIn(10, now) });
    const q = await quadraticFund(who, 100_000, failing.callId, 15);
    await p.api
      .post(`/funds/${q.fundId}/rules`)
      .set(bearer(who.funder))
      .send({ type: 'quadratic', roundStartsAt: isoIn(-1, now), roundEndsAt: isoIn(15, now), eligibility: { callIds: [cancelled.callId] } })
      .expect(201);
    for (const name of ['e', 'f']) {
      await pledge(p, who.citizen(name), failing.id, 1_000);
      await pledge(p, who.citizen(name), cancelled.id, 1_000);
    }
    await p.drain();
    await passDeadline(p, 11);
    expect([(await campaign(failing.id)).status, (await campaign(cancelled.id)).status]).toEqual(['live', 'live']);
    await p.api.post(`/campaigns/${cancelled.id}/cancel`).set(bearer(who.admin)).send({ reason: 'promoter withdrew' }).expect(200);
    await p.drain();
    await passDeadline(p, 5);
    // failing: ideal (2·√1000)² − 2000 = 2000, reserved at the round's end, released when it fails
    expect(await campaign(failing.id)).toMatchObject({ status: 'failed' });
    expect(await campaign(cancelled.id)).toMatchObject({ status: 'cancelled' });
    expect(await fund(q.fundId)).toMatchObject({ available: 100_000, reserved: 0, committed: 0 });
    const pending = await p
      .db('matching')
      .query(`SELECT campaign_id FROM matching.pending_finalizations WHERE campaign_id = ANY($1::uuid[])`, [[failing.id, cancelled.id]]);
    expect(pending).toEqual([]);
  });

  // (matching hearing of the refund before the close itself — another topic — must change nothing)
  it.each(['the close', 'the refund'])(
    'still finalizes a waiting campaign when one of its pledges is refunded during the wait (matching hears %s first)',
    async (first) => {
      const who = cast(p);
      const { id, callId } = await publishCampaign(p, who, { goalAmount: 100_000, fundingModel: 'keep_it_all', endsAt: isoIn(10, p.clock.now().getTime()) });
      const q = await quadraticFund(who, 100_000, callId, 15);
      const pledges = [];
      for (const name of ['g', 'h', 'i']) pledges.push(await pledge(p, who.citizen(name), id, 1_000));
      await p.drain();
      const release = first === 'the refund' ? p.hold('matching', 'funding.closed') : async () => undefined;
      await passDeadline(p, 11);
      await p.api.post(`/pledges/${pledges[2].id}/refund`).set(bearer(who.admin)).send({ reason: 'donor asked' }).expect(200);
      await p.drain();
      await release();
      await p.drain();
      await passDeadline(p, 5);
      // the refunded pledge drops out of the round: ideal (2·√1000)² − 2000 = 2000
      expect((await p.api.get(`/rounds/${q.ruleId}`).expect(200)).body.results).toEqual([
        expect.objectContaining({ campaignId: id, donors: 2, matchAmount: 2_000 }),
      ]);
      expect(await campaign(id)).toMatchObject({ status: 'in_delivery', progress: { matchedAmount: 2_000 } });
      expect(await fund(q.fundId)).toMatchObject({ committed: 2_000 });
      expect(await ledgerSum(id, 'match_committed')).toBe(2_000);
      // the close counted 3,000 of crowd, the refund took 1,000 out of the escrow before the plan: the
      // tranches split the 2,000 left and the 2,000 share, never more than the escrow holds
      expect(await tranchesTotal(id)).toBe(4_000);
      expect((await p.api.get('/ledger/audit').set(bearer(who.admin)).expect(200)).body).toMatchObject({ ok: true, violations: [] });
    },
  );

  it('does not wait for a round the campaign cannot get anything from (one donor)', async () => {
    const who = cast(p);
    const { id, callId } = await publishCampaign(p, who, { goalAmount: 100_000, fundingModel: 'keep_it_all', endsAt: isoIn(10, p.clock.now().getTime()) });
    await quadraticFund(who, 100_000, callId, 40);
    await pledge(p, who.citizen('solo'), id, 5_000);
    await p.drain();
    await passDeadline(p, 11);
    expect(await campaign(id)).toMatchObject({ status: 'in_delivery' });
    p.clock.advance(30 * DAY); // keep later suites' rounds apart
    await p.tick();
  });

  it('returns to the funder what a refund or a failure frees in a closed fund', async () => {
    const who = cast(p);
    const now = p.clock.now().getTime();
    const { id, callId } = await publishCampaign(p, who, { goalAmount: 1_000_000, fundingModel: 'all_or_nothing', endsAt: isoIn(10, now) });
    const f = (
      await p.api
        .post('/funds')
        .set(bearer(who.funder))
        .send({ name: 'City', currency: 'EUR', budgetAmount: 10_000, sourceTags: ['municipal'] })
        .expect(201)
    ).body;
    await p.api
      .post(`/funds/${f.id}/rules`)
      .set(bearer(who.funder))
      .send({ type: 'ratio', numerator: 1, denominator: 1, eligibility: { callIds: [callId] } })
      .expect(201);
    const refunded = await pledge(p, who.citizen('ada'), id, 600);
    await pledge(p, who.citizen('bea'), id, 400);
    await p.drain();
    expect(await fund(f.id)).toMatchObject({ available: 9_000, reserved: 1_000 });
    await p.api.post(`/funds/${f.id}/close`).set(bearer(who.funder)).expect(200);
    expect(await fund(f.id)).toMatchObject({ available: 0, reserved: 1_000, returned: 9_000 });

    await p.api.post(`/pledges/${refunded.id}/refund`).set(bearer(who.admin)).send({ reason: 'donor asked' }).expect(200);
    await p.drain();
    expect(await fund(f.id)).toMatchObject({ available: 0, reserved: 400, returned: 9_600 });
    await passDeadline(p, 11); // 400 + 400 < goal: the campaign fails, its match goes back to the funder
    expect(await campaign(id)).toMatchObject({ status: 'failed' });
    expect(await fund(f.id)).toMatchObject({ available: 0, reserved: 0, committed: 0, returned: 10_000 });
  });
});
