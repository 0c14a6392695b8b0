import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Transactional } from '@nestjs-cls/transactional';
import { Actor, Clock, CLOCK, DomainError } from '@lib/platform';
import { achievementBps, assertVerifierIndependent, MilestoneNotVerifiable, MilestoneStateConflict, sameIndicatorValue } from '../domain/milestone';
import { CallRepository } from '../persistence/call.repository';
import { CampaignClosingRepository } from '../persistence/campaign-closing.repository';
import { CampaignProgressRepository } from '../persistence/campaign-progress.repository';
import { CampaignRepository } from '../persistence/campaign.repository';
import { MilestoneEntity } from '../persistence/milestone.entity';
import { MilestoneRepository } from '../persistence/milestone.repository';
import { CampaignsErrorCode } from '../campaigns.errors';

/** The verifier's verdict on the reported result. */
export interface VerificationInput {
  verifiedValue: number;
  approved: boolean;
  notes?: string;
}

export class VerifyMilestoneCommand extends Command<MilestoneEntity> {
  constructor(
    readonly actor: Actor,
    readonly campaignId: string,
    readonly milestoneId: string,
    readonly input: VerificationInput,
  ) {
    super();
  }
}

/**
 * An independent verifier records the verified value and the verdict; payouts acts on the event.
 * Verified carries the achievement ratio; failed forfeits the tranche.
 */
@CommandHandler(VerifyMilestoneCommand)
export class VerifyMilestoneHandler implements ICommandHandler<VerifyMilestoneCommand> {
  constructor(
    private readonly campaigns: CampaignRepository,
    private readonly milestones: MilestoneRepository,
    private readonly calls: CallRepository,
    private readonly closings: CampaignClosingRepository,
    private readonly progress: CampaignProgressRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Transactional('campaigns')
  async execute({ actor, campaignId, milestoneId, input }: VerifyMilestoneCommand): Promise<MilestoneEntity> {
    const campaign = await this.campaigns.getForUpdate(campaignId);
    const milestone = await this.milestones.get(campaignId, milestoneId);
    const call = campaign.callId ? await this.calls.find(campaign.callId) : null;
    // match.finalized lists every fund that matches the campaign (quadratic shares included: the
    // campaign waits for its rounds); the backers come from pledges' events (campaign_backers).
    const funderIds = await this.closings.matchFunderIds(campaign.id);
    const backed = await this.progress.hasBacked(campaign.id, actor.id);
    assertVerifierIndependent(actor.id, {
      promoterId: campaign.promoterId,
      callOwnerId: call?.ownerId ?? null,
      funderIds,
      backerIds: backed ? [actor.id] : [],
    });
    if (campaign.status !== 'in_delivery')
      throw new DomainError(
        CampaignsErrorCode.CAMPAIGN_NOT_IN_DELIVERY,
        'conflict',
        `Milestones are verified while the campaign is in delivery; it is ${campaign.status}`,
      );
    if (milestone.status !== 'evidence_submitted') throw new MilestoneStateConflict(milestone.status, 'be verified (evidence is needed first)');

    const now = this.clock.now();
    // A milestone stored before baseline ≠ target was enforced can never be measured: 422, not a 500.
    if (sameIndicatorValue(milestone.baseline, milestone.target)) {
      throw new MilestoneNotVerifiable(`Milestone ${milestone.id} has target = baseline (${milestone.target}); no result can be measured against it`);
    }
    const bps = achievementBps(milestone.baseline, milestone.target, input.verifiedValue);
    const status = input.approved ? 'verified' : 'failed';
    // with milestone.verified or milestone.failed: payouts acts on it
    await this.milestones.recordVerdict(
      campaign.id,
      {
        id: randomUUID(),
        milestoneId: milestone.id,
        verifierId: actor.id,
        verifiedValue: input.verifiedValue,
        approved: input.approved,
        notes: input.notes ?? '',
        verifiedAt: now,
      },
      bps,
    );
    await this.campaigns.completeIfSettled(campaign.id, now);
    return { ...milestone, status, verifiedValue: input.verifiedValue, achievementBps: bps, settledAt: now };
  }
}
