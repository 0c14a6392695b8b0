import { PledgeStateConflict, PledgeStatus } from './pledge';

/**
 * The pledge state machine as the payment provider's signals drive it, monotonic so that signals
 * arriving twice or out of order (a refund before the success it refunds) converge:
 * requires_payment → confirmed → refunded; requires_payment → failed. Pure decisions: the caller
 * (PaymentOutcomes, RefundPledges, the commands) loads the locked row, asks here, and writes.
 */

/** What a pledge still holds: a pro-rata refund of a forfeited donors' share may have taken part of it. */
export function heldAmount(pledge: { amount: number; refundedAmount?: number | null }): number {
  return pledge.amount - (pledge.refundedAmount ?? 0);
}

/** A success already applied (confirmed, or since refunded) changes nothing: the outcome to report, else null. */
export function successAlreadyApplied(status: PledgeStatus): string | null {
  return status === 'confirmed' || status === 'refunded' ? `already ${status}` : null;
}

/**
 * Money collected for a pledge not yet confirmed: counted (announced) only if the pledge still
 * awaited it and the campaign still takes pledges; otherwise it is confirmed and given back at once, for `why`.
 */
export function successCounts(status: PledgeStatus, campaignStatus: string | undefined): { counted: true } | { counted: false; why: string } {
  if (status === 'requires_payment' && campaignStatus === 'open') return { counted: true };
  const why = status !== 'requires_payment' ? `payment arrived for a ${status} pledge` : `payment arrived after the campaign ${campaignStatus ?? 'ended'}`;
  return { counted: false, why };
}

/** A payment failure applies only to a pledge awaiting payment: null when it does, else the outcome to report. */
export function failureIgnored(status: PledgeStatus): string | null {
  return status !== 'requires_payment' ? `ignored: pledge is ${status}` : null;
}

/**
 * The provider refunded the charge: nothing if already refunded; a pledge whose success was never
 * seen (the refund overtook it) becomes refunded without announcement; a confirmed one is refunded in full.
 */
export function providerRefundTransition(status: PledgeStatus): 'already_refunded' | 'before_success' | 'refund' {
  if (status === 'refunded') return 'already_refunded';
  if (status === 'requires_payment' || status === 'failed' || status === 'cancelled') return 'before_success';
  return 'refund';
}

/** Why a provider's success signal does not pay this pledge (another amount or currency), or null when it does. */
export function paymentMismatch(paid: { amount: number; currency: string }, pledge: { amount: number; currency: string }): string | null {
  if (paid.amount !== pledge.amount || paid.currency !== pledge.currency) {
    return `refused: paid ${paid.amount} ${paid.currency} for a pledge of ${pledge.amount} ${pledge.currency}`;
  }
  return null;
}

/** An admin refund: a refunded pledge is answered as it is (idempotent); only a confirmed one is refunded. */
export function adminRefundNeeded(pledge: { id: string; status: PledgeStatus }): boolean {
  if (pledge.status === 'refunded') return false;
  if (pledge.status !== 'confirmed') throw new PledgeStateConflict(pledge.id, pledge.status, 'refunded');
  return true;
}

/** A sandbox payment: a confirmed pledge is answered as it is (idempotent); only one awaiting payment is charged. */
export function sandboxChargeNeeded(pledge: { id: string; status: PledgeStatus }): boolean {
  if (pledge.status === 'confirmed') return false;
  if (pledge.status !== 'requires_payment') throw new PledgeStateConflict(pledge.id, pledge.status, 'paid');
  return true;
}
