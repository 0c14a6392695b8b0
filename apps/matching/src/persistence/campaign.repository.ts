import { Injectable } from '@nestjs/common';
import { cents, currencyCode, InjectTx, timestamp, Tx } from '@lib/platform';
import { CampaignFacts } from '../domain/rule-eligibility';
import { MatchingCampaignViewEntity } from './campaign-view.entity';

export interface MatchingCampaign extends CampaignFacts {
  campaignId: string;
  goalAmount: number;
  currency: string;
}

/** matching.campaign_views: the campaign facts rule eligibility is decided from, and the campaign's row lock. */
@Injectable()
export class CampaignRepository {
  constructor(@InjectTx('matching') private readonly txHost: Tx) {}

  /** Serializes reservations, releases and the finalization of one campaign until the transaction ends. */
  async lock(campaignId: string): Promise<void> {
    await this.txHost.tx.query(`SELECT 1 FROM matching.campaign_views WHERE campaign_id = $1 FOR UPDATE`, [campaignId]);
  }

  /** Locks several campaigns at once, in id order (a batch of pledge events; see ReserveMatchesOnPledgeEvents.handleBatch). */
  async lockAll(campaignIds: string[]): Promise<void> {
    await this.txHost.tx.query(`SELECT 1 FROM matching.campaign_views WHERE campaign_id = ANY($1::uuid[]) ORDER BY campaign_id FOR UPDATE`, [campaignIds]);
  }

  /**
   * Locks every campaign a round's finalization may touch (in id order): the campaigns first, then
   * the fund, the order reservations lock in.
   */
  async lockPublishedBefore(currency: string, before: string): Promise<void> {
    await this.txHost.tx.query(`SELECT 1 FROM matching.campaign_views WHERE currency = $1 AND published_at < $2 ORDER BY campaign_id FOR UPDATE`, [
      currency,
      before,
    ]);
  }

  /** The campaign's facts; `lock`: its row locked as `lock` does, in the same statement (undefined, and nothing locked, when unknown). */
  async find(campaignId: string, options: { lock?: boolean } = {}): Promise<MatchingCampaign | undefined> {
    const [row] = await this.txHost.tx.query(
      `SELECT campaign_id, call_id, area, category, promoter_type, goal_amount, currency FROM matching.campaign_views WHERE campaign_id = $1${options.lock ? ' FOR UPDATE' : ''}`,
      [campaignId],
    );
    return (
      row && {
        campaignId: row.campaign_id,
        callId: row.call_id,
        area: row.area,
        category: row.category,
        promoterType: row.promoter_type,
        goalAmount: cents(row.goal_amount, 'campaign_views.goal_amount'),
        currency: currencyCode(row.currency, 'campaign_views.currency'),
      }
    );
  }

  async exists(campaignId: string): Promise<boolean> {
    const known = await this.txHost.tx.query(`SELECT 1 FROM matching.campaign_views WHERE campaign_id = $1`, [campaignId]);
    return known.length > 0;
  }

  /** When the campaign went live (it is known: call after find). */
  async publishedAt(campaignId: string): Promise<Date> {
    const [view] = await this.txHost.tx.query(`SELECT published_at FROM matching.campaign_views WHERE campaign_id = $1`, [campaignId]);
    return timestamp(view.published_at, 'campaign_views.published_at');
  }

  /** The campaigns a round may concern, in id order: its currency, published before its end, match not finalized yet. */
  async unfinalizedPublishedBefore(currency: string, before: string): Promise<(CampaignFacts & { campaignId: string })[]> {
    const rows: { campaign_id: string; call_id: string | null; area: string; category: string; promoter_type: string }[] = await this.txHost.tx.query(
      `SELECT v.campaign_id, v.call_id, v.area, v.category, v.promoter_type FROM matching.campaign_views v
         LEFT JOIN matching.campaign_finalizations f ON f.campaign_id = v.campaign_id
        WHERE v.currency = $1 AND v.published_at < $2 AND f.campaign_id IS NULL
        ORDER BY v.campaign_id`,
      [currency, before],
    );
    return rows.map((c) => ({ campaignId: c.campaign_id, callId: c.call_id, area: c.area, category: c.category, promoterType: c.promoter_type }));
  }

  async upsertPublished(view: MatchingCampaignViewEntity): Promise<void> {
    await this.txHost.tx.getRepository(MatchingCampaignViewEntity).upsert(view, ['campaignId']);
  }
}
