import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Transactional } from '@nestjs-cls/transactional';
import { Actor, Clock, CLOCK, DomainError, Forbidden, hasRole } from '@lib/platform';
import { CampaignNotEligible, CampaignsErrorCode } from '../campaigns.errors';
import { nextStatus } from '../domain/campaign';
import { eligibilityProblems } from '../domain/eligibility';
import { CallRepository } from '../persistence/call.repository';
import { CampaignEntity } from '../persistence/campaign.entity';
import { CampaignRepository } from '../persistence/campaign.repository';
import { MilestoneRepository } from '../persistence/milestone.repository';

export type ReviewAction = 'submit' | 'approve' | 'reject';

export class ReviewCampaignCommand extends Command<CampaignEntity> {
  constructor(
    readonly actor: Actor,
    readonly campaignId: string,
    readonly action: ReviewAction,
    /** Required for reject (RejectDto): stored as the campaign's statusReason. */
    readonly reason?: string,
  ) {
    super();
  }
}

/**
 * submit (owner promoter; eligibility checked against the call), approve / reject (the funder that
 * owns the call, or an admin). Approval publishes the campaign to the other services.
 */
@CommandHandler(ReviewCampaignCommand)
export class ReviewCampaignHandler implements ICommandHandler<ReviewCampaignCommand> {
  constructor(
    private readonly campaigns: CampaignRepository,
    private readonly milestones: MilestoneRepository,
    private readonly calls: CallRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Transactional('campaigns')
  async execute({ actor, campaignId, action, reason }: ReviewCampaignCommand): Promise<CampaignEntity> {
    // Row lock: two reviewers acting at once serialize here instead of both succeeding.
    const campaign = await this.campaigns.getForUpdate(campaignId);
    campaign.milestones = await this.milestones.listOf(campaignId);
    const call = campaign.callId ? await this.calls.getOrFail(campaign.callId) : null;
    const now = this.clock.now();

    if (action === 'submit') {
      if (campaign.promoterId !== actor.id) throw new Forbidden('Only the promoter who owns this campaign may submit it');
      campaign.status = nextStatus(campaign.id, campaign.status, 'submit');
      if (call) {
        const inCall = await this.campaigns.countInCall(call.id, ['submitted', 'scheduled', 'live', 'succeeded', 'in_delivery', 'completed']);
        const problems = eligibilityProblems(call, campaign, now, inCall);
        if (problems.length) throw new CampaignNotEligible(problems);
      }
    } else {
      const ownsCall = !!call && call.ownerId === actor.id && hasRole(actor, 'funder');
      if (!ownsCall && !hasRole(actor, 'admin')) throw new Forbidden('Only the funder that owns the call, or an admin, may review this campaign');
      if (action === 'reject') {
        if (!reason?.trim()) throw new DomainError(CampaignsErrorCode.REJECT_REASON_REQUIRED, 'invalid', 'A rejection needs a reason');
        campaign.status = nextStatus(campaign.id, campaign.status, 'reject');
        campaign.statusReason = reason.trim();
      } else {
        campaign.statusReason = null;
        campaign.status = nextStatus(campaign.id, campaign.status, 'approve', now, campaign.startsAt);
        await this.campaigns.publish(campaign, call, now); // with campaign.published
        return campaign;
      }
    }
    await this.campaigns.update(campaign.id, { status: campaign.status, ...(action === 'reject' ? { statusReason: campaign.statusReason } : {}) });
    return campaign;
  }
}
