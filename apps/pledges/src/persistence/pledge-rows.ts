import { cents, currencyCode, timestamp, timestampOrNull } from '@lib/platform';
import type { PledgeStatus } from '../domain/pledge';
import { PledgeEntity } from './pledge.entity';

/**
 * The hot path's pledge reads in plain SQL (create, confirm, webhook): one fixed statement per
 * read instead of TypeORM building and aliasing it each time, mapped once here (bigint cents
 * checked, char(3) trimmed). The column list is PledgeEntity's, in table order.
 */
export const PLEDGE_COLUMNS = `id, campaign_id, donor_id, amount_minor, currency, refunded_amount, status, anonymous, display_name, message,
  payment_provider, payment_ref, failure_reason, created_at, confirmed_at, announced_at, refunded_at, refund_reason`;

export interface PledgeRow {
  id: string;
  campaign_id: string;
  donor_id: string;
  amount_minor: string | number;
  currency: string;
  refunded_amount: string | number;
  status: string;
  anonymous: boolean;
  display_name: string | null;
  message: string | null;
  payment_provider: string;
  payment_ref: string | null;
  failure_reason: string | null;
  created_at: Date | string;
  confirmed_at: Date | string | null;
  announced_at: Date | string | null;
  refunded_at: Date | string | null;
  refund_reason: string | null;
}

export function toPledge(r: PledgeRow): PledgeEntity {
  return Object.assign(new PledgeEntity(), {
    id: r.id,
    campaignId: r.campaign_id,
    donorId: r.donor_id,
    amount: cents(r.amount_minor, 'amount_minor'),
    currency: currencyCode(r.currency),
    refundedAmount: cents(r.refunded_amount, 'refunded_amount'),
    status: r.status as PledgeStatus,
    anonymous: r.anonymous,
    displayName: r.display_name,
    message: r.message,
    paymentProvider: r.payment_provider,
    paymentRef: r.payment_ref,
    failureReason: r.failure_reason,
    createdAt: timestamp(r.created_at, 'created_at'),
    confirmedAt: timestampOrNull(r.confirmed_at, 'confirmed_at'),
    announcedAt: timestampOrNull(r.announced_at, 'announced_at'),
    refundedAt: timestampOrNull(r.refunded_at, 'refunded_at'),
    refundReason: r.refund_reason,
  });
}

/** The INSERT of new pledges (refunded_amount 0), one row each, and its parameters, in PLEDGE_COLUMNS order. */
export function insertPledges(pledges: readonly Omit<PledgeEntity, 'refundedAmount'>[]): [string, unknown[]] {
  const rows = pledges.map((_, r) => {
    const $ = (i: number) => `$${r * 17 + i}`;
    return `(${$(1)}, ${$(2)}, ${$(3)}, ${$(4)}, ${$(5)}, 0, ${[6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17].map($).join(', ')})`;
  });
  return [`INSERT INTO pledges.pledges (${PLEDGE_COLUMNS}) VALUES ${rows.join(', ')}`, pledges.flatMap(parametersOf)];
}

function parametersOf(p: Omit<PledgeEntity, 'refundedAmount'>): unknown[] {
  return [
    p.id,
    p.campaignId,
    p.donorId,
    p.amount,
    p.currency,
    p.status,
    p.anonymous,
    p.displayName,
    p.message,
    p.paymentProvider,
    p.paymentRef,
    p.failureReason,
    p.createdAt,
    p.confirmedAt,
    p.announcedAt,
    p.refundedAt,
    p.refundReason,
  ];
}
