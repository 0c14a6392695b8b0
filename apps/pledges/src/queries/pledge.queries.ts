import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { Actor, Forbidden, hasRole, InjectTx, NotFound, Tx } from '@lib/platform';
import { PledgeEntity } from '../persistence/pledge.entity';

export class GetPledgeQuery extends Query<PledgeEntity> {
  constructor(
    readonly actor: Actor,
    readonly id: string,
  ) {
    super();
  }
}

export class ListMyPledgesQuery extends Query<PledgeEntity[]> {
  constructor(readonly actor: Actor) {
    super();
  }
}

/** A pledge is visible to its donor and to admins only. */
@QueryHandler(GetPledgeQuery)
export class GetPledgeHandler implements IQueryHandler<GetPledgeQuery> {
  constructor(@InjectTx('pledges') private readonly txHost: Tx) {}

  async execute({ actor, id }: GetPledgeQuery): Promise<PledgeEntity> {
    const pledge = await this.txHost.tx.getRepository(PledgeEntity).findOneBy({ id });
    if (!pledge) throw new NotFound('Pledge', id);
    if (pledge.donorId !== actor.id && !hasRole(actor, 'admin')) throw new Forbidden('This pledge belongs to another donor');
    return pledge;
  }
}

@QueryHandler(ListMyPledgesQuery)
export class ListMyPledgesHandler implements IQueryHandler<ListMyPledgesQuery> {
  constructor(@InjectTx('pledges') private readonly txHost: Tx) {}

  execute({ actor }: ListMyPledgesQuery): Promise<PledgeEntity[]> {
    return this.txHost.tx.getRepository(PledgeEntity).find({ where: { donorId: actor.id }, order: { createdAt: 'DESC' }, take: 500 });
  }
}
