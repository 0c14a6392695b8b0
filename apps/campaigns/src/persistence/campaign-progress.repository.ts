import { Injectable } from '@nestjs/common';
import { cents, InjectTx, Tx } from '@lib/platform';

/**
 * The progress read model kept from pledges' and matching's events: per backer totals
 * (campaigns.campaign_backers) and the campaign's counters (pledged, backers, confirmed pledges, match).
 */
@Injectable()
export class CampaignProgressRepository {
  constructor(@InjectTx('campaigns') private readonly txHost: Tx) {}

  /**
   * The backer's total so far (0 for a new backer), its row locked until the transaction ends.
   * The row first, then its lock: FOR UPDATE on a row that does not exist yet locks nothing, so two
   * first pledges of one donor, handled at once from two partitions, both counted a new backer
   * (found by scripts/faults). A concurrent insert of the same key waits here for the other
   * transaction, then the lock below serializes the two.
   */
  async lockBacker(campaignId: string, donorId: string): Promise<number> {
    await this.txHost.tx.query(
      `INSERT INTO campaigns.campaign_backers (campaign_id, donor_id, amount) VALUES ($1, $2, 0) ON CONFLICT (campaign_id, donor_id) DO NOTHING`,
      [campaignId, donorId],
    );
    const [before]: { amount: unknown }[] = await this.txHost.tx.query(
      `SELECT amount FROM campaigns.campaign_backers WHERE campaign_id = $1 AND donor_id = $2 FOR UPDATE`,
      [campaignId, donorId],
    );
    return before ? cents(before.amount, 'campaign_backers.amount') : 0;
  }

  async setBackerAmount(campaignId: string, donorId: string, amount: number): Promise<void> {
    await this.txHost.tx.query(
      `INSERT INTO campaigns.campaign_backers (campaign_id, donor_id, amount) VALUES ($1, $2, $3)
       ON CONFLICT (campaign_id, donor_id) DO UPDATE SET amount = EXCLUDED.amount`,
      [campaignId, donorId, amount],
    );
  }

  /** Adds to the counters; the pledged amount never goes below zero. */
  async addToProgress(campaignId: string, delta: { pledged: number; backers: number; confirmedPledges: number }): Promise<void> {
    await this.txHost.tx.query(
      `UPDATE campaigns.campaigns
          SET pledged_amount = GREATEST(0, pledged_amount + $2), backers = backers + $3, confirmed_pledges = confirmed_pledges + $4
        WHERE id = $1`,
      [campaignId, delta.pledged, delta.backers, delta.confirmedPledges],
    );
  }

  /** The campaign's whole live match (match.updated carries the total, not a delta). */
  async setMatchedAmount(campaignId: string, matchedAmount: number): Promise<void> {
    await this.txHost.tx.query(`UPDATE campaigns.campaigns SET matched_amount = $2 WHERE id = $1`, [campaignId, matchedAmount]);
  }

  /** Whether the person ever backed the campaign (even if refunded since: the row stays). */
  async hasBacked(campaignId: string, donorId: string): Promise<boolean> {
    const backed: unknown[] = await this.txHost.tx.query(`SELECT 1 FROM campaigns.campaign_backers WHERE campaign_id = $1 AND donor_id = $2`, [
      campaignId,
      donorId,
    ]);
    return backed.length > 0;
  }
}
