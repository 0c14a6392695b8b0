import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { Actor, Forbidden, hasRole } from '@lib/platform';
import { PledgeEntity } from '../persistence/pledge.entity';
import { PledgeRepository } from '../persistence/pledge.repository';
import { PledgesErrorCode } from '../pledges.errors';

export class GetPledgeQuery extends Query<PledgeEntity> {
  constructor(
    readonly actor: Actor,
    readonly id: string,
  ) {
    super();
  }
}

/** A pledge is visible to its donor and to admins only. */
@QueryHandler(GetPledgeQuery)
export class GetPledgeHandler implements IQueryHandler<GetPledgeQuery> {
  constructor(private readonly pledges: PledgeRepository) {}

  async execute({ actor, id }: GetPledgeQuery): Promise<PledgeEntity> {
    const pledge = await this.pledges.get(id);
    if (pledge.donorId !== actor.id && !hasRole(actor, 'admin')) throw new Forbidden('This pledge belongs to another donor', PledgesErrorCode.FORBIDDEN);
    return pledge;
  }
}
