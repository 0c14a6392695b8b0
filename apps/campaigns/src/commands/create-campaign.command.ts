import { randomUUID } from 'node:crypto';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Transactional } from '@nestjs-cls/transactional';
import { Actor, DomainError, NotFound } from '@lib/platform';
import { assertSharesSumTo100 } from '../domain/campaign';
import { sameIndicatorValue } from '../domain/milestone';
import { CallRepository } from '../persistence/call.repository';
import { CampaignEntity } from '../persistence/campaign.entity';
import { CampaignRepository } from '../persistence/campaign.repository';
import { CallRulesInvalid, CampaignsErrorCode } from '../campaigns.errors';

/** One milestone of the payout plan (dueAt as ISO 8601). */
export interface MilestoneInput {
  title: string;
  indicator: string;
  unit: string;
  baseline: number;
  target: number;
  dueAt: string;
  payoutSharePct: number;
  paymentRule: 'binary' | 'proportional';
  minAchievementPct?: number;
}

/** A campaign as the promoter drafts it (amounts in cents, dates as ISO 8601). */
export interface CreateCampaignInput {
  title: string;
  summary: string;
  description: string;
  promoterName?: string;
  callId?: string;
  area: string;
  category: string;
  promoterType: string;
  goalAmount: number;
  currency: string;
  fundingModel: 'all_or_nothing' | 'keep_it_all';
  startsAt: string;
  endsAt: string;
  cofinancingAmount: number;
  upfrontSharePct: number;
  failedMilestonePolicy: 'release_donor_share' | 'refund_donor_share';
  milestones: MilestoneInput[];
}

export class CreateCampaignCommand extends Command<CampaignEntity> {
  constructor(
    readonly actor: Actor,
    readonly input: CreateCampaignInput,
  ) {
    super();
  }
}

@CommandHandler(CreateCampaignCommand)
export class CreateCampaignHandler implements ICommandHandler<CreateCampaignCommand> {
  constructor(
    private readonly campaigns: CampaignRepository,
    private readonly calls: CallRepository,
  ) {}

  @Transactional('campaigns')
  async execute({ actor, input }: CreateCampaignCommand): Promise<CampaignEntity> {
    const startsAt = new Date(input.startsAt);
    const endsAt = new Date(input.endsAt);
    if (endsAt <= startsAt) throw new CallRulesInvalid('endsAt must be after startsAt');
    const milestones = input.milestones.map((m) => ({ ...m, dueAt: new Date(m.dueAt) }));
    assertSharesSumTo100(input.upfrontSharePct, milestones);
    milestones.forEach((m, i) => {
      if (sameIndicatorValue(m.baseline, m.target)) {
        throw new DomainError(
          CampaignsErrorCode.MILESTONE_TARGET_EQUALS_BASELINE,
          'invalid',
          `milestones[${i}]: target must differ from baseline (at a resolution of 10^-6), or no result could ever be measured`,
        );
      }
    });
    if (input.callId && !(await this.calls.exists(input.callId))) {
      throw new NotFound('Call', input.callId);
    }
    const id = randomUUID();
    return this.campaigns.create({
      id,
      promoterId: actor.id,
      promoterName: input.promoterName ?? null,
      callId: input.callId ?? null,
      status: 'draft',
      title: input.title,
      summary: input.summary,
      description: input.description,
      area: input.area,
      category: input.category,
      promoterType: input.promoterType,
      goalAmount: input.goalAmount,
      currency: input.currency,
      fundingModel: input.fundingModel,
      startsAt,
      endsAt,
      cofinancingAmount: input.cofinancingAmount,
      upfrontSharePct: input.upfrontSharePct,
      failedMilestonePolicy: input.failedMilestonePolicy,
      milestones: milestones.map((m, position) => ({
        id: randomUUID(),
        campaignId: id,
        position,
        title: m.title,
        indicator: m.indicator,
        unit: m.unit,
        baseline: m.baseline,
        target: m.target,
        dueAt: m.dueAt,
        payoutSharePct: m.payoutSharePct,
        paymentRule: m.paymentRule,
        minAchievementPct: m.minAchievementPct ?? null,
        status: 'pending' as const,
      })),
    });
  }
}
