import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';

import { InjectTx, NotFound, Tx } from '@lib/platform';
import { FundView } from '../http/funds.dto';
import { FundEntity } from '../persistence/fund.entity';

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
    return { ...fund, rules: [] };
  }
}
