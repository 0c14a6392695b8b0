import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Transactional } from '@nestjs-cls/transactional';
import { In } from 'typeorm';
import { CampaignPublished, CampaignPublishedV1 } from '@lib/contracts';
import { OutboxWriter } from '@lib/messaging';
import { Actor, Clock, CLOCK, DomainError, Forbidden, hasRole, InjectTx, NotFound, Tx } from '@lib/platform';
import { CampaignNotEligible } from '../campaigns.errors';
import { nextStatus } from '../domain/campaign';
import { eligibilityProblems } from '../domain/eligibility';
import { CallEntity } from '../persistence/call.entity';
import { CampaignEntity } from '../persistence/campaign.entity';
import { MilestoneEntity } from '../persistence/milestone.entity';

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
    @InjectTx('campaigns') private readonly txHost: Tx,
    private readonly outbox: OutboxWriter,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Transactional('campaigns')
  async execute({ actor, campaignId, action, reason }: ReviewCampaignCommand): Promise<CampaignEntity> {
    const repo = this.txHost.tx.getRepository(CampaignEntity);
    // Row lock: two reviewers acting at once serialize here instead of both succeeding.
    const campaign = await repo.findOne({ where: { id: campaignId }, lock: { mode: 'pessimistic_write' } });
    if (!campaign) throw new NotFound('Campaign', campaignId);
    campaign.milestones = await this.txHost.tx.getRepository(MilestoneEntity).find({ where: { campaignId }, order: { position: 'ASC' } });
    const call = campaign.callId ? await this.txHost.tx.getRepository(CallEntity).findOneByOrFail({ id: campaign.callId }) : null;
    const now = this.clock.now();

    if (action === 'submit') {
      if (campaign.promoterId !== actor.id) throw new Forbidden('Only the promoter who owns this campaign may submit it');
      campaign.status = nextStatus(campaign.id, campaign.status, 'submit');
      if (call) {
        const inCall = await repo.countBy({ callId: call.id, status: In(['submitted', 'scheduled', 'live', 'succeeded', 'in_delivery', 'completed']) });
        const problems = eligibilityProblems(call, campaign, now, inCall);
        if (problems.length) throw new CampaignNotEligible(problems);
      }
    } else {
      const ownsCall = !!call && call.ownerId === actor.id && hasRole(actor, 'funder');
      if (!ownsCall && !hasRole(actor, 'admin')) throw new Forbidden('Only the funder that owns the call, or an admin, may review this campaign');
      if (action === 'reject') {
        if (!reason?.trim()) throw new DomainError('REJECT_REASON_REQUIRED', 'invalid', 'A rejection needs a reason');
        campaign.status = nextStatus(campaign.id, campaign.status, 'reject');
        campaign.statusReason = reason.trim();
      } else {
        campaign.statusReason = null;
        campaign.status = nextStatus(campaign.id, campaign.status, 'approve', now, campaign.startsAt);
        await this.outbox.append({
          contract: CampaignPublished,
          aggregateId: campaign.id,
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
          occurredAt: now,
        });
      }
    }
    await repo.update({ id: campaign.id }, { status: campaign.status, ...(action === 'submit' ? {} : { statusReason: campaign.statusReason }) });
    return campaign;
  }
}
