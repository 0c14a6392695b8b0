import { Injectable } from '@nestjs/common';
import { CampaignCancelled, CampaignCancelledV1, CampaignFailed, CampaignFailedV1, EventEnvelope } from '@lib/contracts';
import { EventConsumer, EventHandler } from '@lib/messaging';
import { CampaignViewRepository } from '../persistence/campaign-view.repository';

/**
 * Refund saga, first step: a cancelled or failed campaign takes no more pledges and is marked for
 * refunds. The refunds themselves are done by RefundJob in small batches (resumable, with progress).
 */
@Injectable()
@EventConsumer({ service: 'pledges', events: [CampaignCancelled, CampaignFailed] })
export class RefundPledgesOnCampaignEnded implements EventHandler {
  constructor(private readonly campaigns: CampaignViewRepository) {}

  async handle(envelope: EventEnvelope<CampaignCancelledV1 | CampaignFailedV1>): Promise<void> {
    const cancelled = envelope.type === CampaignCancelled.type;
    const { campaignId, reason } = envelope.payload;
    await this.campaigns.markEnded(campaignId, cancelled ? 'cancelled' : 'failed', cancelled ? `campaign cancelled: ${reason}` : `campaign failed: ${reason}`);
  }
}
