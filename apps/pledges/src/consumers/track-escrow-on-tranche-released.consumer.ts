import { Injectable } from '@nestjs/common';
import { EventEnvelope, TrancheReleased, TrancheReleasedV1 } from '@lib/contracts';
import { EventConsumer, EventHandler } from '@lib/messaging';
import { CampaignViewRepository } from '../persistence/campaign-view.repository';

/**
 * The donors' money a released tranche took out of the escrow no longer covers refunds
 * (docs/money-rules.md, "Refunds after funding closed"). A cumulative sum: the inbox counts each
 * release once, and releases may arrive in any order.
 */
@Injectable()
@EventConsumer({ service: 'pledges', events: [TrancheReleased] })
export class TrackEscrowOnTrancheReleased implements EventHandler {
  constructor(private readonly campaigns: CampaignViewRepository) {}

  async handle({ payload }: EventEnvelope<TrancheReleasedV1>): Promise<void> {
    if (payload.donorAmount === 0) return;
    await this.campaigns.addCrowdSettled(payload.campaignId, payload.donorAmount);
  }
}
