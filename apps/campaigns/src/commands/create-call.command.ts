import { randomUUID } from 'node:crypto';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Transactional } from '@nestjs-cls/transactional';
import { PROMOTER_TYPES } from '@lib/contracts';
import { Actor } from '@lib/platform';
import { CallRulesInvalid } from '../campaigns.errors';
import { CallEntity } from '../persistence/call.entity';
import { CallRepository } from '../persistence/call.repository';

/** A call for proposals as the funder opens it (dates as ISO 8601, amounts in cents). */
export interface CreateCallInput {
  title: string;
  description: string;
  opensAt: string;
  closesAt: string;
  eligibleAreas: string[];
  categories: string[];
  promoterTypes: string[];
  currency?: string;
  minGoalAmount: number;
  maxGoalAmount: number;
  minCofinancingPct: Record<string, number>;
  maxCampaigns?: number;
}

export class CreateCallCommand extends Command<CallEntity> {
  constructor(
    readonly actor: Actor,
    readonly input: CreateCallInput,
  ) {
    super();
  }
}

@CommandHandler(CreateCallCommand)
export class CreateCallHandler implements ICommandHandler<CreateCallCommand> {
  constructor(private readonly calls: CallRepository) {}

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
    return this.calls.create({
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
    });
  }
}
