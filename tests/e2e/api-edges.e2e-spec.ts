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
    const fund = await p.api.post('/funds').set(bearer(who.funder)).send({ name: 'Fondo', currency: 'EUR', budgetAmount: 1_000_000, sourceTags: ['city'] }).expect(201);
    await p.api.post(`/funds/${fund.body.id}/rules`).set(bearer(who.funder)).send({ type: 'ratio', numerator: 1, denominator: 1, eligibility: { callIds: [callId] } }).expect(201);
    await p.drain();
    const res = await p.api.get(`/campaigns/${id}/match-quote?amount=5000`).expect(200);
    expect(res.body).toMatchObject({ campaignId: id, amount: 5000, currency: 'EUR' });
  });

  it('answers POST /pledges with money as JSON numbers', async () => {
    const { id } = await publishCampaign(p, who);
    const res = await p.api.post('/pledges').set(bearer(who.citizen('anna'))).set('Idempotency-Key', randomUUID()).send({ campaignId: id, amount: 2500, currency: 'EUR' }).expect(201);
    expect(res.body).toMatchObject({ amount: 2500, refundedAmount: 0 });
  });
});
