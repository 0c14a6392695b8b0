import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { Clock, CLOCK } from '@lib/platform';
import { computeRound, roundStatus } from '../domain/quadratic-round';
import { FundRepository } from '../persistence/fund.repository';
import { RoundReadModel } from '../persistence/round.read-model';
import { RoundRepository } from '../persistence/round.repository';
import { RuleRepository } from '../persistence/rule.repository';

export interface RoundView {
  ruleId: string;
  fundId: string;
  /** open: before roundEndsAt; closing: ended, awaiting the cut-off tally and the pledges it counts; final. */
  status: 'open' | 'closing' | 'final';
  roundStartsAt: string;
  roundEndsAt: string;
  poolAmount: number;
  unallocatedAmount: number;
  results: { campaignId: string; donors: number; contributionsAmount: number; matchAmount: number }[];
}

export class GetRoundQuery extends Query<RoundView> {
  constructor(readonly ruleId: string) {
    super();
  }
}

/**
 * A quadratic round: live estimates while open (same computation on the pledges so far, the pool
 * being the fund's available money) and while closing, the final amounts once finalized.
 */
@QueryHandler(GetRoundQuery)
export class GetRoundHandler implements IQueryHandler<GetRoundQuery> {
  constructor(
    private readonly rules: RuleRepository,
    private readonly rounds: RoundRepository,
    private readonly reads: RoundReadModel,
    private readonly funds: FundRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ ruleId }: GetRoundQuery): Promise<RoundView> {
    const rule = await this.rules.getQuadratic(ruleId);
    const base = { ruleId, fundId: rule.fundId, roundStartsAt: rule.params.roundStartsAt, roundEndsAt: rule.params.roundEndsAt };
    const final = await this.rounds.findFinal(ruleId);
    if (final) return { ...base, status: 'final', ...final };
    const round = computeRound(rule.params, await this.funds.available(rule.fundId), await this.reads.contributions(rule));
    return {
      ...base,
      status: roundStatus(this.clock.now(), rule.params),
      poolAmount: round.poolAmount,
      unallocatedAmount: round.unallocatedAmount,
      results: round.results.map(({ campaignId, donors, contributionsAmount, matchAmount }) => ({ campaignId, donors, contributionsAmount, matchAmount })),
    };
  }
}
