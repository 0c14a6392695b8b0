import { Injectable } from '@nestjs/common';
import { cents, InjectTx, Tx } from '@lib/platform';

/** A campaign's live matches (reserved, committed, spent, not withdrawn) per fund, rule and status. */
@Injectable()
export class CampaignMatchReadModel {
  constructor(@InjectTx('matching') private readonly txHost: Tx) {}

  /** In fund creation order, then fund, rule and status. */
  async liveByFund(campaignId: string): Promise<{ fundId: string; ruleId: string; type: string; amount: number; status: string }[]> {
    const rows: { fund_id: string; rule_id: string; kind: string; status: string; amount: unknown }[] = await this.txHost.tx.query(
      `SELECT a.fund_id, a.rule_id, a.kind, a.status, sum(a.amount) AS amount
         FROM matching.match_allocations a JOIN matching.funds f ON f.id = a.fund_id
        WHERE a.campaign_id = $1 AND a.status IN ('reserved', 'committed', 'spent') AND a.withdrawn_at IS NULL
        GROUP BY a.fund_id, f.created_at, a.rule_id, a.kind, a.status ORDER BY f.created_at, a.fund_id, a.rule_id, a.status`,
      [campaignId],
    );
    return rows.map((r) => ({ fundId: r.fund_id, ruleId: r.rule_id, type: r.kind, amount: cents(r.amount, 'match_allocations.amount'), status: r.status }));
  }
}
