import { Injectable } from '@nestjs/common';
import { FundingClosedV1, MatchFinalized, MatchFinalizedV1 } from '@lib/contracts';
import { OutboxWriter } from '@lib/messaging';
import { InjectTx, Tx } from '@lib/platform';

/**
 * matching.campaign_finalizations (a campaign's match stated once, or its outcome) and
 * matching.pending_finalizations (a funding.closed waiting for the pledge events it counts).
 */
@Injectable()
export class FinalizationRepository {
  constructor(
    @InjectTx('matching') private readonly txHost: Tx,
    private readonly outbox: OutboxWriter,
  ) {}

  async isFinalized(campaignId: string): Promise<boolean> {
    const rows = await this.txHost.tx.query(`SELECT 1 FROM matching.campaign_finalizations WHERE campaign_id = $1`, [campaignId]);
    return rows.length > 0;
  }

  /** Keeps the first funding.closed of the campaign until it can be finalized. */
  async addPending(closed: FundingClosedV1, receivedAt: Date): Promise<void> {
    await this.txHost.tx.query(
      `INSERT INTO matching.pending_finalizations (campaign_id, funding_closed, received_at) VALUES ($1, $2, $3) ON CONFLICT (campaign_id) DO NOTHING`,
      [closed.campaignId, JSON.stringify(closed), receivedAt],
    );
  }

  /** The close waiting for the campaign, and whether matching has caught up with it; undefined when none waits. */
  async findPending(campaignId: string): Promise<{ closed: FundingClosedV1; caughtUp: boolean } | undefined> {
    const [pending] = await this.txHost.tx.query(`SELECT funding_closed, caught_up_at FROM matching.pending_finalizations WHERE campaign_id = $1`, [
      campaignId,
    ]);
    return pending && { closed: pending.funding_closed as FundingClosedV1, caughtUp: Boolean(pending.caught_up_at) };
  }

  /** Whether matching holds the campaign's close and every pledge event it counts. */
  async caughtUp(campaignId: string): Promise<boolean> {
    const rows = await this.txHost.tx.query(`SELECT 1 FROM matching.pending_finalizations WHERE campaign_id = $1 AND caught_up_at IS NOT NULL`, [campaignId]);
    return rows.length > 0;
  }

  async markCaughtUp(campaignId: string, at: Date): Promise<void> {
    await this.txHost.tx.query(`UPDATE matching.pending_finalizations SET caught_up_at = $2 WHERE campaign_id = $1`, [campaignId, at]);
  }

  async deletePending(campaignId: string): Promise<void> {
    await this.txHost.tx.query(`DELETE FROM matching.pending_finalizations WHERE campaign_id = $1`, [campaignId]);
  }

  /** The campaigns caught up and still waiting (for a round), in id order. */
  async waitingCaughtUp(): Promise<string[]> {
    const waiting: { campaign_id: string }[] = await this.txHost.tx.query(
      `SELECT campaign_id FROM matching.pending_finalizations WHERE caught_up_at IS NOT NULL ORDER BY campaign_id`,
    );
    return waiting.map((w) => w.campaign_id);
  }

  /**
   * States the campaign's match once, per fund, with match.finalized in the outbox: the insert that
   * wins (ON CONFLICT DO NOTHING) is the only one that announces. Returns whether this call did.
   */
  async claim(finalized: Omit<MatchFinalizedV1, 'matchAmount'>, at: Date): Promise<boolean> {
    const matchAmount = finalized.byFund.reduce((sum, f) => sum + f.amount, 0);
    const claimed: unknown[] = await this.txHost.tx.query(
      `INSERT INTO matching.campaign_finalizations (campaign_id, match_amount, finalized_at) VALUES ($1, $2, $3)
       ON CONFLICT (campaign_id) DO NOTHING RETURNING campaign_id`,
      [finalized.campaignId, matchAmount, at],
    );
    if (claimed.length === 0) return false;
    await this.outbox.append({
      contract: MatchFinalized,
      aggregateId: finalized.campaignId,
      payload: { campaignId: finalized.campaignId, currency: finalized.currency, matchAmount, byFund: finalized.byFund },
    });
    return true;
  }

  /** A cancellation can come before funding closed: the outcome is recorded either way, so later pledges match nothing. */
  async recordOutcome(campaignId: string, outcome: 'committed' | 'released'): Promise<void> {
    await this.txHost.tx.query(
      `INSERT INTO matching.campaign_finalizations (campaign_id, match_amount, finalized_at, outcome) VALUES ($1, 0, now(), $2)
       ON CONFLICT (campaign_id) DO UPDATE SET outcome = EXCLUDED.outcome`,
      [campaignId, outcome],
    );
  }
}
