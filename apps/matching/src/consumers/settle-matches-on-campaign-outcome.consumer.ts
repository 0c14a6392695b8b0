import { Injectable } from '@nestjs/common';
import {
  CampaignCancelled, CampaignCancelledV1, CampaignFailed, CampaignFailedV1, CampaignSucceeded, CampaignSucceededV1, EventEnvelope,
} from '@lib/contracts';
import { EventConsumer, EventHandler } from '@lib/messaging';
import { InjectTx, Tx } from '@lib/platform';
import { PoolLedger } from '../engine/pool-ledger';

/**
 * A campaign's outcome settles its reserved matches: success commits them (reserved → committed),
 * failure or cancellation releases them to the pool (reserved → available), where they can match
 * other campaigns. Allocation rows and fund buckets move in one statement pair per fund, inside the
 * inbox transaction, so the pool identity holds at every commit.
 */
@Injectable()
@EventConsumer({ service: 'matching', events: [CampaignSucceeded, CampaignFailed, CampaignCancelled] })
export class SettleMatchesOnCampaignOutcome implements EventHandler {
  constructor(
    @InjectTx('matching') private readonly txHost: Tx,
    private readonly pools: PoolLedger,
  ) {}

  async handle(envelope: EventEnvelope<CampaignSucceededV1 | CampaignFailedV1 | CampaignCancelledV1>): Promise<void> {
    const tx = this.txHost.tx;
    const funds: { fund_id: string }[] = await tx.query(`SELECT DISTINCT fund_id FROM matching.match_allocations WHERE campaign_id = $1`, [envelope.payload.campaignId]);
    await this.pools.lockFunds(funds.map((f) => f.fund_id));
    const succeeded = envelope.type === CampaignSucceeded.type;
    const moved: { fund_id: string; amount: string }[] = await tx.query(
      `WITH settled AS (
         UPDATE matching.match_allocations SET status = $2, updated_at = now()
          WHERE campaign_id = $1 AND status = 'reserved' RETURNING fund_id, amount)
       SELECT fund_id, sum(amount) AS amount FROM settled GROUP BY fund_id ORDER BY fund_id`,
      [envelope.payload.campaignId, succeeded ? 'committed' : 'released'],
    );
    for (const m of moved) {
      await tx.query(
        succeeded
          ? `UPDATE matching.funds SET reserved = reserved - $2, committed = committed + $2 WHERE id = $1`
          : `UPDATE matching.funds SET reserved = reserved - $2, available = available + $2 WHERE id = $1`,
        [m.fund_id, Number(m.amount)],
      );
    }
    // A cancellation can come before funding closed: record the outcome either way, so later pledges match nothing.
    await tx.query(
      `INSERT INTO matching.campaign_finalizations (campaign_id, match_amount, finalized_at, outcome) VALUES ($1, 0, now(), $2)
       ON CONFLICT (campaign_id) DO UPDATE SET outcome = EXCLUDED.outcome`,
      [envelope.payload.campaignId, succeeded ? 'committed' : 'released'],
    );
    if (moved.length > 0) await this.pools.announce(envelope.payload.campaignId);
  }
}
