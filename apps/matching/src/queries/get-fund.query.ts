import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { dataSourceToken, NotFound } from '@lib/platform';
import { FundView } from '../http/funds.dto';
import { FundEntity } from '../persistence/fund.entity';

export class GetFundQuery extends Query<FundView> {
  constructor(readonly id: string) {
    super();
  }
}

@QueryHandler(GetFundQuery)
export class GetFundHandler implements IQueryHandler<GetFundQuery> {
  constructor(@Inject(dataSourceToken('matching')) private readonly ds: DataSource) {}

  async execute({ id }: GetFundQuery): Promise<FundView> {
    const fund = await this.ds.getRepository(FundEntity).findOneBy({ id });
    if (!fund) throw new NotFound('Fund', id);
    return { ...fund, rules: [] };
  }
}
