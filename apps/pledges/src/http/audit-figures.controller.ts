import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { messagingFigures, PledgesFigures } from '@lib/ledger';
import { InjectTx, Roles, Tx } from '@lib/platform';

/**
 * `GET /audit/pledges/figures` (admin): the pledge totals this service holds, from its own tables
 * only, for the platform audit (docs/audit.md). Read-only, outside any transaction.
 */
@ApiTags('audit')
@Controller('audit/pledges')
export class PledgesAuditFiguresController {
  constructor(@InjectTx('pledges') private readonly txHost: Tx) {}

  @Get('figures')
  @Roles('admin')
  @ApiOperation({ summary: 'Per campaign: pledges collected, confirmed, refunded (in full and pro rata), backers — for GET /audit/platform' })
  async figures(): Promise<PledgesFigures> {
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
        currency: String(r.currency).trim(),
        collectedCount: Number(r.collected_count),
        collectedAmount: Number(r.collected_amount),
        confirmedCount: Number(r.confirmed_count),
        confirmedAmount: Number(r.confirmed_amount),
        refundedCount: Number(r.refunded_count),
        refundedAmount: Number(r.refunded_amount),
        partialRefundedAmount: Number(r.partial_refunded),
        backers: Number(r.backers),
      })),
    };
  }
}
