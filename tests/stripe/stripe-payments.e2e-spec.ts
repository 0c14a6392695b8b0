import { randomUUID } from 'node:crypto';
import { bearer, cast, Cast, publishCampaign } from '../support/flows';
import type { TestPlatform } from '../support/harness';
import { paymentSucceeded, signed, startStripePlatform, stripe, WEBHOOK_SECRET } from './stripe-platform';

/**
 * The Stripe adapter against stripe-mock (which validates every request against Stripe's API
 * spec) and webhooks signed with the SDK. Selected when STRIPE_MOCK_URL is set (scripts/infra).
 * Pledges and their webhooks here; tranches paid by Stripe Connect and forced refunds:
 * stripe-payments.payouts.e2e-spec.ts.
 */
describe('Stripe payments (stripe-mock + signed webhooks)', () => {
  let p: TestPlatform;
  let who: Cast;
  let campaignId: string;

  beforeAll(async () => {
    p = await startStripePlatform();
    who = cast(p);
    ({ id: campaignId } = await publishCampaign(p, who, { goalAmount: 500_000 }));
  });
  afterAll(() => p?.close());

  async function stripePledge(name: string, amount: number) {
    const token = who.citizen(name);
    const res = await p.api.post('/pledges').set(bearer(token)).set('Idempotency-Key', randomUUID()).send({ campaignId, amount, currency: 'EUR' }).expect(201);
    const [row] = await p.db('pledges').query(`SELECT payment_ref FROM pledges.pledges WHERE id = $1`, [res.body.id]);
    return { token, id: res.body.id as string, paymentRef: row.payment_ref as string, body: res.body };
  }
  const webhook = (event: { payload: string; header: string }) =>
    p.api.post('/payments/stripe/webhook').set('Stripe-Signature', event.header).set('Content-Type', 'application/json').send(event.payload);
  const status = async (id: string, token: string) => (await p.api.get(`/pledges/${id}`).set(bearer(token)).expect(200)).body.status;

  it('creates a PaymentIntent through the Stripe API for each pledge', async () => {
    const { body, paymentRef } = await stripePledge('anna', 2_500);
    expect(body).toMatchObject({ status: 'requires_payment', payment: { provider: 'stripe', clientSecret: expect.stringMatching(/_secret_/) } });
    expect(paymentRef).toMatch(/^pi_/);
  });

  it('creates the PaymentIntent after the pledge committed: a replay with the same Idempotency-Key returns the same payment, and the secret is never stored', async () => {
    const token = who.citizen('ivo');
    const key = randomUUID();
    const send = () => p.api.post('/pledges').set(bearer(token)).set('Idempotency-Key', key).send({ campaignId, amount: 1_500, currency: 'EUR' }).expect(201);
    const first = await send();
    const replay = await send();
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body.id).toBe(first.body.id);
    expect(replay.body.payment.clientSecret).toBe(first.body.payment.clientSecret);
    const [row] = await p.db('pledges').query(`SELECT payment_ref FROM pledges.pledges WHERE id = $1`, [first.body.id]);
    expect(row.payment_ref).toMatch(/^pi_/);
    const stored = await p.db('pledges').query(`SELECT response::text AS r FROM pledges.idempotency_keys WHERE key = $1`, [key]);
    expect(stored).toHaveLength(1);
    expect(stored[0].r).not.toContain('_secret_');
  });

  it('confirms on payment_intent.succeeded, acknowledges a replayed event without effect', async () => {
    const pledge = await stripePledge('bruno', 4_000);
    const event = paymentSucceeded(pledge, 4_000);
    expect((await webhook(event).expect(200)).body).toEqual({ received: true, duplicate: false, outcome: 'confirmed' });
    expect(await status(pledge.id, pledge.token)).toBe('confirmed');
    expect((await webhook(event).expect(200)).body).toMatchObject({ duplicate: true });
    const confirmations = await p
      .db('pledges')
      .query(`SELECT 1 FROM pledges.outbox_messages WHERE message_key = $1 AND event_type = 'pledge.confirmed.v1'`, [pledge.id]);
    expect(confirmations).toHaveLength(1);
    // announced: a quadratic round's cut-off tally counts it (docs/money-rules.md, "Round cut-off")
    const [row] = await p.db('pledges').query(`SELECT announced_at = confirmed_at AS announced FROM pledges.pledges WHERE id = $1`, [pledge.id]);
    expect(row.announced).toBe(true);
  });

  it('refuses a forged or stale signature with 400 and changes nothing', async () => {
    const pledge = await stripePledge('carla', 1_000);
    const event = signed('payment_intent.succeeded', {
      id: pledge.paymentRef,
      object: 'payment_intent',
      amount: 1_000,
      currency: 'eur',
      metadata: { pledgeId: pledge.id },
    });
    const tampered = { ...event, payload: event.payload.replace('"amount":1000', '"amount":1') };
    expect((await webhook(tampered).expect(400)).body.code).toBe('STRIPE_SIGNATURE_INVALID');
    const forged = { ...event, header: stripe.webhooks.generateTestHeaderString({ payload: event.payload, secret: 'whsec_attacker' }) };
    await webhook(forged).expect(400);
    const stale = {
      ...event,
      header: stripe.webhooks.generateTestHeaderString({ payload: event.payload, secret: WEBHOOK_SECRET, timestamp: Math.floor(Date.now() / 1000) - 3600 }),
    };
    await webhook(stale).expect(400);
    await p.api.post('/payments/stripe/webhook').set('Content-Type', 'application/json').send(event.payload).expect(400);
    expect(await status(pledge.id, pledge.token)).toBe('requires_payment');
    expect(await p.db('pledges').query(`SELECT 1 FROM pledges.stripe_events WHERE id = $1`, [event.id])).toHaveLength(0);
  });

  it('handles a refund that arrives before the success it refunds: the pledge ends refunded and is never counted', async () => {
    const pledge = await stripePledge('dario', 3_000);
    const refunded = signed('charge.refunded', { id: 'ch_1', object: 'charge', payment_intent: pledge.paymentRef, amount_refunded: 3_000, refunded: true });
    const succeeded = paymentSucceeded(pledge, 3_000);
    await webhook(refunded).expect(200);
    expect((await webhook(succeeded).expect(200)).body.outcome).toBe('already refunded');
    expect(await status(pledge.id, pledge.token)).toBe('refunded');
    const announced = await p.db('pledges').query(`SELECT event_type FROM pledges.outbox_messages WHERE message_key = $1`, [pledge.id]);
    expect(announced).toEqual([]);
    // dated by the refund, but never announced: a round's cut-off tally does not wait for it
    const [row] = await p.db('pledges').query(`SELECT confirmed_at IS NOT NULL AS dated, announced_at FROM pledges.pledges WHERE id = $1`, [pledge.id]);
    expect(row).toEqual({ dated: true, announced_at: null });
  });

  it('fails on payment_intent.payment_failed and refuses a success for the wrong amount', async () => {
    const declined = await stripePledge('elena', 2_000);
    await webhook(
      signed('payment_intent.payment_failed', {
        id: declined.paymentRef,
        object: 'payment_intent',
        metadata: { pledgeId: declined.id },
        last_payment_error: { message: 'Your card was declined.' },
      }),
    ).expect(200);
    expect(await status(declined.id, declined.token)).toBe('failed');
    const short = await stripePledge('fabio', 5_000);
    const res = await webhook(paymentSucceeded(short, 50)).expect(200);
    expect(res.body.outcome).toMatch(/^refused: paid 50 EUR/);
    expect(await status(short.id, short.token)).toBe('requires_payment');
  });

  it('refunds through the Stripe Refunds API when an admin refunds a paid pledge', async () => {
    const pledge = await stripePledge('gino', 6_000);
    await webhook(paymentSucceeded(pledge, 6_000)).expect(200);
    const res = await p.api.post(`/pledges/${pledge.id}/refund`).set(bearer(who.admin)).send({ reason: 'duplicate' }).expect(200);
    expect(res.body.status).toBe('refunded');
    // The Stripe refund was made after the refund's transaction committed, keyed by the pledge.
    const made = await p.db('pledges').query(`SELECT status, refund_ref, amount FROM pledges.provider_refunds WHERE pledge_id = $1`, [pledge.id]);
    expect(made).toEqual([{ status: 'done', refund_ref: expect.stringMatching(/^re_/), amount: '6000' }]);
    // Stripe then reports the refund: acknowledged, nothing changes.
    const echo = await webhook(
      signed('charge.refunded', { id: 'ch_2', object: 'charge', payment_intent: pledge.paymentRef, amount_refunded: 6_000, refunded: true }),
    ).expect(200);
    expect(echo.body.outcome).toBe('already refunded');
  });
});
