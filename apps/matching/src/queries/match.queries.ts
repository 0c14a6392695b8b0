import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectTx, NotFound, Tx } from '@lib/platform';

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
  constructor(@InjectTx('matching') private readonly txHost: Tx) {}

  async execute({ campaignId }: GetCampaignMatchQuery): Promise<CampaignMatch> {
    const known = await this.txHost.tx.query(`SELECT 1 FROM matching.campaign_views WHERE campaign_id = $1`, [campaignId]);
    if (known.length === 0) throw new NotFound('Campaign', campaignId);
    const rows: { fund_id: string; rule_id: string; kind: string; status: string; amount: string }[] = await this.txHost.tx.query(
      `SELECT a.fund_id, a.rule_id, a.kind, a.status, sum(a.amount) AS amount
         FROM matching.match_allocations a JOIN matching.funds f ON f.id = a.fund_id
        WHERE a.campaign_id = $1 AND a.status IN ('reserved', 'committed', 'spent') AND a.withdrawn_at IS NULL
        GROUP BY a.fund_id, f.created_at, a.rule_id, a.kind, a.status ORDER BY f.created_at, a.fund_id, a.rule_id, a.status`,
      [campaignId],
    );
    const byFund = rows.map((r) => ({ fundId: r.fund_id, ruleId: r.rule_id, type: r.kind, amount: Number(r.amount), status: r.status }));
    const sum = (status?: string) => byFund.filter((f) => !status || f.status === status).reduce((a, f) => a + f.amount, 0);
    return { campaignId, matchedAmount: sum(), reservedAmount: sum('reserved'), committedAmount: sum('committed'), byFund };
  }
}
