import { Injectable } from '@nestjs/common';
import { CampaignPublished, CampaignPublishedV1, EventEnvelope } from '@lib/contracts';
import { EventConsumer, EventHandler } from '@lib/messaging';
import { InjectTx, Tx } from '@lib/platform';

/** Payouts needs to know whose campaign it is (the promoter to pay, the call's funder who may release) before any tranche exists. */
@Injectable()
@EventConsumer({ service: 'payouts', events: [CampaignPublished] })
export class TrackCampaignOnCampaignPublished implements EventHandler {
  constructor(@InjectTx('payouts') private readonly txHost: Tx) {}

  async handle({ payload, occurredAt }: EventEnvelope<CampaignPublishedV1>): Promise<void> {
    await this.txHost.tx.query(
      `INSERT INTO payouts.campaign_views (campaign_id, promoter_id, title, currency, goal_amount, published_at, call_owner_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (campaign_id) DO UPDATE SET title = EXCLUDED.title, goal_amount = EXCLUDED.goal_amount,
         call_owner_id = coalesce(EXCLUDED.call_owner_id, payouts.campaign_views.call_owner_id)`,
      [payload.campaignId, payload.promoterId, payload.title, payload.currency, payload.goalAmount, occurredAt, payload.callOwnerId ?? null],
    );
  }
}
