import { Inject, Injectable } from '@nestjs/common';
import {
  CampaignFailed, CampaignSucceeded, EventEnvelope, FundingClosed, FundingClosedV1, MatchFinalized, MatchFinalizedV1,
} from '@lib/contracts';
import { EventConsumer, EventHandler, OutboxWriter } from '@lib/messaging';
import { Clock, CLOCK, InjectTx, Tx } from '@lib/platform';
import { decideOutcome } from '../domain/closing';
import { CampaignEntity } from '../persistence/campaign.entity';
import { MilestoneEntity } from '../persistence/milestone.entity';

/**
 * The closing saga's decision step. pledges' funding.closed (final crowd figures) and matching's
 * match.finalized (what the match adds) may arrive in any order, twice, or late: each is recorded
 * once (first value wins), and when both are there the campaign, still live, becomes succeeded
 * (then in_delivery) or failed — exactly once, under the campaign's row lock.
 */
@Injectable()
@EventConsumer({ service: 'campaigns', events: [FundingClosed, MatchFinalized] })
export class CloseCampaignOnFinalFigures implements EventHandler {
  constructor(
    @InjectTx('campaigns') private readonly txHost: Tx,
    private readonly outbox: OutboxWriter,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async handle(envelope: EventEnvelope<FundingClosedV1 | MatchFinalizedV1>): Promise<void> {
    const tx = this.txHost.tx;
    const campaign = await tx.getRepository(CampaignEntity).findOne({ where: { id: envelope.payload.campaignId }, lock: { mode: 'pessimistic_write' } });
    if (!campaign) return; // not a campaign of ours (contract-valid but unknown): nothing to close
    await tx.query(`INSERT INTO campaigns.campaign_closings (campaign_id) VALUES ($1) ON CONFLICT DO NOTHING`, [campaign.id]);
    if (envelope.type === FundingClosed.type) {
      const p = envelope.payload as FundingClosedV1;
      await tx.query(
        `UPDATE campaigns.campaign_closings SET crowd_amount = $2, backers = $3, funding_closed_at = $4
          WHERE campaign_id = $1 AND funding_closed_at IS NULL`,
        [campaign.id, p.crowdAmount, p.backers, p.closedAt],
      );
    } else {
      const p = envelope.payload as MatchFinalizedV1;
      await tx.query(
        `UPDATE campaigns.campaign_closings SET match_amount = $2, match_by_fund = $3, match_finalized_at = $4
          WHERE campaign_id = $1 AND match_finalized_at IS NULL`,
        [campaign.id, p.matchAmount, JSON.stringify(p.byFund), envelope.occurredAt],
      );
    }
    const [closing] = await tx.query(`SELECT * FROM campaigns.campaign_closings WHERE campaign_id = $1`, [campaign.id]);
    if (!closing.funding_closed_at || !closing.match_finalized_at || closing.decided_at) return;
    if (campaign.status !== 'live' && campaign.status !== 'scheduled') return; // cancelled meanwhile: nothing to decide

    const crowdAmount = Number(closing.crowd_amount);
    const matchAmount = Number(closing.match_amount);
    const { outcome, reason } = decideOutcome({ fundingModel: campaign.fundingModel, goalAmount: campaign.goalAmount, crowdAmount, matchAmount });
    const now = this.clock.now();
    await tx.query(`UPDATE campaigns.campaign_closings SET outcome = $2, decided_at = $3 WHERE campaign_id = $1`, [campaign.id, outcome, now]);
    const milestones = await tx.getRepository(MilestoneEntity).find({ where: { campaignId: campaign.id }, order: { position: 'ASC' } });
    // Success moves straight to delivery; with no milestone (100% upfront) delivery is already complete.
    const status = outcome === 'failed' ? 'failed' : milestones.length === 0 ? 'completed' : 'in_delivery';
    await tx.getRepository(CampaignEntity).update({ id: campaign.id }, { status, statusReason: reason, closedAt: now, matchedAmount: matchAmount });
    if (outcome === 'succeeded') {
      await this.outbox.append({
        contract: CampaignSucceeded,
        aggregateId: campaign.id,
        occurredAt: now,
        payload: {
          campaignId: campaign.id, promoterId: campaign.promoterId, currency: campaign.currency, goalAmount: campaign.goalAmount,
          crowdAmount, matchAmount, upfrontSharePct: campaign.upfrontSharePct, failedMilestonePolicy: campaign.failedMilestonePolicy,
          milestones: milestones.map((m) => ({
            milestoneId: m.id, payoutSharePct: m.payoutSharePct, paymentRule: m.paymentRule, minAchievementPct: m.minAchievementPct,
            baseline: m.baseline, target: m.target,
          })),
        },
      });
    } else {
      await this.outbox.append({
        contract: CampaignFailed,
        aggregateId: campaign.id,
        occurredAt: now,
        payload: { campaignId: campaign.id, crowdAmount, matchAmount, goalAmount: campaign.goalAmount, reason },
      });
    }
  }
}
