import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { ReportingSource, reportingSources, splitFiguresBySource } from '@lib/ledger';
import { FundNotFound } from '../matching.errors';
import { FundEntity } from '../persistence/fund.entity';
import { FundReadModel, FundRuleRow } from '../persistence/fund.read-model';

/** A fund's figures for one source: its part of every pool figure (largest remainder, to the cent). */
export type FundSourceFigures = ReportingSource & Record<'budgetAmount' | 'available' | 'reserved' | 'committed' | 'spent' | 'returned', number>;

/** A fund as GET /funds/:id shows it: its row, its figures per source, its rules (params spread). */
export type FundView = FundEntity & { bySource: FundSourceFigures[]; rules: unknown[] };

/**
 * Every pool figure of the fund per source: split in the declared shares by largest remainder to the
 * cent (ties by declared order, libs/ledger splitBySource), or the fund once when none are declared —
 * so the per-source figures always add up to the fund's, and are never the fund's repeated per tag.
 */
export function bySource(fund: FundEntity): FundSourceFigures[] {
  const { budgetAmount, available, reserved, committed, spent, returned } = fund;
  return splitFiguresBySource({ budgetAmount, available, reserved, committed, spent, returned }, reportingSources(fund.sourceTags, fund.sourceShares));
}

const ruleView = (r: FundRuleRow) => ({ id: r.id, type: r.type, ...r.params, eligibility: r.eligibility, createdAt: r.createdAt });

export class GetFundQuery extends Query<FundView> {
  constructor(readonly id: string) {
    super();
  }
}

@QueryHandler(GetFundQuery)
export class GetFundHandler implements IQueryHandler<GetFundQuery> {
  constructor(private readonly reads: FundReadModel) {}

  async execute({ id }: GetFundQuery): Promise<FundView> {
    const fund = await this.reads.find(id);
    if (!fund) throw new FundNotFound(id);
    const rules = await this.reads.rulesOf(id);
    return { ...fund, bySource: bySource(fund), rules: rules.map(ruleView) };
  }
}

export class ListFundsQuery extends Query<FundView[]> {
  /** ownerId: only this funder's funds; otherwise every fund (their pools are public, as GET /funds/:id is). */
  constructor(readonly ownerId?: string) {
    super();
  }
}

@QueryHandler(ListFundsQuery)
export class ListFundsHandler implements IQueryHandler<ListFundsQuery> {
  constructor(private readonly reads: FundReadModel) {}

  async execute({ ownerId }: ListFundsQuery): Promise<FundView[]> {
    const funds = await this.reads.list(ownerId);
    if (funds.length === 0) return [];
    const rules = await this.reads.rulesOfFunds(funds.map((f) => f.id));
    return funds.map((fund) => ({
      ...fund,
      bySource: bySource(fund),
      rules: rules.filter((r) => r.fundId === fund.id).map(ruleView),
    }));
  }
}
