import { cents, centsOrNull, currencyCode, timestamp, timestampOrNull } from '@lib/platform';
import { CampaignViewEntity } from './campaign-view.entity';

/**
 * The campaign view as the pledge hot path reads it (create and confirm read it once each), in
 * plain SQL: one fixed statement instead of TypeORM building and aliasing it, mapped once here.
 * The column list is CampaignViewEntity's, in its order (campaign-view-rows.spec.ts checks it).
 */
export const CAMPAIGN_VIEW_COLUMNS = `campaign_id, title, promoter_id, goal_amount, currency, funding_model, starts_at, ends_at, status,
  promoter_name, end_reason, closed_at, crowd_at_close, refunded_after_close, crowd_settled`;

export interface CampaignViewRow {
  campaign_id: string;
  title: string;
  promoter_id: string;
  goal_amount: string | number;
  currency: string;
  funding_model: string;
  starts_at: Date | string;
  ends_at: Date | string;
  status: string;
  promoter_name: string | null;
  end_reason: string | null;
  closed_at: Date | string | null;
  crowd_at_close: string | number | null;
  refunded_after_close: string | number;
  crowd_settled: string | number;
}

export function toCampaignView(r: CampaignViewRow): CampaignViewEntity {
  return Object.assign(new CampaignViewEntity(), {
    campaignId: r.campaign_id,
    title: r.title,
    promoterId: r.promoter_id,
    goalAmount: cents(r.goal_amount, 'goal_amount'),
    currency: currencyCode(r.currency),
    fundingModel: r.funding_model,
    startsAt: timestamp(r.starts_at, 'starts_at'),
    endsAt: timestamp(r.ends_at, 'ends_at'),
    status: r.status,
    promoterName: r.promoter_name,
    endReason: r.end_reason,
    closedAt: timestampOrNull(r.closed_at, 'closed_at'),
    crowdAtClose: centsOrNull(r.crowd_at_close, 'crowd_at_close'),
    refundedAfterClose: cents(r.refunded_after_close, 'refunded_after_close'),
    crowdSettled: cents(r.crowd_settled, 'crowd_settled'),
  });
}
