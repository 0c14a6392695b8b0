import { randomUUID } from 'node:crypto';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Transactional } from '@nestjs-cls/transactional';
import { sourceSharesProblem } from '@lib/contracts';
import { Actor, DomainError, Forbidden, InjectTx, NotFound, Tx } from '@lib/platform';
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

/**
 * The fund's sources as stored: with declared shares, they are valid (sourceSharesProblem: 400 with
 * its code) and the tags are the shares' sources in declared order (tags given too must name the same
 * sources); without shares, the tags as given (deduplicated) and no split — reported once per fund
 * (`sourceShares: null` is the same as leaving it out).
 */
export function fundSources(input: Pick<CreateFundDto, 'sourceTags' | 'sourceShares'>): { sourceTags: string[]; sourceShares: { source: string; shareBps: number }[] | null } {
  if (input.sourceShares === undefined || input.sourceShares === null) return { sourceTags: [...new Set(input.sourceTags ?? [])], sourceShares: null };
  const problem = sourceSharesProblem(input.sourceShares);
  if (problem) throw new DomainError(problem.code, 'invalid', problem.message);
  const sourceShares = input.sourceShares.map((s) => ({ source: s.source, shareBps: s.shareBps }));
  const sources = sourceShares.map((s) => s.source);
  if (input.sourceTags !== undefined) {
    const tags = new Set(input.sourceTags);
    if (tags.size !== sources.length || sources.some((s) => !tags.has(s))) {
      throw new DomainError('FUND_SOURCE_TAGS_MISMATCH', 'invalid', 'sourceTags, when given with sourceShares, must name exactly the declared sources');
    }
  }
  return { sourceTags: sources, sourceShares };
}

@CommandHandler(CreateFundCommand)
export class CreateFundHandler implements ICommandHandler<CreateFundCommand> {
  constructor(@InjectTx('matching') private readonly txHost: Tx) {}

  @Transactional('matching')
  async execute({ actor, input }: CreateFundCommand): Promise<FundEntity> {
    const { sourceTags, sourceShares } = fundSources(input);
    const repo = this.txHost.tx.getRepository(FundEntity);
    const pool = emptyPool(input.budgetAmount);
    return repo.save(
      repo.create({
        id: randomUUID(),
        ownerId: actor.id,
        name: input.name,
        currency: input.currency,
        sourceTags,
        sourceShares,
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
    if (fund.closedAt) throw new DomainError('FUND_CLOSED', 'conflict', 'The fund is closed');
    const next = topUp({ ...fund, budget: fund.budgetAmount }, amount);
    await repo.update({ id: fundId }, { budgetAmount: next.budget, available: next.available });
    return { ...fund, budgetAmount: next.budget, available: next.available };
  }
}

export class CloseFundCommand extends Command<FundEntity> {
  constructor(
    readonly actor: Actor,
    readonly fundId: string,
  ) {
    super();
  }
}

/**
 * The funder closes its fund: the money not yet promised to any campaign (available) is returned
 * to the funder, rules stop matching, and anything forfeited later comes back as returned too.
 * Reserved and committed money stays where it is: campaigns keep what they were promised.
 */
@CommandHandler(CloseFundCommand)
export class CloseFundHandler implements ICommandHandler<CloseFundCommand> {
  constructor(@InjectTx('matching') private readonly txHost: Tx) {}

  @Transactional('matching')
  async execute({ actor, fundId }: CloseFundCommand): Promise<FundEntity> {
    const repo = this.txHost.tx.getRepository(FundEntity);
    const fund = await repo.findOne({ where: { id: fundId }, lock: { mode: 'pessimistic_write' } });
    if (!fund) throw new NotFound('Fund', fundId);
    if (fund.ownerId !== actor.id) throw new Forbidden('Only the funder that owns this fund may close it', 'FUND_NOT_OWNER');
    if (fund.closedAt) throw new DomainError('FUND_CLOSED', 'conflict', 'The fund is already closed');
    await this.txHost.tx.query(`UPDATE matching.funds SET returned = returned + available, available = 0, closed_at = now() WHERE id = $1`, [fundId]);
    return repo.findOneByOrFail({ id: fundId });
  }
}
