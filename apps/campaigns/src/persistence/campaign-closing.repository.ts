import { Injectable } from '@nestjs/common';
import type { JoinStore } from '@lib/messaging/join/event-join';
import { cents, InjectTx, integer, timestamp, Tx } from '@lib/platform';

/** The two facts the closing decision waits for, as campaigns.campaign_closings keeps them (first value wins). */
export interface ClosingParts extends Record<string, unknown> {
  fundingClosed: { crowdAmount: number; backers: number; closedAt: string };
  matchFinalized: { matchAmount: number; byFund: { funderId: string; amount: number }[]; finalizedAt: string };
}

interface ClosingRow {
  crowd_amount: unknown;
  backers: unknown;
  funding_closed_at: unknown;
  match_amount: unknown;
  match_by_fund: { funderId: string; amount: number }[] | null;
  match_finalized_at: unknown;
  decided_at: unknown;
}

/**
 * campaigns.campaign_closings, one row per campaign: the join of funding.closed and match.finalized
 * (a JoinStore for libs/messaging's joinOnce) and the outcome decided from them.
 */
@Injectable()
export class CampaignClosingRepository {
  constructor(@InjectTx('campaigns') private readonly txHost: Tx) {}

  /**
   * The join over the closing row. The caller holds the campaign's row lock (taken to decide on the
   * campaign), which serializes the two consumers; `lock` only makes sure the closing row exists.
   * `markDecided` keeps the time the outcome was recorded with, or stamps `now`.
   */
  join(now: Date): JoinStore<ClosingParts> {
    const tx = () => this.txHost.tx;
    return {
      lock: async (campaignId) => {
        await tx().query(`INSERT INTO campaigns.campaign_closings (campaign_id) VALUES ($1) ON CONFLICT DO NOTHING`, [campaignId]);
      },
      record: async (campaignId, part, value) => {
        if (part === 'fundingClosed') {
          const p = value as ClosingParts['fundingClosed'];
          await tx().query(
            `UPDATE campaigns.campaign_closings SET crowd_amount = $2, backers = $3, funding_closed_at = $4
              WHERE campaign_id = $1 AND funding_closed_at IS NULL`,
            [campaignId, p.crowdAmount, p.backers, p.closedAt],
          );
        } else {
          const p = value as ClosingParts['matchFinalized'];
          await tx().query(
            `UPDATE campaigns.campaign_closings SET match_amount = $2, match_by_fund = $3, match_finalized_at = $4
              WHERE campaign_id = $1 AND match_finalized_at IS NULL`,
            [campaignId, p.matchAmount, JSON.stringify(p.byFund), p.finalizedAt],
          );
        }
      },
      read: async (campaignId) => {
        const [row]: ClosingRow[] = await tx().query(`SELECT * FROM campaigns.campaign_closings WHERE campaign_id = $1`, [campaignId]);
        const parts: Partial<ClosingParts> = {};
        if (row.funding_closed_at) {
          parts.fundingClosed = {
            crowdAmount: cents(row.crowd_amount, 'campaign_closings.crowd_amount'),
            backers: integer(row.backers, 'campaign_closings.backers'),
            closedAt: timestamp(row.funding_closed_at, 'campaign_closings.funding_closed_at').toISOString(),
          };
        }
        if (row.match_finalized_at) {
          parts.matchFinalized = {
            matchAmount: cents(row.match_amount, 'campaign_closings.match_amount'),
            byFund: row.match_by_fund ?? [],
            finalizedAt: timestamp(row.match_finalized_at, 'campaign_closings.match_finalized_at').toISOString(),
          };
        }
        return { parts, decided: !!row.decided_at };
      },
      markDecided: async (campaignId) => {
        await tx().query(`UPDATE campaigns.campaign_closings SET decided_at = $2 WHERE campaign_id = $1 AND decided_at IS NULL`, [campaignId, now]);
      },
    };
  }

  async recordOutcome(campaignId: string, outcome: 'succeeded' | 'failed', now: Date): Promise<void> {
    await this.txHost.tx.query(`UPDATE campaigns.campaign_closings SET outcome = $2, decided_at = $3 WHERE campaign_id = $1`, [campaignId, outcome, now]);
  }

  /** The funders whose funds match the campaign (match.finalized lists every one, quadratic shares included). */
  async matchFunderIds(campaignId: string): Promise<string[]> {
    const [closing]: { match_by_fund: { funderId: string }[] | null }[] = await this.txHost.tx.query(
      `SELECT match_by_fund FROM campaigns.campaign_closings WHERE campaign_id = $1`,
      [campaignId],
    );
    return (closing?.match_by_fund ?? []).map((f) => f.funderId);
  }
}
