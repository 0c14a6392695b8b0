import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';

import { reportingSources, splitFiguresBySource } from '@lib/ledger';
import { InjectTx, NotFound, Tx } from '@lib/platform';
import { FundView } from '../http/funds.dto';
import { FundEntity } from '../persistence/fund.entity';

/**
 * Every pool figure of the fund per source: split in the declared shares by largest remainder to the
 * cent (ties by declared order, libs/ledger splitBySource), or the fund once when none are declared —
 * so the per-source figures always add up to the fund's, and are never the fund's repeated per tag.
 */
export function bySource(fund: FundEntity): FundView['bySource'] {
  const { budgetAmount, available, reserved, committed, spent, returned } = fund;
  return splitFiguresBySource({ budgetAmount, available, reserved, committed, spent, returned }, reportingSources(fund.sourceTags, fund.sourceShares));
}

export class GetFundQuery extends Query<FundView> {
  constructor(readonly id: string) {
    super();
  }
}

@QueryHandler(GetFundQuery)
export class GetFundHandler implements IQueryHandler<GetFundQuery> {
  constructor(@InjectTx('matching') private readonly txHost: Tx) {}

  async execute({ id }: GetFundQuery): Promise<FundView> {
    const fund = await this.txHost.tx.getRepository(FundEntity).findOneBy({ id });
    if (!fund) throw new NotFound('Fund', id);
    const rules: { id: string; type: string; params: Record<string, unknown>; eligibility: Record<string, unknown>; created_at: Date }[] = await this.txHost.tx.query(
      `SELECT id, type, params, eligibility, created_at FROM matching.rules WHERE fund_id = $1 ORDER BY seq`,
      [id],
    );
    return { ...fund, bySource: bySource(fund), rules: rules.map((r) => ({ id: r.id, type: r.type, ...r.params, eligibility: r.eligibility, createdAt: r.created_at })) };
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
  constructor(@InjectTx('matching') private readonly txHost: Tx) {}

  async execute({ ownerId }: ListFundsQuery): Promise<FundView[]> {
    const funds = await this.txHost.tx.getRepository(FundEntity).find({
      where: ownerId === undefined ? {} : { ownerId },
      order: { createdAt: 'ASC', id: 'ASC' },
      take: 500,
    });
    if (funds.length === 0) return [];
    const rules: { id: string; fund_id: string; type: string; params: Record<string, unknown>; eligibility: Record<string, unknown>; created_at: Date }[] = await this.txHost.tx.query(
      `SELECT id, fund_id, type, params, eligibility, created_at FROM matching.rules WHERE fund_id = ANY($1::uuid[]) ORDER BY seq`,
      [funds.map((f) => f.id)],
    );
    return funds.map((fund) => ({
      ...fund,
      bySource: bySource(fund),
      rules: rules.filter((r) => r.fund_id === fund.id).map((r) => ({ id: r.id, type: r.type, ...r.params, eligibility: r.eligibility, createdAt: r.created_at })),
    }));
  }
}
