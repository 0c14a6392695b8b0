import { Injectable } from '@nestjs/common';
import { CampaignPublished, CampaignPublishedV1, EventEnvelope } from '@lib/contracts';
import { EventConsumer, EventHandler } from '@lib/messaging';
import { InjectTx, Tx } from '@lib/platform';
import { CampaignViewEntity } from '../persistence/campaign-view.entity';

/** Keeps the local copy of a published campaign, so pledges can be checked without calling campaigns. */
@Injectable()
@EventConsumer({ service: 'pledges', events: [CampaignPublished] })
export class TrackCampaignOnCampaignPublished implements EventHandler {
  constructor(@InjectTx('pledges') private readonly txHost: Tx) {}

  async handle({ payload }: EventEnvelope<CampaignPublishedV1>): Promise<void> {
    await this.txHost.tx.getRepository(CampaignViewEntity).upsert(
      {
        campaignId: payload.campaignId,
        title: payload.title,
        promoterId: payload.promoterId,
        promoterName: payload.promoterName ?? null,
        goalAmount: payload.goalAmount,
        currency: payload.currency,
        fundingModel: payload.fundingModel,
        startsAt: new Date(payload.startsAt),
        endsAt: new Date(payload.endsAt),
        status: 'open',
        endReason: null,
      },
      ['campaignId'],
    );
  }
}
