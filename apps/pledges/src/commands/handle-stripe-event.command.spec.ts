import { Logger } from '@nestjs/common';
import Stripe from 'stripe';
import type { PlatformConfig } from '@lib/platform';
import type { PledgeEntity } from '../persistence/pledge.entity';
import type { PledgeRepository } from '../persistence/pledge.repository';
import type { StripeEventRepository } from '../persistence/stripe-event.repository';
import { PledgesErrorCode } from '../pledges.errors';
import { HandleStripeEventCommand, HandleStripeEventHandler } from './handle-stripe-event.command';
import type { PaymentOutcomes } from '../services/payment-outcomes';

// The transaction is the platform's (e2e suites run it): here @Transactional is a pass-through.
jest.mock('@nestjs-cls/transactional', () => ({ ...jest.requireActual('@nestjs-cls/transactional'), Transactional: () => () => undefined }));

const SECRET = 'whsec_unit';
const stripe = new Stripe('sk_test_unit');
let n = 0;
function signed(type: string, object: Record<string, unknown>, id = `evt_${++n}`) {
  const payload = JSON.stringify({ id, object: 'event', type, created: 1, data: { object } });
  return new HandleStripeEventCommand(Buffer.from(payload), stripe.webhooks.generateTestHeaderString({ payload, secret: SECRET }));
}
const succeeded = (amount = 2_500, currency = 'eur') =>
  signed('payment_intent.succeeded', { id: 'pi_1', amount, amount_received: amount, currency, metadata: { pledgeId: 'p1' } });

function build(
  pledge: Partial<PledgeEntity> | null = { id: 'p1', amount: 2_500, currency: 'EUR', status: 'requires_payment' },
  secret: string | null = SECRET,
) {
  const recorded = new Map<string, string>();
  const events = {
    recordOnce: jest.fn(async (e: { id: string }) => (recorded.has(e.id) ? false : (recorded.set(e.id, 'received'), true))),
    setOutcome: jest.fn(async (id: string, outcome: string) => void recorded.set(id, outcome)),
  };
  const pledges = { findForUpdateByPayment: jest.fn(async () => pledge as PledgeEntity | null) };
  const outcomes = { succeeded: jest.fn(async () => 'confirmed'), failed: jest.fn(async () => 'failed'), refundedByProvider: jest.fn(async () => 'refunded') };
  const config = { STRIPE_WEBHOOK_SECRET: secret ?? undefined } as PlatformConfig;
  const handler = new HandleStripeEventHandler(
    events as unknown as StripeEventRepository,
    pledges as unknown as PledgeRepository,
    outcomes as unknown as PaymentOutcomes,
    config,
  );
  return { handler, recorded, pledges, outcomes };
}

beforeAll(() => jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined));

describe('HandleStripeEventHandler', () => {
  it('applies a signed success once, recording its outcome; a replay of the same event id changes nothing', async () => {
    const { handler, recorded, pledges, outcomes } = build();
    const command = succeeded();
    expect(await handler.execute(command)).toEqual({ received: true, duplicate: false, outcome: 'confirmed' });
    expect(pledges.findForUpdateByPayment).toHaveBeenCalledWith({ id: 'p1', paymentRef: 'pi_1' });
    expect([...recorded.values()]).toEqual(['confirmed']);
    expect(await handler.execute(command)).toEqual({ received: true, duplicate: true, outcome: 'duplicate' });
    expect(outcomes.succeeded).toHaveBeenCalledTimes(1);
  });

  it('refuses a payment of another amount or currency than the pledge, without confirming it', async () => {
    const { handler, outcomes } = build();
    expect(await handler.execute(succeeded(2_499))).toMatchObject({ outcome: 'refused: paid 2499 EUR for a pledge of 2500 EUR' });
    expect(await handler.execute(succeeded(2_500, 'usd'))).toMatchObject({ outcome: 'refused: paid 2500 USD for a pledge of 2500 EUR' });
    expect(outcomes.succeeded).not.toHaveBeenCalled();
  });

  it('acknowledges a payment of no pledge, and events it does not use', async () => {
    const unknown = build(null);
    expect(await unknown.handler.execute(succeeded())).toMatchObject({ duplicate: false, outcome: 'ignored: no pledge for this payment' });
    const { handler, pledges } = build();
    expect(await handler.execute(signed('customer.created', { id: 'cus_1' }))).toMatchObject({ outcome: 'ignored: event type customer.created is not used' });
    expect(pledges.findForUpdateByPayment).not.toHaveBeenCalled();
  });

  it('fails the pledge on a failed payment, looked up by the payment reference when no pledge id is echoed', async () => {
    const { handler, pledges, outcomes } = build();
    const out = await handler.execute(signed('payment_intent.payment_failed', { id: 'pi_1', last_payment_error: { message: 'card declined' } }));
    expect(out).toMatchObject({ outcome: 'failed' });
    expect(pledges.findForUpdateByPayment).toHaveBeenCalledWith({ paymentRef: 'pi_1' });
    expect(outcomes.failed).toHaveBeenCalledWith(expect.objectContaining({ id: 'p1' }), 'card declined');
  });

  it('books a full refund at the provider, and ignores a partial one', async () => {
    const { handler, outcomes } = build({ id: 'p1', amount: 2_500, currency: 'EUR', status: 'confirmed' });
    expect(await handler.execute(signed('charge.refunded', { id: 'ch_1', payment_intent: 'pi_1', amount_refunded: 2_500, refunded: true }))).toMatchObject({
      outcome: 'refunded',
    });
    expect(await handler.execute(signed('charge.refunded', { id: 'ch_1', payment_intent: 'pi_1', amount_refunded: 500, refunded: false }))).toMatchObject({
      outcome: 'ignored: partial refund of 500 (full refunds only)',
    });
    expect(outcomes.refundedByProvider).toHaveBeenCalledTimes(1);
  });

  it('refuses when webhooks are not configured (STRIPE_WEBHOOKS_DISABLED), unsigned (STRIPE_SIGNATURE_MISSING) or badly signed (STRIPE_SIGNATURE_INVALID)', async () => {
    await expect(build(undefined, null).handler.execute(succeeded())).rejects.toMatchObject({
      code: PledgesErrorCode.STRIPE_WEBHOOKS_DISABLED,
      kind: 'not_found',
    });
    const { handler, recorded } = build();
    await expect(handler.execute(new HandleStripeEventCommand(Buffer.from('{}'), undefined))).rejects.toMatchObject({
      code: PledgesErrorCode.STRIPE_SIGNATURE_MISSING,
      kind: 'invalid',
    });
    await expect(handler.execute(new HandleStripeEventCommand(undefined, 't=1,v1=x'))).rejects.toMatchObject({
      code: PledgesErrorCode.STRIPE_SIGNATURE_MISSING,
    });
    const good = succeeded();
    const tampered = new HandleStripeEventCommand(Buffer.from(good.rawBody!.toString().replace('2500', '1')), good.signature);
    await expect(handler.execute(tampered)).rejects.toMatchObject({ code: PledgesErrorCode.STRIPE_SIGNATURE_INVALID, kind: 'invalid' });
    expect(recorded.size).toBe(0);
  });
});
