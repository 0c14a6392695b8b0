import { randomUUID } from 'node:crypto';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Transactional } from '@nestjs-cls/transactional';
import { Actor, Forbidden, InjectTx, NotFound, Tx } from '@lib/platform';
import { emptyPool, topUp } from '../domain/pool';
import { CreateFundDto } from '../http/funds.dto';
import { FundEntity } from '../persistence/fund.entity';

export class CreateFundCommand extends Command<FundEntity> {
  constructor(
    readonly actor: Actor,
    readonly input: CreateFundDto,
  ) {
    super();
  }
}

export class TopUpFundCommand extends Command<FundEntity> {
  constructor(
    readonly actor: Actor,
    readonly fundId: string,
    readonly amount: number,
  ) {
    super();
  }
}

@CommandHandler(CreateFundCommand)
export class CreateFundHandler implements ICommandHandler<CreateFundCommand> {
  constructor(@InjectTx('matching') private readonly txHost: Tx) {}

  @Transactional('matching')
  async execute({ actor, input }: CreateFundCommand): Promise<FundEntity> {
    const repo = this.txHost.tx.getRepository(FundEntity);
    const pool = emptyPool(input.budgetAmount);
    return repo.save(
      repo.create({
        id: randomUUID(),
        ownerId: actor.id,
        name: input.name,
        currency: input.currency,
        sourceTags: [...new Set(input.sourceTags)],
        budgetAmount: pool.budget,
        available: pool.available,
        reserved: pool.reserved,
        committed: pool.committed,
        spent: pool.spent,
        returned: pool.returned,
      }),
    );
  }
}

@CommandHandler(TopUpFundCommand)
export class TopUpFundHandler implements ICommandHandler<TopUpFundCommand> {
  constructor(@InjectTx('matching') private readonly txHost: Tx) {}

  @Transactional('matching')
  async execute({ actor, fundId, amount }: TopUpFundCommand): Promise<FundEntity> {
    const repo = this.txHost.tx.getRepository(FundEntity);
    const fund = await repo.findOne({ where: { id: fundId }, lock: { mode: 'pessimistic_write' } });
    if (!fund) throw new NotFound('Fund', fundId);
    if (fund.ownerId !== actor.id) throw new Forbidden('Only the funder that owns this fund may top it up', 'FUND_NOT_OWNER');
    const next = topUp({ ...fund, budget: fund.budgetAmount }, amount);
    await repo.update({ id: fundId }, { budgetAmount: next.budget, available: next.available });
    return { ...fund, budgetAmount: next.budget, available: next.available };
  }
}
