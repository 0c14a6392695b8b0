import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { Actor, DomainError, Forbidden, hasRole } from '@lib/platform';
import { renderReceipt } from '../domain/receipt';
import { CampaignViewRepository } from '../persistence/campaign-view.repository';
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

export class ListMyPledgesQuery extends Query<PledgeEntity[]> {
  constructor(readonly actor: Actor) {
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

@QueryHandler(ListMyPledgesQuery)
export class ListMyPledgesHandler implements IQueryHandler<ListMyPledgesQuery> {
  constructor(private readonly pledges: PledgeRepository) {}

  execute({ actor }: ListMyPledgesQuery): Promise<PledgeEntity[]> {
    return this.pledges.listByDonor(actor.id);
  }
}

export class GetReceiptQuery extends Query<string> {
  constructor(
    readonly actor: Actor,
    readonly id: string,
  ) {
    super();
  }
}

/** The HTML receipt of a confirmed (or since refunded) pledge, for its donor or an admin. */
@QueryHandler(GetReceiptQuery)
export class GetReceiptHandler implements IQueryHandler<GetReceiptQuery> {
  constructor(
    private readonly campaigns: CampaignViewRepository,
    private readonly pledges: GetPledgeHandler,
  ) {}

  async execute({ actor, id }: GetReceiptQuery): Promise<string> {
    const pledge = await this.pledges.execute(new GetPledgeQuery(actor, id));
    if (!pledge.confirmedAt || (pledge.status !== 'confirmed' && pledge.status !== 'refunded')) {
      throw new DomainError(PledgesErrorCode.RECEIPT_NOT_AVAILABLE, 'conflict', `A receipt exists for paid pledges; this one is ${pledge.status}`);
    }
    const campaign = await this.campaigns.getOrFail(pledge.campaignId);
    return renderReceipt({
      pledgeId: pledge.id, amount: pledge.amount, currency: pledge.currency, confirmedAt: pledge.confirmedAt, status: pledge.status,
      refundedAt: pledge.refundedAt, donorName: pledge.displayName ?? pledge.donorId, campaignTitle: campaign.title, campaignId: campaign.campaignId,
      promoterName: campaign.promoterName ?? campaign.promoterId,
    });
  }
}
