import type Stripe from 'stripe';
import { toPaymentSignal } from './stripe-event.mapper';

const event = (type: string, object: Record<string, unknown>) => ({ id: 'evt_1', type, data: { object } }) as unknown as Stripe.Event;

describe('toPaymentSignal', () => {
  it('refuses a signed event without data.object or currency as invalid input (a 400, not a crash)', () => {
    const bare = { id: 'evt_2', type: 'payment_intent.succeeded', data: {} } as unknown as Stripe.Event;
    expect(() => toPaymentSignal(bare)).toThrow(expect.objectContaining({ code: 'STRIPE_EVENT_MALFORMED', kind: 'invalid' }));
    expect(() => toPaymentSignal(event('payment_intent.succeeded', { id: 'pi_1', amount: 2500 }))).toThrow(
      expect.objectContaining({ code: 'STRIPE_EVENT_MALFORMED' }),
    );
  });

  it('maps a succeeded payment intent with our pledge id', () => {
    expect(
      toPaymentSignal(event('payment_intent.succeeded', { id: 'pi_1', amount: 2500, amount_received: 2500, currency: 'eur', metadata: { pledgeId: 'p1' } })),
    ).toEqual({
      kind: 'succeeded',
      paymentRef: 'pi_1',
      pledgeId: 'p1',
      amount: 2500,
      currency: 'EUR',
    });
  });

  it('maps failures with the decline message', () => {
    expect(
      toPaymentSignal(event('payment_intent.payment_failed', { id: 'pi_2', metadata: {}, last_payment_error: { message: 'Your card was declined.' } })),
    ).toMatchObject({
      kind: 'failed',
      reason: 'Your card was declined.',
    });
  });

  it('maps a refunded charge to its payment intent, saying whether it was full', () => {
    expect(toPaymentSignal(event('charge.refunded', { id: 'ch_1', payment_intent: 'pi_3', amount_refunded: 1000, refunded: false }))).toEqual({
      kind: 'refunded',
      paymentRef: 'pi_3',
      amountRefunded: 1000,
      fully: false,
    });
  });

  it('maps a lost dispute to a forced full refund of its payment intent, and ignores a won one', () => {
    const dispute = (status: string) =>
      ({
        id: 'evt_d',
        type: 'charge.dispute.closed',
        data: { object: { id: 'dp_1', object: 'dispute', amount: 7_000, payment_intent: 'pi_9', status } },
      }) as unknown as Stripe.Event;
    expect(toPaymentSignal(dispute('lost'))).toEqual({ kind: 'refunded', paymentRef: 'pi_9', amountRefunded: 7_000, fully: true });
    expect(toPaymentSignal(dispute('won'))).toEqual({ kind: 'ignored', reason: 'dispute won' });
    expect(() => toPaymentSignal({ id: 'evt_x', type: 'charge.dispute.closed', data: {} } as unknown as Stripe.Event)).toThrow(/data.object/);
  });

  it('ignores other events', () => {
    expect(toPaymentSignal(event('customer.created', {}))).toMatchObject({ kind: 'ignored' });
  });
});
