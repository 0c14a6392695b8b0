import { Injectable } from '@nestjs/common';
import { CampaignPublishedV1 } from '@lib/contracts';
import { InjectTx, Tx } from '@lib/platform';

/** payouts.campaign_views: whose campaign it is (the promoter to pay, the call's funder who may release), from campaign.published. */
@Injectable()
export class CampaignViewRepository {
  constructor(@InjectTx('payouts') private readonly txHost: Tx) {}

  /** A later publication keeps the first promoter and currency, and a call (and its owner) once known. */
  async upsertPublished(p: CampaignPublishedV1, occurredAt: string): Promise<void> {
    await this.txHost.tx.query(
      `INSERT INTO payouts.campaign_views (campaign_id, promoter_id, title, currency, goal_amount, published_at, call_owner_id, call_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (campaign_id) DO UPDATE SET title = EXCLUDED.title, goal_amount = EXCLUDED.goal_amount,
         call_owner_id = coalesce(EXCLUDED.call_owner_id, payouts.campaign_views.call_owner_id),
         call_id = coalesce(EXCLUDED.call_id, payouts.campaign_views.call_id)`,
      [p.campaignId, p.promoterId, p.title, p.currency, p.goalAmount, occurredAt, p.callOwnerId ?? null, p.callId ?? null],
    );
  }

  /** The funder owning the campaign's call, if any. */
  async callOwnerOf(campaignId: string): Promise<string | null> {
    const [view] = await this.txHost.tx.query(`SELECT call_owner_id FROM payouts.campaign_views WHERE campaign_id = $1`, [campaignId]);
    return view?.call_owner_id ?? null;
  }
}
