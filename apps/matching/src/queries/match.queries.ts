import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { CampaignNotFound } from '../matching.errors';
import { CampaignMatchReadModel } from '../persistence/campaign-match.read-model';
import { CampaignRepository } from '../persistence/campaign.repository';

export interface CampaignMatch {
  campaignId: string;
  matchedAmount: number;
  reservedAmount: number;
  committedAmount: number;
  byFund: { fundId: string; ruleId: string; type: string; amount: number; status: string }[];
}

export class GetCampaignMatchQuery extends Query<CampaignMatch> {
  constructor(readonly campaignId: string) {
    super();
  }
}

/** The campaign's live matches (reserved, committed, spent) per fund and rule. */
@QueryHandler(GetCampaignMatchQuery)
export class GetCampaignMatchHandler implements IQueryHandler<GetCampaignMatchQuery> {
  constructor(
    private readonly campaigns: CampaignRepository,
    private readonly reads: CampaignMatchReadModel,
  ) {}

  async execute({ campaignId }: GetCampaignMatchQuery): Promise<CampaignMatch> {
    if (!(await this.campaigns.exists(campaignId))) throw new CampaignNotFound(campaignId);
    const byFund = await this.reads.liveByFund(campaignId);
    const sum = (status?: string) => byFund.filter((f) => !status || f.status === status).reduce((a, f) => a + f.amount, 0);
    return { campaignId, matchedAmount: sum(), reservedAmount: sum('reserved'), committedAmount: sum('committed'), byFund };
  }
}
