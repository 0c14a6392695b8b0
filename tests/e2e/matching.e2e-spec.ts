import { randomUUID } from 'node:crypto';
import { ConsumerRunner, MessagingRegistry } from '@lib/messaging';
import { isoIn } from '../support/fixtures';
import { bearer, cast, passDeadline, pledge, publishCampaign } from '../support/flows';
import { startTestPlatform, TestPlatform } from '../support/harness';
import { matchingHelpers } from '../support/matching';

// While campaigns are live: rules, stacked funds, quotes, refunds, failure, concurrent reservations
// (commitment, forfeits and quadratic rounds: matching.settlement.e2e-spec.ts).
describe('matching: stacked funds, quotes, refunds, failure, quadratic rounds, concurrency', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await startTestPlatform();
  });
  afterAll(() => p?.close());
  const { fund, pool, quote } = matchingHelpers(() => p);

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
    // The pledges service shows the same quote with the new pledge, when asked.
    const created = await p.api.post('/pledges?quote=true').set(bearer(bruno)).send({ campaignId: id, amount: 30_000, currency: 'EUR' }).expect(201);
    expect(created.body.matchQuote).toEqual({ amount: 35_000, currency: 'EUR' });
    // Not asked: no request to matching, no quote; a bad value is refused before anything is written.
    const unquoted = await p.api.post('/pledges').set(bearer(anna)).send({ campaignId: id, amount: 1_000, currency: 'EUR' }).expect(201);
    expect(unquoted.body.matchQuote).toBeNull();
    const refused = await p.api.post('/pledges?quote=yes').set(bearer(anna)).send({ campaignId: id, amount: 1_000, currency: 'EUR' }).expect(400);
    expect(JSON.stringify(refused.body)).toContain('quote must be true or false');
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
