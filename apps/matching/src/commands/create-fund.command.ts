import { randomUUID } from 'node:crypto';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Transactional } from '@nestjs-cls/transactional';
import { SourceShare, sourceSharesProblem } from '@lib/contracts';
import { Actor, DomainError } from '@lib/platform';
import { emptyPool } from '../domain/pool';
import { FundSourceSharesRefused, MatchingErrorCode } from '../matching.errors';
import { FundEntity } from '../persistence/fund.entity';
import { FundRepository } from '../persistence/fund.repository';

/** A new fund as its funder declares it (the controller maps CreateFundDto to this). */
export interface CreateFundInput {
  name: string;
  currency: string;
  budgetAmount: number;
  sourceTags?: string[];
  sourceShares?: { source: string; shareBps: number }[] | null;
}

export class CreateFundCommand extends Command<FundEntity> {
  constructor(
    readonly actor: Actor,
    readonly input: CreateFundInput,
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
export function fundSources(input: Pick<CreateFundInput, 'sourceTags' | 'sourceShares'>): { sourceTags: string[]; sourceShares: SourceShare[] | null } {
  if (input.sourceShares === undefined || input.sourceShares === null) return { sourceTags: [...new Set(input.sourceTags ?? [])], sourceShares: null };
  const problem = sourceSharesProblem(input.sourceShares);
  if (problem) throw new FundSourceSharesRefused(problem);
  const sourceShares = input.sourceShares.map((s) => ({ source: s.source, shareBps: s.shareBps }));
  const sources = sourceShares.map((s) => s.source);
  if (input.sourceTags !== undefined) {
    const tags = new Set(input.sourceTags);
    if (tags.size !== sources.length || sources.some((s) => !tags.has(s))) {
      const message = 'sourceTags, when given with sourceShares, must name exactly the declared sources';
      throw new DomainError(MatchingErrorCode.FUND_SOURCE_TAGS_MISMATCH, 'invalid', message);
    }
  }
  return { sourceTags: sources, sourceShares };
}

@CommandHandler(CreateFundCommand)
export class CreateFundHandler implements ICommandHandler<CreateFundCommand> {
  constructor(private readonly funds: FundRepository) {}

  @Transactional('matching')
  async execute({ actor, input }: CreateFundCommand): Promise<FundEntity> {
    const { sourceTags, sourceShares } = fundSources(input);
    const pool = emptyPool(input.budgetAmount);
    return this.funds.create({
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
    });
  }
}
