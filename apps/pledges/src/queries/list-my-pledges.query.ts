import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { Actor } from '@lib/platform';
import { PledgeEntity } from '../persistence/pledge.entity';
import { PledgeRepository } from '../persistence/pledge.repository';

export class ListMyPledgesQuery extends Query<PledgeEntity[]> {
  constructor(readonly actor: Actor) {
    super();
  }
}

@QueryHandler(ListMyPledgesQuery)
export class ListMyPledgesHandler implements IQueryHandler<ListMyPledgesQuery> {
  constructor(private readonly pledges: PledgeRepository) {}

  execute({ actor }: ListMyPledgesQuery): Promise<PledgeEntity[]> {
    return this.pledges.listByDonor(actor.id);
  }
}
