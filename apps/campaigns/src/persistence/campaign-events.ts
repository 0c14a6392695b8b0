import { CampaignFailed, CampaignPublished, CampaignPublishedV1, CampaignSucceeded } from '@lib/contracts';
import type { CallEntity } from './call.entity';
import type { CampaignEntity } from './campaign.entity';
import type { MilestoneEntity } from './milestone.entity';

/** The campaign's closing decision as campaign.succeeded / campaign.failed carry it. */
export interface ClosingDecision {
  outcome: 'succeeded' | 'failed';
  reason: string;
  crowdAmount: number;
  matchAmount: number;
}

/** campaign.published: what the other services need to take pledges for it and match them. */
export function campaignPublished(campaign: CampaignEntity, call: CallEntity | null, now: Date) {
  return {
    contract: CampaignPublished,
    aggregateId: campaign.id,
    occurredAt: now,
    payload: {
      campaignId: campaign.id,
      callId: campaign.callId,
      ...(call ? { callOwnerId: call.ownerId } : {}),
      title: campaign.title,
      promoterId: campaign.promoterId,
      ...(campaign.promoterName ? { promoterName: campaign.promoterName } : {}),
      promoterType: campaign.promoterType as CampaignPublishedV1['promoterType'],
      area: campaign.area,
      category: campaign.category,
      goalAmount: campaign.goalAmount,
      currency: campaign.currency,
      fundingModel: campaign.fundingModel,
      startsAt: campaign.startsAt.toISOString(),
      endsAt: campaign.endsAt.toISOString(),
    },
  };
}

/** campaign.failed, with the final figures and why. */
export function campaignFailed(campaign: CampaignEntity, d: ClosingDecision, now: Date) {
  const payload = { campaignId: campaign.id, crowdAmount: d.crowdAmount, matchAmount: d.matchAmount, goalAmount: campaign.goalAmount, reason: d.reason };
  return { contract: CampaignFailed, aggregateId: campaign.id, occurredAt: now, payload };
}

/** campaign.succeeded, with the payout plan payouts turns into tranches. */
export function campaignSucceeded(campaign: CampaignEntity, d: ClosingDecision, milestones: MilestoneEntity[], now: Date) {
  const { crowdAmount, matchAmount } = d;
  return {
    contract: CampaignSucceeded,
    aggregateId: campaign.id,
    occurredAt: now,
    payload: {
      campaignId: campaign.id,
      promoterId: campaign.promoterId,
      currency: campaign.currency,
      goalAmount: campaign.goalAmount,
      crowdAmount,
      matchAmount,
      upfrontSharePct: campaign.upfrontSharePct,
      failedMilestonePolicy: campaign.failedMilestonePolicy,
      milestones: milestones.map((m) => ({
        milestoneId: m.id,
        payoutSharePct: m.payoutSharePct,
        paymentRule: m.paymentRule,
        minAchievementPct: m.minAchievementPct,
        baseline: m.baseline,
        target: m.target,
      })),
    },
  };
}
