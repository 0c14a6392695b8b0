import { Inject, Injectable } from '@nestjs/common';
import { EventEnvelope, FundingClosed, FundingClosedV1, MatchFinalized, MatchFinalizedV1 } from '@lib/contracts';
import { EventConsumer, EventHandler, joinOnce } from '@lib/messaging';
import { Clock, CLOCK } from '@lib/platform';
import { awaitsClosingDecision, decideOutcome } from '../domain/closing';
import { CampaignClosingRepository, ClosingParts } from '../persistence/campaign-closing.repository';
import { CampaignEntity } from '../persistence/campaign.entity';
import { CampaignRepository } from '../persistence/campaign.repository';
import { MilestoneRepository } from '../persistence/milestone.repository';

const PARTS = ['fundingClosed', 'matchFinalized'] as const;

/**
 * The closing saga's decision step. pledges' funding.closed (final crowd figures) and matching's
 * match.finalized (what the match adds) may arrive in any order, twice, or late: each is recorded
 * once (first value wins), and when both are there the campaign, still live, becomes succeeded
 * (then in_delivery) or failed — exactly once, under the campaign's row lock (joinOnce).
 */
@Injectable()
@EventConsumer({ service: 'campaigns', events: [FundingClosed, MatchFinalized] })
export class CloseCampaignOnFinalFigures implements EventHandler {
  constructor(
    private readonly campaigns: CampaignRepository,
    private readonly closings: CampaignClosingRepository,
    private readonly milestones: MilestoneRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async handle(envelope: EventEnvelope<FundingClosedV1 | MatchFinalizedV1>): Promise<void> {
    const campaign = await this.campaigns.findForUpdate(envelope.payload.campaignId);
    if (!campaign) return; // not a campaign of ours (contract-valid but unknown): nothing to close
    const now = this.clock.now();
    const store = this.closings.join(now);
    const decide = (parts: ClosingParts) => this.decide(campaign, parts, now);
    if (envelope.type === FundingClosed.type) {
      const p = envelope.payload as FundingClosedV1;
      await joinOnce(store, campaign.id, 'fundingClosed', { crowdAmount: p.crowdAmount, backers: p.backers, closedAt: p.closedAt }, PARTS, decide);
    } else {
      const p = envelope.payload as MatchFinalizedV1;
      await joinOnce(store, campaign.id, 'matchFinalized', { matchAmount: p.matchAmount, byFund: p.byFund, finalizedAt: envelope.occurredAt }, PARTS, decide);
    }
  }

  private async decide(campaign: CampaignEntity, parts: ClosingParts, now: Date): Promise<boolean> {
    if (!awaitsClosingDecision(campaign.status)) return false; // cancelled meanwhile: nothing to decide
    const crowdAmount = parts.fundingClosed.crowdAmount;
    const matchAmount = parts.matchFinalized.matchAmount;
    const { outcome, reason } = decideOutcome({ fundingModel: campaign.fundingModel, goalAmount: campaign.goalAmount, crowdAmount, matchAmount });
    await this.closings.recordOutcome(campaign.id, outcome, now);
    // with campaign.succeeded (the payout plan) or campaign.failed
    await this.campaigns.close(campaign, { outcome, reason, crowdAmount, matchAmount }, await this.milestones.listOf(campaign.id), now);
    return true;
  }
}
