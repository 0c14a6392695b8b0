import type Stripe from 'stripe';
import { DomainError } from '@lib/platform/errors/domain-error';
import { PledgesErrorCode } from '../pledges.errors';

/** A correctly signed event we cannot read: refused (400) inside the event's transaction, so nothing is recorded. */
function malformed(event: Stripe.Event, what: string): never {
  throw new DomainError(PledgesErrorCode.STRIPE_EVENT_MALFORMED, 'invalid', `Stripe event ${String(event.id)} (${String(event.type)}) has no ${what}`);
}

/** What a Stripe event means for a pledge; everything else is acknowledged and ignored. */
export type PaymentSignal =
  | { kind: 'succeeded'; paymentRef: string; pledgeId?: string; amount: number; currency: string }
  | { kind: 'failed'; paymentRef: string; pledgeId?: string; reason: string }
  | { kind: 'refunded'; paymentRef: string; amountRefunded: number; fully: boolean }
  | { kind: 'ignored'; reason: string };

/** Pure mapping of the Stripe events we subscribe to (no I/O, unit-tested). */
export function toPaymentSignal(event: Stripe.Event): PaymentSignal {
  const object = (event.data as { object?: unknown } | undefined)?.object;
  if (event.type.startsWith('payment_intent.') || event.type === 'charge.refunded' || event.type === 'charge.dispute.closed') {
    if (!object || typeof object !== 'object' || typeof (object as { id?: unknown }).id !== 'string') malformed(event, 'data.object');
    if (event.type === 'payment_intent.succeeded' && typeof (object as { currency?: unknown }).currency !== 'string') malformed(event, 'currency');
  }
  switch (event.type) {
    case 'payment_intent.succeeded': {
      const pi = event.data.object;
      return {
        kind: 'succeeded',
        paymentRef: pi.id,
        pledgeId: pi.metadata?.pledgeId,
        amount: pi.amount_received || pi.amount,
        currency: pi.currency.toUpperCase(),
      };
    }
    case 'payment_intent.payment_failed':
    case 'payment_intent.canceled': {
      const pi = event.data.object;
      const reason =
        pi.last_payment_error?.message ?? pi.last_payment_error?.code ?? (event.type === 'payment_intent.canceled' ? 'payment canceled' : 'payment failed');
      return { kind: 'failed', paymentRef: pi.id, pledgeId: pi.metadata?.pledgeId, reason };
    }
    case 'charge.refunded': {
      const charge = event.data.object;
      const pi = typeof charge.payment_intent === 'string' ? charge.payment_intent : charge.payment_intent?.id;
      if (!pi) return { kind: 'ignored', reason: 'charge without payment intent' };
      return { kind: 'refunded', paymentRef: pi, amountRefunded: charge.amount_refunded, fully: charge.refunded };
    }
    case 'charge.dispute.closed': {
      // A lost dispute takes the whole charge back from us: for the pledge it is a refund the
      // provider forced (booked against the escrow's cover, the rest to the platform's loss account).
      const dispute = event.data.object;
      if (dispute.status !== 'lost') return { kind: 'ignored', reason: `dispute ${dispute.status}` };
      const pi = typeof dispute.payment_intent === 'string' ? dispute.payment_intent : dispute.payment_intent?.id;
      if (!pi) return { kind: 'ignored', reason: 'dispute without payment intent' };
      return { kind: 'refunded', paymentRef: pi, amountRefunded: dispute.amount, fully: true };
    }
    default:
      return { kind: 'ignored', reason: `event type ${event.type} is not used` };
  }
}
