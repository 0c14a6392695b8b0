import { randomUUID } from 'node:crypto';
import { bearer, cast, Cast, publishCampaign } from '../support/flows';
import { startTestPlatform, TestPlatform } from '../support/harness';

/** The public API's edges (issue 17): answers that must hold for every caller, logged in or not. */
describe('api edges', () => {
  let p: TestPlatform;
  let who: Cast;

  beforeAll(async () => {
    p = await startTestPlatform();
    who = cast(p);
  });
  afterAll(() => p?.close());

  it('quotes a match to a logged-out visitor on a campaign with a ratio rule', async () => {
    const { id, callId } = await publishCampaign(p, who);
    const fund = await p.api
      .post('/funds')
      .set(bearer(who.funder))
      .send({ name: 'Fondo', currency: 'EUR', budgetAmount: 1_000_000, sourceTags: ['city'] })
      .expect(201);
    await p.api
      .post(`/funds/${fund.body.id}/rules`)
      .set(bearer(who.funder))
      .send({ type: 'ratio', numerator: 1, denominator: 1, eligibility: { callIds: [callId] } })
      .expect(201);
    await p.drain();
    const res = await p.api.get(`/campaigns/${id}/match-quote?amount=5000`).expect(200);
    expect(res.body).toMatchObject({ campaignId: id, amount: 5000, currency: 'EUR' });
  });

  it('quotes a logged-out visitor on threshold and quadratic rules too (a new backer: grant triggered, round gain estimated)', async () => {
    const { id, callId } = await publishCampaign(p, who, { goalAmount: 100_000 });
    const now = p.clock.now().getTime();
    const grant = await p.api
      .post('/funds')
      .set(bearer(who.funder))
      .send({ name: 'Fondazione', currency: 'EUR', budgetAmount: 1_000_000, sourceTags: ['foundation'] })
      .expect(201);
    await p.api
      .post(`/funds/${grant.body.id}/rules`)
      .set(bearer(who.funder))
      .send({ type: 'threshold', thresholdBps: 5000, grantBpsOfGoal: 1000, eligibility: { callIds: [callId] } })
      .expect(201);
    const qf = await p.api
      .post('/funds')
      .set(bearer(who.funder))
      .send({ name: 'Fondo quadratico', currency: 'EUR', budgetAmount: 1_000_000, sourceTags: ['ERDF'] })
      .expect(201);
    await p.api
      .post(`/funds/${qf.body.id}/rules`)
      .set(bearer(who.funder))
      .send({
        type: 'quadratic',
        roundStartsAt: new Date(now - 86_400_000).toISOString(),
        roundEndsAt: new Date(now + 40 * 86_400_000).toISOString(),
        eligibility: { callIds: [callId] },
      })
      .expect(201);
    await p.drain();
    const token = who.citizen('first');
    const created = await p.api
      .post('/pledges')
      .set(bearer(token))
      .set('Idempotency-Key', randomUUID())
      .send({ campaignId: id, amount: 10_000, currency: 'EUR' })
      .expect(201);
    await p.api.post(`/pledges/${created.body.id}/sandbox-confirm`).set(bearer(token)).send({ cardNumber: '4242424242424242' }).expect(200);
    await p.drain();
    // 50,000 from a visitor reaches half the goal (10,000 + 50,000 ≥ 50,000): the 10% grant, 10,000.
    // Quadratic, one donor of 10,000 and a new one of 50,000: (√10000 + √50000)² − 60,000 = 2·100·223.6… ≈ 44,721.
    const res = await p.api.get(`/campaigns/${id}/match-quote?amount=50000`).expect(200);
    expect(res.body.byFund).toEqual([
      expect.objectContaining({ fundId: grant.body.id, type: 'threshold', amount: 10_000, estimate: false }),
      expect.objectContaining({ fundId: qf.body.id, type: 'quadratic', estimate: true }),
    ]);
    const quadratic = res.body.byFund[1].amount;
    expect(quadratic).toBeGreaterThanOrEqual(44_700);
    expect(quadratic).toBeLessThanOrEqual(44_722);
  });

  it('answers POST /pledges with money as JSON numbers', async () => {
    const { id } = await publishCampaign(p, who);
    const res = await p.api
      .post('/pledges')
      .set(bearer(who.citizen('anna')))
      .set('Idempotency-Key', randomUUID())
      .send({ campaignId: id, amount: 2500, currency: 'EUR' })
      .expect(201);
    expect(res.body).toMatchObject({ amount: 2500, refundedAmount: 0 });
  });
});
