import { Injectable } from '@nestjs/common';
import { FundingClosed } from '@lib/contracts';
import { OutboxWriter } from '@lib/messaging';
import { currencyCode, InjectTx, Tx } from '@lib/platform';
import { CampaignViewEntity } from './campaign-view.entity';
import { CAMPAIGN_VIEW_COLUMNS, CampaignViewRow, toCampaignView } from './campaign-view-rows';

/** The facts of a published campaign, as its event carries them. */
export type PublishedCampaign = Pick<
  CampaignViewEntity,
  'campaignId' | 'title' | 'promoterId' | 'promoterName' | 'goalAmount' | 'currency' | 'fundingModel' | 'startsAt' | 'endsAt'
>;

/** pledges.campaign_views: the local copy of the campaigns pledges takes money for, and their escrow figures. */
@Injectable()
export class CampaignViewRepository {
  constructor(
    @InjectTx('pledges') private readonly txHost: Tx,
    private readonly outbox: OutboxWriter,
  ) {}

  private get views() {
    return this.txHost.tx.getRepository(CampaignViewEntity);
  }

  async find(campaignId: string): Promise<CampaignViewEntity | null> {
    const [row]: CampaignViewRow[] = await this.txHost.tx.query(`SELECT ${CAMPAIGN_VIEW_COLUMNS} FROM pledges.campaign_views WHERE campaign_id = $1`, [
      campaignId,
    ]);
    return row ? toCampaignView(row) : null;
  }

  /** The views of these campaigns (unknown ones are absent), by campaign id: a group of pledges reads them in one statement. */
  async findMany(campaignIds: readonly string[]): Promise<Map<string, CampaignViewEntity>> {
    const ids = [...new Set(campaignIds)];
    if (ids.length === 0) return new Map();
    const rows: CampaignViewRow[] = await this.txHost.tx.query(
      `SELECT ${CAMPAIGN_VIEW_COLUMNS} FROM pledges.campaign_views WHERE campaign_id = ANY($1::uuid[])`,
      [ids],
    );
    return new Map(rows.map((r) => [r.campaign_id, toCampaignView(r)]));
  }

  /** A campaign a pledge refers to (it exists: pledges are only taken for known campaigns). */
  getOrFail(campaignId: string): Promise<CampaignViewEntity> {
    return this.views.findOneByOrFail({ campaignId });
  }

  async exists(campaignId: string): Promise<boolean> {
    const known = await this.txHost.tx.query(`SELECT 1 FROM pledges.campaign_views WHERE campaign_id = $1`, [campaignId]);
    return known.length > 0;
  }

  /** The view's row locked (the close job takes the same lock), so two refunds never both spend the last cover; null when unknown. */
  findForUpdate(campaignId: string): Promise<CampaignViewEntity | null> {
    return this.views.findOne({ where: { campaignId }, lock: { mode: 'pessimistic_write' } });
  }

  async upsertPublished(campaign: PublishedCampaign): Promise<void> {
    await this.views.upsert({ ...campaign, status: 'open', endReason: null }, ['campaignId']);
  }

  async markEnded(campaignId: string, status: 'cancelled' | 'failed', reason: string): Promise<void> {
    await this.txHost.tx.query(`UPDATE pledges.campaign_views SET status = $2, end_reason = $3 WHERE campaign_id = $1`, [campaignId, status, reason]);
  }

  /** A refund after the close came out of the escrow. */
  async addRefundedAfterClose(campaignId: string, amount: number): Promise<void> {
    await this.txHost.tx.query(`UPDATE pledges.campaign_views SET refunded_after_close = refunded_after_close + $2 WHERE campaign_id = $1`, [
      campaignId,
      amount,
    ]);
  }

  /** Donor money that left the escrow (a tranche released, a donors' share forfeited): no longer a cover for refunds. */
  async addCrowdSettled(campaignId: string, amount: number): Promise<void> {
    await this.txHost.tx.query(`UPDATE pledges.campaign_views SET crowd_settled = crowd_settled + $2 WHERE campaign_id = $1`, [campaignId, amount]);
  }

  /** Claims (SKIP LOCKED) up to 100 open campaigns that ended by the cutoff, earliest end first. */
  async claimDueForClose(cutoff: Date): Promise<{ campaignId: string; currency: string }[]> {
    const due: { campaign_id: string; currency: string }[] = await this.txHost.tx.query(
      `SELECT campaign_id, currency FROM pledges.campaign_views WHERE status = 'open' AND ends_at <= $1
        ORDER BY ends_at LIMIT 100 FOR UPDATE SKIP LOCKED`,
      [cutoff],
    );
    return due.map((c) => ({ campaignId: c.campaign_id, currency: currencyCode(c.currency) }));
  }

  async markClosed(campaignId: string, at: Date): Promise<void> {
    await this.txHost.tx.query(`UPDATE pledges.campaign_views SET status = 'closed', closed_at = $2 WHERE campaign_id = $1`, [campaignId, at]);
  }

  /**
   * The crowd's final figures (confirmed pledges per donor) kept as the escrow's cover for refunds,
   * and funding.closed in the outbox with them: announced once, by the close that claimed the campaign.
   */
  async recordFundingClosed(c: { campaignId: string; currency: string }, donors: { donorId: string; amount: number }[], at: Date): Promise<void> {
    const crowdAmount = donors.reduce((sum, d) => sum + d.amount, 0);
    await this.txHost.tx.query(`UPDATE pledges.campaign_views SET crowd_at_close = $2 WHERE campaign_id = $1`, [c.campaignId, crowdAmount]);
    const payload = { campaignId: c.campaignId, currency: c.currency, crowdAmount, backers: donors.length, donors, closedAt: at.toISOString() };
    await this.outbox.append({ contract: FundingClosed, aggregateId: c.campaignId, occurredAt: at, payload });
  }

  /** Why each of these campaigns ended ('campaign ended' when no reason was kept). */
  async endReasons(campaignIds: string[]): Promise<Map<string, string>> {
    const rows: { campaign_id: string; end_reason: string | null }[] = await this.txHost.tx.query(
      `SELECT campaign_id, end_reason FROM pledges.campaign_views WHERE campaign_id = ANY($1::uuid[])`,
      [campaignIds],
    );
    return new Map(rows.map((r) => [r.campaign_id, r.end_reason ?? 'campaign ended']));
  }
}
