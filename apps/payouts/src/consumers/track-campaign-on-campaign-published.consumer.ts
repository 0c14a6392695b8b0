import { Injectable } from '@nestjs/common';
import { CampaignPublished, CampaignPublishedV1, EventEnvelope } from '@lib/contracts';
import { EventConsumer, EventHandler } from '@lib/messaging';
import { CampaignViewRepository } from '../persistence/campaign-view.repository';

/** Payouts needs to know whose campaign it is (the promoter to pay, the call's funder who may release) before any tranche exists. */
@Injectable()
@EventConsumer({ service: 'payouts', events: [CampaignPublished] })
export class TrackCampaignOnCampaignPublished implements EventHandler {
  constructor(private readonly campaigns: CampaignViewRepository) {}

  async handle({ payload, occurredAt }: EventEnvelope<CampaignPublishedV1>): Promise<void> {
    await this.campaigns.upsertPublished(payload, occurredAt);
  }
}
