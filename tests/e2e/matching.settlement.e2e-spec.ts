import { randomUUID } from 'node:crypto';
import { isoIn } from '../support/fixtures';
import { bearer, cast, passDeadline, pledge, publishCampaign } from '../support/flows';
import { startTestPlatform, TestPlatform } from '../support/harness';
import { matchingHelpers } from '../support/matching';

// When campaigns close: matches committed, forfeits taken back (also into a closed fund), quadratic rounds finalized
// (reservations while live: matching.e2e-spec.ts).
describe('matching: stacked funds, quotes, refunds, failure, quadratic rounds, concurrency', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await startTestPlatform();
  });
  afterAll(() => p?.close());
  const { fund, pool, quote } = matchingHelpers(() => p);

  it('commits matches when the campaign succeeds thanks to them, and takes back what failed milestones forfeit (once, also into a closed fund)', async () => {
    const city = cast(p);
    const promoter = cast(p);
    const now = p.clock.now().getTime();
    const milestones = [
      {
        title: 'Desk open',
        indicator: 'households served',
        unit: 'households',
        baseline: 0,
        target: 100,
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
        payoutSharePct: 20,
        paymentRule: 'binary',
      },
    ];
    const { id, callId } = await publishCampaign(p, promoter, {
      goalAmount: 100_000,
      fundingModel: 'all_or_nothing',
      upfrontSharePct: 40,
      milestones,
      endsAt: isoIn(10, now),
    });
    const c = await fund(city, 200_000, { type: 'ratio', numerator: 1, denominator: 1, eligibility: { callIds: [callId] } });
    await pledge(p, promoter.citizen('carla'), id, 50_000);
    await passDeadline(p, 11);
    const done = (await p.api.get(`/campaigns/${id}`).expect(200)).body;
    expect(done).toMatchObject({ status: 'in_delivery', progress: { pledgedAmount: 50_000, matchedAmount: 50_000 } });
    expect(done.statusReason).toContain('crowd 50000, match 50000');
    expect(await pool(c.fundId)).toMatchObject({ available: 150_000, reserved: 0, committed: 50_000 });
    expect((await p.api.get(`/campaigns/${id}/match`).expect(200)).body).toMatchObject({ committedAmount: 50_000, reservedAmount: 0 });

    // The match splits 20,000 upfront / 20,000 / 10,000. The first milestone fails: payouts returns its
    // 20,000 (funds.returned) and matching can use it again.
    const verifier = cast(p).verifier;
    const fail = async (index: number) => {
      const m = done.milestones[index];
      await p.api
        .post(`/campaigns/${id}/milestones/${m.id}/evidence`)
        .set(bearer(promoter.promoter))
        .send({ reportedValue: 1, description: 'report', documents: [] })
        .expect(201);
      await p.api.post(`/campaigns/${id}/milestones/${m.id}/verification`).set(bearer(verifier)).send({ verifiedValue: 1, approved: false }).expect(200);
      await p.drain();
    };
    await fail(0);
    expect(await pool(c.fundId)).toMatchObject({ available: 170_000, committed: 30_000 });
    // The same return told again (a new event id, so the inbox cannot catch it; the return id does): nothing moves twice.
    const [returned] = await p
      .db('payouts')
      .query(`SELECT envelope FROM payouts.outbox_messages WHERE event_type = 'funds.returned.v1' AND envelope->'payload'->>'campaignId' = $1`, [id]);
    const again = { ...returned.envelope, id: randomUUID() };
    await p
      .db('payouts')
      .query(
        `INSERT INTO payouts.outbox_messages (event_id, event_type, topic, message_key, envelope) VALUES ($1, 'funds.returned.v1', 'payouts.fund-return', $2, $3)`,
        [again.id, again.aggregateId, JSON.stringify(again)],
      );
    await p.drain();
    expect(await pool(c.fundId)).toMatchObject({ available: 170_000, committed: 30_000 });

    // The funder closes the fund: what is available goes back to the funder; a later return too.
    await p.api
      .post(`/funds/${c.fundId}/close`)
      .set(bearer(cast(p).funder))
      .expect(403);
    expect((await p.api.post(`/funds/${c.fundId}/close`).set(bearer(city.funder)).expect(200)).body).toMatchObject({
      available: 0,
      returned: 170_000,
      committed: 30_000,
    });
    await p.api.post(`/funds/${c.fundId}/close`).set(bearer(city.funder)).expect(409);
    await fail(1); // the second milestone's 10,000 comes back to a closed fund: to the funder
    expect(await pool(c.fundId)).toMatchObject({ available: 0, committed: 20_000, returned: 180_000 });
    // A closed fund takes no more money and no more rules.
    expect((await p.api.post(`/funds/${c.fundId}/top-ups`).set(bearer(city.funder)).send({ amount: 1_000 }).expect(409)).body.code).toBe('FUND_CLOSED');
    await p.api.post(`/funds/${c.fundId}/rules`).set(bearer(city.funder)).send({ type: 'ratio', numerator: 1, denominator: 1, eligibility: {} }).expect(409);
  });

  it('runs a quadratic round: live estimate, final amounts checked by hand, dust left in the pool', async () => {
    const funder = cast(p);
    const promoter = cast(p);
    const now = p.clock.now().getTime();
    const a = await publishCampaign(p, promoter, { title: 'QF A', goalAmount: 100_000, fundingModel: 'keep_it_all', endsAt: isoIn(20, now) });
    const b = await publishCampaign(p, promoter, { title: 'QF B', goalAmount: 100_000, fundingModel: 'keep_it_all', endsAt: isoIn(20, now) });
    const q = await fund(
      funder,
      10_000,
      { type: 'quadratic', roundStartsAt: isoIn(-1, now), roundEndsAt: isoIn(5, now), eligibility: { callIds: [a.callId, b.callId] } },
      ['ERDF'],
    );
    for (const name of ['d1', 'd2', 'd3', 'd4']) await pledge(p, promoter.citizen(name), a.id, 2_500);
    await pledge(p, promoter.citizen('e1'), b.id, 100);
    await pledge(p, promoter.citizen('e2'), b.id, 400);
    await p.drain();

    const live = (await p.api.get(`/rounds/${q.ruleId}`).expect(200)).body;
    expect(live).toMatchObject({ status: 'open', poolAmount: 10_000 });
    const quoteB = await quote(b.id, 400, promoter.citizen('e1'));
    expect(quoteB.byFund).toEqual([expect.objectContaining({ type: 'quadratic', estimate: true })]);

    await passDeadline(p, 6);
    const final = (await p.api.get(`/rounds/${q.ruleId}`).expect(200)).body;
    // ideals: A = (4·√2500)² − 10000 = 30000; B = (√100 + √400)² − 500 = 400; T = 30400 > pool 10000:
    // A = floor(30000·10000/30400) = 9868, B = floor(400·10000/30400) = 131, unallocated 1.
    expect(final).toMatchObject({ status: 'final', poolAmount: 10_000, unallocatedAmount: 1 });
    expect(final.results).toEqual([
      { campaignId: a.id, donors: 4, contributionsAmount: 10_000, matchAmount: 9_868 },
      { campaignId: b.id, donors: 2, contributionsAmount: 500, matchAmount: 131 },
    ]);
    expect(await pool(q.fundId)).toMatchObject({ available: 1, reserved: 9_999 });
    expect((await p.api.get(`/campaigns/${a.id}/match`).expect(200)).body).toMatchObject({ reservedAmount: 9_868, byFund: [{ type: 'quadratic' }] });
    await p.tick(); // finalizing twice changes nothing
    expect(await pool(q.fundId)).toMatchObject({ available: 1, reserved: 9_999 });
  });
});
