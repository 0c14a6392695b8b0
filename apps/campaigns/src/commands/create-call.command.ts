import { randomUUID } from 'node:crypto';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Transactional } from '@nestjs-cls/transactional';
import { PROMOTER_TYPES } from '@lib/contracts';
import { Actor, InjectTx, Tx } from '@lib/platform';
import { CallRulesInvalid } from '../campaigns.errors';
import { CreateCallDto } from '../http/calls.dto';
import { CallEntity } from '../persistence/call.entity';

export class CreateCallCommand extends Command<CallEntity> {
  constructor(
    readonly actor: Actor,
    readonly input: CreateCallDto,
  ) {
    super();
  }
}

@CommandHandler(CreateCallCommand)
export class CreateCallHandler implements ICommandHandler<CreateCallCommand> {
  constructor(@InjectTx('campaigns') private readonly txHost: Tx) {}

  @Transactional('campaigns')
  async execute({ actor, input }: CreateCallCommand): Promise<CallEntity> {
    const opensAt = new Date(input.opensAt);
    const closesAt = new Date(input.closesAt);
    if (closesAt <= opensAt) throw new CallRulesInvalid('closesAt must be after opensAt');
    if (input.maxGoalAmount < input.minGoalAmount) throw new CallRulesInvalid('maxGoalAmount must be at least minGoalAmount');
    for (const [type, pct] of Object.entries(input.minCofinancingPct)) {
      if (!(PROMOTER_TYPES as readonly string[]).includes(type)) throw new CallRulesInvalid(`minCofinancingPct: unknown promoter type "${type}"`);
      if (!Number.isInteger(pct) || pct < 0 || pct > 100) throw new CallRulesInvalid(`minCofinancingPct.${type} must be an integer from 0 to 100`);
    }
    const repo = this.txHost.tx.getRepository(CallEntity);
    return repo.save(
      repo.create({
        id: randomUUID(),
        ownerId: actor.id,
        title: input.title,
        description: input.description,
        opensAt,
        closesAt,
        eligibleAreas: input.eligibleAreas,
        categories: input.categories,
        promoterTypes: input.promoterTypes,
        currency: input.currency ?? 'EUR',
        minGoalAmount: input.minGoalAmount,
        maxGoalAmount: input.maxGoalAmount,
        minCofinancingPct: input.minCofinancingPct,
        maxCampaigns: input.maxCampaigns ?? null,
      }),
    );
  }
}
