import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { NotFound } from '@lib/platform';
import { CampaignViewRepository } from '../persistence/campaign-view.repository';
import { PledgesReadModel } from '../persistence/pledges.read-model';

export interface Backer {
  amount: number;
  currency: string;
  displayName: string | null;
  message: string | null;
  confirmedAt: string;
}

export interface BackersPage {
  campaignId: string;
  items: Backer[];
  total: number;
}

export class ListCampaignBackersQuery extends Query<BackersPage> {
  constructor(
    readonly campaignId: string,
    readonly limit: number,
  ) {
    super();
  }
}

/** Public backers list: confirmed pledges only; never a donor id or email; no name when anonymous. */
@QueryHandler(ListCampaignBackersQuery)
export class ListCampaignBackersHandler implements IQueryHandler<ListCampaignBackersQuery> {
  constructor(
    private readonly campaigns: CampaignViewRepository,
    private readonly readModel: PledgesReadModel,
  ) {}

  async execute({ campaignId, limit }: ListCampaignBackersQuery): Promise<BackersPage> {
    if (!(await this.campaigns.exists(campaignId))) throw new NotFound('Campaign', campaignId);
    const { total, rows } = await this.readModel.backers(campaignId, limit);
    return {
      campaignId,
      total,
      items: rows.map((r) => ({
        amount: r.amount,
        currency: r.currency,
        displayName: r.anonymous ? null : r.displayName,
        message: r.message,
        confirmedAt: r.confirmedAt.toISOString(),
      })),
    };
  }
}
