/** Payments: stripe-mock creates the PaymentIntent; the driver plays Stripe and posts signed webhooks. */
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import Stripe from 'stripe';
import { PAYMENTS, WEBHOOK_SECRET } from './config';
import { http, unexpected } from './http';
import { pg, waitFor } from './support';
import { Campaign, webhookStats } from './world';

const stripeSdk = new Stripe('sk_test_civicfaults');
let payDb: Promise<Client> | undefined; // one connection for every worker

function signedEvent(type: string, object: Record<string, unknown>): { id: string; payload: string; header: string } {
  const id = `evt_${randomUUID().replace(/-/g, '')}`;
  const payload = JSON.stringify({
    id,
    object: 'event',
    type,
    api_version: '2026-10-28.endive',
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    data: { object },
  });
  return { id, payload, header: stripeSdk.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET }) };
}

async function deliver(event: { payload: string; header: string }): Promise<{ duplicate: boolean; outcome: string }> {
  webhookStats.delivered++;
  const r = await http('POST', '/payments/stripe/webhook', { raw: event.payload, headers: { 'stripe-signature': event.header }, idempotent: true });
  if (r.status !== 200 || r.body?.received !== true) unexpected('POST /payments/stripe/webhook', r);
  // a delivery whose answer was lost is delivered again (as Stripe does) and then seen as a duplicate
  return r.ambiguous && r.body.duplicate ? { duplicate: false, outcome: '(answer lost; redelivered)' } : r.body;
}

/** The PaymentIntent the pledges service created at stripe-mock for this pledge (as Stripe knows it). */
async function paymentRef(pledgeId: string): Promise<string> {
  payDb ??= pg();
  const db = await payDb;
  return waitFor(
    `payment intent of ${pledgeId}`,
    async () => {
      const [row] = (await db.query(`SELECT payment_ref FROM pledges.pledges WHERE id = $1`, [pledgeId])).rows;
      return row?.payment_ref ?? undefined;
    },
    30_000,
  );
}

export type PayOutcome = 'confirmed' | 'refunded-before-success' | 'paid-after-close' | 'closed-unpaid';

/** Pays one pledge: sandbox card, or Stripe webhooks (some twice, some out of order). */
export async function pay(c: Campaign, pledgeId: string, amount: number, citizen: { token: string }, rnd: () => number): Promise<PayOutcome> {
  if (PAYMENTS === 'sandbox') {
    const r = await http('POST', `/pledges/${pledgeId}/sandbox-confirm`, { token: citizen.token, body: { cardNumber: '4242424242424242' } });
    if (r.status === 409 && Date.now() >= c.endsAt) return 'closed-unpaid';
    if (r.status !== 200 || r.body.status !== 'confirmed') unexpected(`sandbox-confirm ${pledgeId}`, r);
    return 'confirmed';
  }
  const pi = await paymentRef(pledgeId);
  const intent = { id: pi, object: 'payment_intent', amount, amount_received: amount, currency: 'eur', metadata: { pledgeId, campaignId: c.id } };
  const succeeded = signedEvent('payment_intent.succeeded', intent);
  const variant = rnd();
  if (variant < 0.05) {
    // out of order: the refund (made in Stripe's dashboard) overtakes the success it refunds
    const refunded = signedEvent('charge.refunded', {
      id: `ch_${randomUUID().slice(0, 8)}`,
      object: 'charge',
      payment_intent: pi,
      amount,
      amount_refunded: amount,
      refunded: true,
      currency: 'eur',
    });
    const first = await deliver(refunded);
    const then = await deliver(succeeded);
    if (
      !['refunded before its success was seen', '(answer lost; redelivered)'].includes(first.outcome) ||
      !['already refunded', '(answer lost; redelivered)'].includes(then.outcome)
    ) {
      unexpected(`refund before success of ${pledgeId}`, { status: 200, body: { first, then }, ambiguous: false });
    }
    webhookStats.refundBeforeSuccess++;
    return 'refunded-before-success';
  }
  const res = await deliver(succeeded);
  if (res.outcome.startsWith('refunded: payment arrived')) return 'paid-after-close'; // after the close, or for a pledge cancelled by it
  if (!['confirmed', '(answer lost; redelivered)'].includes(res.outcome))
    unexpected(`payment_intent.succeeded for ${pledgeId}`, { status: 200, body: res, ambiguous: false });
  if (variant < 0.2) {
    // Stripe delivers an event again (at least once): acknowledged, no effect
    // (its own answer may be lost too: the client's retry then also sees a duplicate)
    const again = await deliver(succeeded);
    if (!again.duplicate && again.outcome !== '(answer lost; redelivered)')
      unexpected(`duplicate delivery for ${pledgeId}`, { status: 200, body: again, ambiguous: false });
    webhookStats.duplicates++;
  } else if (variant < 0.3) {
    // out of order: an earlier attempt's failure arrives after the success; the pledge stays paid
    const failed = signedEvent('payment_intent.payment_failed', { ...intent, amount_received: 0, last_payment_error: { message: 'Your card was declined.' } });
    const late = await deliver(failed);
    if (!['ignored: pledge is confirmed', '(answer lost; redelivered)'].includes(late.outcome))
      unexpected(`late failure for ${pledgeId}`, { status: 200, body: late, ambiguous: false });
    webhookStats.lateFailures++;
  }
  return 'confirmed';
}

/** Closes the connection the payments share, if one was opened. */
export async function closePayDb(): Promise<void> {
  await payDb?.then((c) => c.end()).catch(() => undefined);
}
