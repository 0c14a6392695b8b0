import { Injectable } from '@nestjs/common';
import { CampaignPublished, CampaignPublishedV1, EventEnvelope } from '@lib/contracts';
import { EventConsumer, EventHandler } from '@lib/messaging';
import { CampaignRepository } from '../persistence/campaign.repository';

/** Rule eligibility is decided from these facts when the campaign goes live (matching-rules.md). */
@Injectable()
@EventConsumer({ service: 'matching', events: [CampaignPublished] })
export class TrackCampaignOnCampaignPublished implements EventHandler {
  constructor(private readonly campaigns: CampaignRepository) {}

  async handle({ payload, occurredAt }: EventEnvelope<CampaignPublishedV1>): Promise<void> {
    await this.campaigns.upsertPublished({
      campaignId: payload.campaignId,
      callId: payload.callId,
      area: payload.area,
      category: payload.category,
      promoterType: payload.promoterType,
      goalAmount: payload.goalAmount,
      currency: payload.currency,
      publishedAt: new Date(occurredAt),
    });
  }
}
