import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { Actor, DomainError } from '@lib/platform';
import { renderReceipt } from '../domain/receipt';
import { CampaignViewRepository } from '../persistence/campaign-view.repository';
import { PledgesErrorCode } from '../pledges.errors';
import { GetPledgeHandler, GetPledgeQuery } from './get-pledge.query';

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
      pledgeId: pledge.id,
      amount: pledge.amount,
      currency: pledge.currency,
      confirmedAt: pledge.confirmedAt,
      status: pledge.status,
      refundedAt: pledge.refundedAt,
      donorName: pledge.displayName ?? pledge.donorId,
      campaignTitle: campaign.title,
      campaignId: campaign.campaignId,
      promoterName: campaign.promoterName ?? campaign.promoterId,
    });
  }
}
