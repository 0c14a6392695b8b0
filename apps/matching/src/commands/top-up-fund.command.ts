import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Transactional } from '@nestjs-cls/transactional';
import { Actor } from '@lib/platform';
import { topUp } from '../domain/pool';
import { FundClosed, FundNotOwner } from '../matching.errors';
import { FundEntity } from '../persistence/fund.entity';
import { FundRepository } from '../persistence/fund.repository';

export class TopUpFundCommand extends Command<FundEntity> {
  constructor(
    readonly actor: Actor,
    readonly fundId: string,
    readonly amount: number,
  ) {
    super();
  }
}

/** The owner grows the budget; the top-up becomes available at once. */
@CommandHandler(TopUpFundCommand)
export class TopUpFundHandler implements ICommandHandler<TopUpFundCommand> {
  constructor(private readonly funds: FundRepository) {}

  @Transactional('matching')
  async execute({ actor, fundId, amount }: TopUpFundCommand): Promise<FundEntity> {
    const fund = await this.funds.getForUpdate(fundId);
    if (fund.ownerId !== actor.id) throw new FundNotOwner('top it up');
    if (fund.closedAt) throw new FundClosed('The fund is closed');
    const next = topUp({ ...fund, budget: fund.budgetAmount }, amount);
    await this.funds.updateBudget(fundId, next.budget, next.available);
    return { ...fund, budgetAmount: next.budget, available: next.available };
  }
}
