import { Injectable } from '@nestjs/common';
import { CampaignCancelled, CampaignCancelledV1, CampaignFailed, CampaignFailedV1, EventEnvelope } from '@lib/contracts';
import { EventConsumer, EventHandler } from '@lib/messaging';
import { InjectTx, Tx } from '@lib/platform';
import { RefundPledges } from '../commands/refund-pledges';

/**
 * Refund saga step: a cancelled or failed campaign takes no more pledges and gives back every
 * confirmed one. Runs in one transaction with its inbox row; provider refunds are keyed by pledge
 * id, so a crash half-way re-runs the whole step without refunding anyone twice.
 */
@Injectable()
@EventConsumer({ service: 'pledges', events: [CampaignCancelled, CampaignFailed] })
export class RefundPledgesOnCampaignEnded implements EventHandler {
  constructor(
    @InjectTx('pledges') private readonly txHost: Tx,
    private readonly refunds: RefundPledges,
  ) {}

  async handle(envelope: EventEnvelope<CampaignCancelledV1 | CampaignFailedV1>): Promise<void> {
    const cancelled = envelope.type === CampaignCancelled.type;
    const { campaignId, reason } = envelope.payload;
    await this.txHost.tx.query(`UPDATE pledges.campaign_views SET status = $2 WHERE campaign_id = $1`, [campaignId, cancelled ? 'cancelled' : 'failed']);
    await this.refunds.refundCampaign(campaignId, cancelled ? `campaign cancelled: ${reason}` : `campaign failed: ${reason}`);
  }
}
