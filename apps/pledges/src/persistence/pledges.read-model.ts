import { Injectable } from '@nestjs/common';
import { messagingFigures, PledgesFigures } from '@lib/ledger';
import { cents, currencyCode, InjectTx, integer, timestamp, Tx } from '@lib/platform';

/** A confirmed pledge as the public backers list shows it (no donor id; no name when anonymous). */
export interface BackerRow {
  amount: number;
  currency: string;
  displayName: string | null;
  anonymous: boolean;
  message: string | null;
  confirmedAt: Date;
}

/** Read-side SQL of pledges: the public backers list and the figures for the platform audit. */
@Injectable()
export class PledgesReadModel {
  constructor(@InjectTx('pledges') private readonly txHost: Tx) {}

  /** The newest confirmed pledges of a campaign (up to limit) and how many there are in all. */
  async backers(campaignId: string, limit: number): Promise<{ total: number; rows: BackerRow[] }> {
    const rows: {
      amount_minor: string;
      currency: string;
      display_name: string | null;
      anonymous: boolean;
      message: string | null;
      confirmed_at: Date;
      total: string;
    }[] = await this.txHost.tx.query(
      `SELECT amount_minor, currency, display_name, anonymous, message, confirmed_at, count(*) OVER () AS total
           FROM pledges.pledges WHERE campaign_id = $1 AND status = 'confirmed'
          ORDER BY confirmed_at DESC, id LIMIT $2`,
      [campaignId, limit],
    );
    return {
      total: rows.length ? integer(rows[0].total, 'total') : 0,
      rows: rows.map((r) => ({
        amount: cents(r.amount_minor, 'amount_minor'),
        currency: r.currency,
        displayName: r.display_name,
        anonymous: r.anonymous,
        message: r.message,
        confirmedAt: timestamp(r.confirmed_at, 'confirmed_at'),
      })),
    };
  }

  /** Per campaign: pledges collected, confirmed, refunded (in full and pro rata), backers — from this service's tables only. */
  async auditFigures(): Promise<PledgesFigures> {
    const rows: Record<string, string>[] = await this.txHost.tx.query(
      `SELECT p.campaign_id, min(p.currency) AS currency,
              -- only pledges whose pledge.confirmed was announced are counted by the other services: a refund
              -- that overtook its success, or a payment after the close, never was (found by the fault run)
              count(*) FILTER (WHERE p.status IN ('confirmed', 'refunded') AND p.announced_at IS NOT NULL) AS collected_count,
              coalesce(sum(p.amount_minor) FILTER (WHERE p.status IN ('confirmed', 'refunded') AND p.announced_at IS NOT NULL), 0) AS collected_amount,
              count(*) FILTER (WHERE p.status = 'confirmed') AS confirmed_count,
              coalesce(sum(p.amount_minor) FILTER (WHERE p.status = 'confirmed'), 0) AS confirmed_amount,
              count(*) FILTER (WHERE p.status = 'refunded' AND p.announced_at IS NOT NULL) AS refunded_count,
              -- the money the full refunds paid back: what each pledge still held (a donors' share refund may have paid part before)
              coalesce(sum(p.amount_minor - p.refunded_amount) FILTER (WHERE p.status = 'refunded' AND p.announced_at IS NOT NULL), 0) AS refunded_amount,
              count(DISTINCT p.donor_id) FILTER (WHERE p.status = 'confirmed') AS backers,
              coalesce(sum(r.amount), 0) AS partial_refunded
         FROM pledges.pledges p LEFT JOIN (SELECT pledge_id, sum(amount) AS amount FROM pledges.partial_refunds GROUP BY pledge_id) r ON r.pledge_id = p.id
        GROUP BY p.campaign_id ORDER BY p.campaign_id`,
    );
    return {
      service: 'pledges',
      ...(await messagingFigures(this.txHost.tx, 'pledges')),
      campaigns: rows.map((r) => ({
        campaignId: r.campaign_id,
        currency: currencyCode(r.currency),
        collectedCount: integer(r.collected_count, 'collected_count'),
        collectedAmount: cents(r.collected_amount, 'collected_amount'),
        confirmedCount: integer(r.confirmed_count, 'confirmed_count'),
        confirmedAmount: cents(r.confirmed_amount, 'confirmed_amount'),
        refundedCount: integer(r.refunded_count, 'refunded_count'),
        refundedAmount: cents(r.refunded_amount, 'refunded_amount'),
        partialRefundedAmount: cents(r.partial_refunded, 'partial_refunded'),
        backers: integer(r.backers, 'backers'),
      })),
    };
  }

  /** Progress of a campaign's refunds: pledges refunded, confirmed ones still to go, money refunded. */
  async refundProgress(campaignId: string): Promise<{ refunded: number; pending: number; refundedAmount: number }> {
    const [row] = await this.txHost.tx.query(
      `SELECT count(*) FILTER (WHERE status = 'refunded') AS refunded, count(*) FILTER (WHERE status = 'confirmed') AS pending,
              coalesce(sum(amount_minor) FILTER (WHERE status = 'refunded'), 0) AS refunded_amount
         FROM pledges.pledges WHERE campaign_id = $1`,
      [campaignId],
    );
    return {
      refunded: integer(row.refunded, 'refunded'),
      pending: integer(row.pending, 'pending'),
      refundedAmount: cents(row.refunded_amount, 'refunded_amount'),
    };
  }
}
