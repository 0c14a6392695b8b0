import { Injectable } from '@nestjs/common';
import {
  CampaignCancelled, CampaignCancelledV1, CampaignFailed, CampaignFailedV1, CampaignSucceeded, CampaignSucceededV1, EventEnvelope,
} from '@lib/contracts';
import { EventConsumer, EventHandler } from '@lib/messaging';
import { InjectTx, Tx } from '@lib/platform';

/**
 * A campaign's outcome settles its reserved matches: success commits them (reserved → committed),
 * failure or cancellation releases them to the pool (reserved → available), where they can match
 * other campaigns. Allocation rows and fund buckets move in one statement pair per fund, inside the
 * inbox transaction, so the pool identity holds at every commit.
 */
@Injectable()
@EventConsumer({ service: 'matching', events: [CampaignSucceeded, CampaignFailed, CampaignCancelled] })
export class SettleMatchesOnCampaignOutcome implements EventHandler {
  constructor(@InjectTx('matching') private readonly txHost: Tx) {}

  async handle(envelope: EventEnvelope<CampaignSucceededV1 | CampaignFailedV1 | CampaignCancelledV1>): Promise<void> {
    const tx = this.txHost.tx;
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
    await tx.query(`UPDATE matching.campaign_finalizations SET outcome = $2 WHERE campaign_id = $1`, [
      envelope.payload.campaignId, succeeded ? 'committed' : 'released',
    ]);
  }
}
