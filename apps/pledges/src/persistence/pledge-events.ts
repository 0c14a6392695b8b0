import { PledgeConfirmed, PledgeFailed, PledgeRefunded } from '@lib/contracts';
import type { PledgeEntity } from './pledge.entity';

/** A refund of a pledge: what it paid back (what the pledge still held), why, and whether funding's close had counted it. */
export type PledgeRefund = { amount: number; reason: string; countedAtClose: boolean };

/** pledge.confirmed: the money is collected and counts for the campaign (progress, match, round tallies). */
export function pledgeConfirmed(p: PledgeEntity, at: Date) {
  const payload = { pledgeId: p.id, campaignId: p.campaignId, donorId: p.donorId, amount: p.amount, currency: p.currency, confirmedAt: at.toISOString() };
  return { contract: PledgeConfirmed, aggregateId: p.id, occurredAt: at, payload };
}

/** pledge.refunded: what went back to the donor, beside the pledge amount. */
export function pledgeRefunded(p: PledgeEntity, { amount, reason, countedAtClose }: PledgeRefund, at: Date) {
  const payload = {
    pledgeId: p.id,
    campaignId: p.campaignId,
    donorId: p.donorId,
    amount,
    pledgeAmount: p.amount,
    currency: p.currency,
    reason,
    countedAtClose,
  };
  return { contract: PledgeRefunded, aggregateId: p.id, occurredAt: at, payload };
}

/** pledge.failed: nothing was collected (a declined payment, or an unpaid pledge that expired). */
export function pledgeFailed(p: PledgeEntity, reason: string, at: Date) {
  const payload = { pledgeId: p.id, campaignId: p.campaignId, donorId: p.donorId, amount: p.amount, reason };
  return { contract: PledgeFailed, aggregateId: p.id, occurredAt: at, payload };
}
