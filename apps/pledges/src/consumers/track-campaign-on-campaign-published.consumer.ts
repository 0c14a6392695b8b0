import { Injectable } from '@nestjs/common';
import { CampaignPublished, CampaignPublishedV1, EventEnvelope } from '@lib/contracts';
import { EventConsumer, EventHandler } from '@lib/messaging';
import { CampaignViewRepository } from '../persistence/campaign-view.repository';

/** Keeps the local copy of a published campaign, so pledges can be checked without calling campaigns. */
@Injectable()
@EventConsumer({ service: 'pledges', events: [CampaignPublished] })
export class TrackCampaignOnCampaignPublished implements EventHandler {
  constructor(private readonly campaigns: CampaignViewRepository) {}

  async handle({ payload }: EventEnvelope<CampaignPublishedV1>): Promise<void> {
    await this.campaigns.upsertPublished({
      campaignId: payload.campaignId,
      title: payload.title,
      promoterId: payload.promoterId,
      promoterName: payload.promoterName ?? null,
      goalAmount: payload.goalAmount,
      currency: payload.currency,
      fundingModel: payload.fundingModel,
      startsAt: new Date(payload.startsAt),
      endsAt: new Date(payload.endsAt),
    });
  }
}
