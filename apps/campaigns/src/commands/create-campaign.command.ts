import { randomUUID } from 'node:crypto';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Transactional } from '@nestjs-cls/transactional';
import { Actor, DomainError, InjectTx, NotFound, Tx } from '@lib/platform';
import { assertSharesSumTo100 } from '../domain/campaign';
import { sameIndicatorValue } from '../domain/milestone';
import { CreateCampaignDto } from '../http/campaigns.dto';
import { CallEntity } from '../persistence/call.entity';
import { CampaignEntity } from '../persistence/campaign.entity';
import { CallRulesInvalid } from '../campaigns.errors';

export class CreateCampaignCommand extends Command<CampaignEntity> {
  constructor(
    readonly actor: Actor,
    readonly input: CreateCampaignDto,
  ) {
    super();
  }
}

@CommandHandler(CreateCampaignCommand)
export class CreateCampaignHandler implements ICommandHandler<CreateCampaignCommand> {
  constructor(@InjectTx('campaigns') private readonly txHost: Tx) {}

  @Transactional('campaigns')
  async execute({ actor, input }: CreateCampaignCommand): Promise<CampaignEntity> {
    const startsAt = new Date(input.startsAt);
    const endsAt = new Date(input.endsAt);
    if (endsAt <= startsAt) throw new CallRulesInvalid('endsAt must be after startsAt');
    const milestones = input.milestones.map((m) => ({ ...m, dueAt: new Date(m.dueAt) }));
    assertSharesSumTo100(input.upfrontSharePct, milestones);
    milestones.forEach((m, i) => {
      if (sameIndicatorValue(m.baseline, m.target)) {
        throw new DomainError('MILESTONE_TARGET_EQUALS_BASELINE', 'invalid', `milestones[${i}]: target must differ from baseline (at a resolution of 10^-6), or no result could ever be measured`);
      }
    });
    if (input.callId && !(await this.txHost.tx.getRepository(CallEntity).existsBy({ id: input.callId }))) {
      throw new NotFound('Call', input.callId);
    }
    const id = randomUUID();
    const repo = this.txHost.tx.getRepository(CampaignEntity);
    const saved = await repo.save(
      repo.create({
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
      }),
    );
    return saved;
  }
}
