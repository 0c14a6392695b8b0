import { randomUUID } from 'node:crypto';
import { ConsumerRunner, MessagingRegistry } from '@lib/messaging';
import { isoIn } from '../support/fixtures';
import { bearer, cast, Cast, passDeadline, pledge, publishCampaign } from '../support/flows';
import { startTestPlatform, TestPlatform } from '../support/harness';

describe('matching: stacked funds, quotes, refunds, failure, quadratic rounds, concurrency', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await startTestPlatform();
  });
  afterAll(() => p?.close());

  async function fund(who: Cast, budgetAmount: number, rule: Record<string, unknown>, sourceTags = ['municipal']) {
    const f = await p.api
      .post('/funds')
      .set(bearer(who.funder))
      .send({ name: `Fund ${randomUUID().slice(0, 6)}`, currency: 'EUR', budgetAmount, sourceTags })
      .expect(201);
    const r = await p.api.post(`/funds/${f.body.id}/rules`).set(bearer(who.funder)).send(rule).expect(201);
    return { fundId: f.body.id as string, ruleId: r.body.id as string };
  }
  async function pool(fundId: string) {
    const f = (await p.api.get(`/funds/${fundId}`).expect(200)).body;
    expect(f.available + f.reserved + f.committed + f.spent + f.returned).toBe(f.budgetAmount); // the pool identity, every time
    return f;
  }
  const quote = async (campaignId: string, amount: number, token?: string) => {
    const req = p.api.get(`/campaigns/${campaignId}/match-quote?amount=${amount}`);
    return (await (token ? req.set(bearer(token)) : req).expect(200)).body;
  };

  it('validates rules and their ownership', async () => {
    const who = cast(p);
    const f = await p.api.post('/funds').set(bearer(who.funder)).send({ name: 'Fund F', currency: 'EUR', budgetAmount: 1000, sourceTags: [] }).expect(201);
    const rules = `/funds/${f.body.id}/rules`;
    await p.api
      .post(rules)
      .set(bearer(p.token('other-funder', 'funder')))
      .send({ type: 'ratio', numerator: 1, denominator: 1, eligibility: {} })
      .expect(403);
    const bad = await p.api.post(rules).set(bearer(who.funder)).send({ type: 'ratio', numerator: 1, thresholdBps: 5000, eligibility: {} }).expect(400);
    expect(bad.body.message).toMatch(/thresholdBps does not apply[\s\S]*needs numerator and denominator/);
    await p.api.post(rules).set(bearer(who.funder)).send({ type: 'threshold', thresholdBps: 5000, eligibility: {} }).expect(400);
    await p.api
      .post(rules)
      .set(bearer(who.funder))
      .send({ type: 'quadratic', roundStartsAt: isoIn(2), roundEndsAt: isoIn(1), eligibility: {} })
      .expect(400);
    await p.api.post(rules).set(bearer(who.funder)).send({ type: 'ratio', numerator: 0.5, denominator: 1, eligibility: {} }).expect(400);
    await p.api
      .post(rules)
      .set(bearer(who.funder))
      .send({ type: 'ratio', numerator: 1, denominator: 1, eligibility: { promoterTypes: ['pirates'] } })
      .expect(400);
    await p.api
      .post(rules)
      .set(bearer(who.funder))
      .send({ type: 'ratio', numerator: 2, denominator: 1, maxMatchPerCampaign: 500, eligibility: { areas: ['Corvetto'] } })
      .expect(201);
    expect((await pool(f.body.id)).rules).toEqual([
      expect.objectContaining({ type: 'ratio', numerator: 2, denominator: 1, maxMatchPerCampaign: 500, eligibility: { areas: ['Corvetto'] } }),
    ]);
  });

  it('stacks a 1:1 city fund capped per donor and a foundation threshold grant; quotes equal reservations; refunds and failure release everything', async () => {
    const city = cast(p);
    const foundation = cast(p);
    const promoter = cast(p);
    const published = await publishCampaign(p, promoter, { goalAmount: 100_000, fundingModel: 'all_or_nothing', endsAt: isoIn(10, p.clock.now().getTime()) });
    const id = published.id;
    const c = await fund(city, 1_000_000, {
      type: 'ratio',
      numerator: 1,
      denominator: 1,
      maxMatchPerDonorPerCampaign: 15_000,
      eligibility: { callIds: [published.callId] },
    });
    const f = await fund(foundation, 500_000, { type: 'threshold', thresholdBps: 5000, grantBpsOfGoal: 2000, eligibility: { callIds: [published.callId] } }, [
      'foundation',
    ]);
    // A fund for another area never matches this campaign.
    await fund(cast(p), 1_000_000, { type: 'ratio', numerator: 1, denominator: 1, eligibility: { areas: ['Quarto Oggiaro'] } });
    const anna = promoter.citizen('anna');
    const bruno = promoter.citizen('bruno');

    expect(await quote(id, 10_000, anna)).toMatchObject({ amount: 10_000, byFund: [{ fundId: c.fundId, type: 'ratio', amount: 10_000 }] });
    await pledge(p, anna, id, 10_000);
    await p.drain();
    expect(await quote(id, 10_000, anna)).toMatchObject({ amount: 5_000 }); // her donor cap: 15,000
    await pledge(p, anna, id, 10_000);
    await p.drain();
    const brunoQuote = await quote(id, 30_000, bruno);
    expect(brunoQuote).toMatchObject({
      amount: 35_000,
      byFund: [
        { fundId: c.fundId, amount: 15_000 },
        { fundId: f.fundId, type: 'threshold', amount: 20_000 },
      ],
    });
    // The pledges service shows the same quote with the new pledge.
    const created = await p.api.post('/pledges').set(bearer(bruno)).send({ campaignId: id, amount: 30_000, currency: 'EUR' }).expect(201);
    expect(created.body.matchQuote).toEqual({ amount: 35_000, currency: 'EUR' });
    const paid = (await p.api.post(`/pledges/${created.body.id}/sandbox-confirm`).set(bearer(bruno)).send({ cardNumber: '4242424242424242' }).expect(200)).body;
    await p.drain();

    const match = (await p.api.get(`/campaigns/${id}/match`).expect(200)).body;
    expect(match).toMatchObject({ matchedAmount: 50_000, reservedAmount: 50_000, committedAmount: 0 });
    expect(match.byFund.map((x: { fundId: string; amount: number }) => [x.fundId, x.amount])).toEqual([
      [c.fundId, 30_000],
      [f.fundId, 20_000],
    ]);
    expect(await pool(c.fundId)).toMatchObject({ available: 970_000, reserved: 30_000 });
    expect(await pool(f.fundId)).toMatchObject({ available: 480_000, reserved: 20_000 });
    expect((await p.api.get(`/campaigns/${id}`).expect(200)).body.progress).toEqual({ pledgedAmount: 50_000, matchedAmount: 50_000, backers: 2, percent: 100 });

    // Bruno's refund releases his match, and the crowd falls back under 50%: the grant goes back too.
    await p.api.post(`/pledges/${paid.id}/refund`).set(bearer(promoter.admin)).send({}).expect(200);
    await p.drain();
    // The same refund told again (a new event id, so the inbox cannot catch it): nothing moves twice.
    const [refundEvent] = await p
      .db('pledges')
      .query(`SELECT envelope FROM pledges.outbox_messages WHERE message_key = $1 AND event_type = 'pledge.refunded.v1'`, [paid.id]);
    const announcements = async () =>
      (
        await p.db('matching').query(`SELECT count(*)::int AS n FROM matching.outbox_messages WHERE event_type = 'match.updated.v1' AND message_key = $1`, [id])
      )[0].n;
    const before = await announcements();
    const again = { ...refundEvent.envelope, id: randomUUID() };
    await p
      .db('pledges')
      .query(
        `INSERT INTO pledges.outbox_messages (event_id, event_type, topic, message_key, envelope) VALUES ($1, 'pledge.refunded.v1', 'pledges.pledge', $2, $3)`,
        [again.id, paid.id, JSON.stringify(again)],
      );
    await p.drain();
    expect(await announcements()).toBe(before);
    expect((await p.api.get(`/campaigns/${id}/match`).expect(200)).body).toMatchObject({ matchedAmount: 15_000 });
    expect(await pool(f.fundId)).toMatchObject({ available: 500_000, reserved: 0 });
    expect(await pool(c.fundId)).toMatchObject({ available: 985_000, reserved: 15_000 });

    // 20,000 crowd + 15,000 match < 100,000: the campaign fails and every cent returns to the pools.
    await passDeadline(p, 11);
    expect((await p.api.get(`/campaigns/${id}`).expect(200)).body).toMatchObject({ status: 'failed', progress: { matchedAmount: 0 } });
    expect(await pool(c.fundId)).toMatchObject({ available: 1_000_000, reserved: 0, committed: 0 });
  });

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

  it('never over-reserves: 500 concurrent confirmations (each delivered twice) against a pool that covers 100', async () => {
    const funder = cast(p);
    const promoter = cast(p);
    const { id, callId } = await publishCampaign(p, promoter, {
      goalAmount: 5_000_000,
      cofinancingAmount: 500_000,
      endsAt: isoIn(30, p.clock.now().getTime()),
    });
    const c = await fund(funder, 100_000, { type: 'ratio', numerator: 1, denominator: 1, eligibility: { callIds: [callId] } });
    const runner = p
      .app('matching')
      .get(MessagingRegistry)
      .runners.find((r) => r.service === 'matching') as ConsumerRunner;
    const messages = Array.from({ length: 500 }, (_, i) => {
      const pledgeId = randomUUID();
      const envelope = {
        id: randomUUID(),
        type: 'pledge.confirmed',
        schemaVersion: 1,
        producer: 'pledges',
        aggregateType: 'pledge',
        aggregateId: pledgeId,
        occurredAt: new Date().toISOString(),
        correlationId: 'load',
        causationId: null,
        payload: { pledgeId, campaignId: id, donorId: `donor-${i}`, amount: 1_000, currency: 'EUR', confirmedAt: p.clock.now().toISOString() },
      };
      return { topic: 'pledges.pledge', key: pledgeId, value: JSON.stringify(envelope), headers: {}, partition: 0, offset: String(i) };
    });
    await Promise.all([...messages, ...messages].map((m) => runner.onMessage(m)));
    const allocations = await p
      .db('matching')
      .query(
        `SELECT count(*)::int AS n, coalesce(sum(amount), 0)::int AS total, count(DISTINCT pledge_id)::int AS pledges FROM matching.match_allocations WHERE campaign_id = $1 AND status = 'reserved'`,
        [id],
      );
    expect(allocations[0]).toEqual({ n: 100, total: 100_000, pledges: 100 });
    expect(await pool(c.fundId)).toMatchObject({ available: 0, reserved: 100_000 });
    const counted = await p.db('matching').query(`SELECT count(*)::int AS n FROM matching.campaign_pledges WHERE campaign_id = $1`, [id]);
    expect(counted[0].n).toBe(500);
  });
});
