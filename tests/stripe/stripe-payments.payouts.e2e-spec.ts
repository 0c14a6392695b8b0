import { bearer, cast, publishCampaign } from '../support/flows';
import type { TestPlatform } from '../support/harness';
import { paymentSucceeded, signed, startStripePlatform } from './stripe-platform';

/**
 * Stripe Connect against stripe-mock: a released tranche transferred to the promoter's Express account, and a refund
 * Stripe forces after the escrow was released (pledges and their webhooks: stripe-payments.e2e-spec.ts).
 */
describe('Stripe payments (stripe-mock + signed webhooks)', () => {
  let p: TestPlatform;

  beforeAll(async () => {
    p = await startStripePlatform();
  });
  afterAll(() => p?.close());

  const webhook = (event: { payload: string; header: string }) =>
    p.api.post('/payments/stripe/webhook').set('Stripe-Signature', event.header).set('Content-Type', 'application/json').send(event.payload);

  it('pays a released tranche by Stripe Connect: Express account, onboarding link, transfer to the account', async () => {
    const promoter = cast(p);
    const { id } = await publishCampaign(p, promoter, {
      goalAmount: 100_000,
      fundingModel: 'keep_it_all',
      upfrontSharePct: 100,
      milestones: [],
      endsAt: new Date(p.clock.now().getTime() + 5 * 86400_000).toISOString(),
    });
    const onboarding = await p.api
      .post('/promoters/me/payout-account')
      .set(bearer(promoter.promoter))
      .send({ method: 'stripe_connect', country: 'IT' })
      .expect(200);
    expect(onboarding.body).toMatchObject({ method: 'stripe_connect', onboardingUrl: expect.stringMatching(/^https?:\/\//) });
    const token = promoter.citizen('zeno');
    const created = await p.api.post('/pledges').set(bearer(token)).send({ campaignId: id, amount: 8_000, currency: 'EUR' }).expect(201);
    const [row] = await p.db('pledges').query(`SELECT payment_ref FROM pledges.pledges WHERE id = $1`, [created.body.id]);
    await webhook(paymentSucceeded({ id: created.body.id, paymentRef: row.payment_ref }, 8_000)).expect(200);
    p.clock.advance(6 * 86400_000);
    await p.tick();
    const [upfront] = (await p.api.get(`/campaigns/${id}/tranches`).expect(200)).body;
    expect(upfront).toMatchObject({ kind: 'upfront', amount: 8_000, status: 'eligible' });
    const released = await p.api.post(`/tranches/${upfront.id}/release`).set(bearer(promoter.admin)).expect(200);
    expect(released.body.status).toBe('paid');
    const [after] = (await p.api.get(`/campaigns/${id}/tranches`).expect(200)).body;
    expect(after.payout).toMatchObject({ method: 'stripe_connect', reference: expect.stringMatching(/^tr_/) });
  });

  it('books a refund Stripe forces after the escrow was released to the platform loss account, raised for an admin (issue 17 #1)', async () => {
    const promoter = cast(p);
    const { id } = await publishCampaign(p, promoter, {
      goalAmount: 100_000,
      fundingModel: 'keep_it_all',
      upfrontSharePct: 100,
      milestones: [],
      endsAt: new Date(p.clock.now().getTime() + 5 * 86400_000).toISOString(),
    });
    await p.api.post('/promoters/me/payout-account').set(bearer(promoter.promoter)).send({ method: 'stripe_connect', country: 'IT' }).expect(200);
    const created = await p.api
      .post('/pledges')
      .set(bearer(promoter.citizen('ugo')))
      .send({ campaignId: id, amount: 7_000, currency: 'EUR' })
      .expect(201);
    const [row] = await p.db('pledges').query(`SELECT payment_ref FROM pledges.pledges WHERE id = $1`, [created.body.id]);
    await webhook(paymentSucceeded({ id: created.body.id, paymentRef: row.payment_ref }, 7_000)).expect(200);
    p.clock.advance(6 * 86400_000);
    await p.tick();
    const [upfront] = (await p.api.get(`/campaigns/${id}/tranches`).expect(200)).body;
    await p.api.post(`/tranches/${upfront.id}/release`).set(bearer(promoter.admin)).expect(200);
    await p.drain();
    // The escrow went to the promoter: an admin refund would pay the same money twice, so it is refused.
    expect((await p.api.post(`/pledges/${created.body.id}/refund`).set(bearer(promoter.admin)).send({ reason: 'asked' }).expect(409)).body.code).toBe(
      'REFUND_NOT_COVERED_BY_ESCROW',
    );
    // The donor's bank reverses the charge anyway: Stripe reports the refund. Booked, never a negative escrow.
    await webhook(
      signed('charge.refunded', { id: 'ch_forced', object: 'charge', payment_intent: row.payment_ref, amount_refunded: 7_000, refunded: true }),
    ).expect(200);
    await p.drain();
    expect(
      (
        await p.api
          .get(`/pledges/${created.body.id}`)
          .set(bearer(promoter.citizen('ugo')))
          .expect(200)
      ).body.status,
    ).toBe('refunded');
    const ledger = (await p.api.get(`/ledger/campaigns/${id}`).expect(200)).body;
    const balance = (account: string) => ledger.accounts.find((x: { account: string }) => x.account === account)?.balance ?? 0;
    expect(balance(`escrow:campaign:${id}:crowd`)).toBe(0);
    expect(balance(`loss:campaign:${id}:forced-refunds`)).toBe(-7_000);
    const audit = (await p.api.get('/ledger/audit').set(bearer(promoter.admin)).expect(200)).body;
    expect(audit.ok).toBe(true);
    expect(audit.openItems.filter((i: { campaignId: string }) => i.campaignId === id)).toEqual([
      expect.objectContaining({ kind: 'forced_refund_shortfall', pledgeId: created.body.id, amount: 7_000, currency: 'EUR' }),
    ]);
    const dead = await p.db('payouts').query(`SELECT 1 FROM payouts.inbox_messages WHERE status = 'dead'`);
    expect(dead).toEqual([]);
  });
});
