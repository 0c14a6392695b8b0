import { Injectable } from '@nestjs/common';
import { MatchingFigures, messagingFigures } from '@lib/ledger';
import { cents, centsOrNull, currencyCode, InjectTx, integer, Tx } from '@lib/platform';

/** A fund's buckets, as the platform audit reads them (libs/ledger's MatchingFigures: the contract of GET /audit/matching/figures). */
export type FundFigures = MatchingFigures['funds'][number];
export interface CampaignPledgeFigures {
  campaignId: string;
  confirmedCount: number;
  confirmedAmount: number;
  refundedCount: number;
  refundedAmount: number;
}
export interface AllocationFigures {
  campaignId: string;
  fundId: string;
  committed: number;
  reserved: number;
}
export interface RuleMatchFigures {
  ruleId: string;
  fundId: string;
  campaignId: string;
  type: string;
  params: Record<string, unknown>;
  amount: number;
  maxPledge: number;
  maxDonor: number;
  goalAmount: number | null;
  poolAmount: number | null;
}

/** The figures GET /audit/matching/figures reports, from this service's own tables (docs/audit.md). */
@Injectable()
export class AuditFiguresReadModel {
  constructor(@InjectTx('matching') private readonly txHost: Tx) {}

  messaging(): ReturnType<typeof messagingFigures> {
    return messagingFigures(this.txHost.tx, 'matching');
  }

  /** Every fund's buckets, in id order. */
  async funds(): Promise<FundFigures[]> {
    const funds: Record<string, unknown>[] = await this.txHost.tx.query(
      `SELECT f.id, f.currency, f.budget_amount, f.available, f.reserved, f.committed, f.spent, f.returned, f.closed_at IS NOT NULL AS closed,
              coalesce((SELECT sum(r.amount) FROM matching.fund_returns r WHERE r.fund_id = f.id), 0) AS returns_received
         FROM matching.funds f ORDER BY f.id`,
    );
    return funds.map((f) => ({
      fundId: String(f.id),
      currency: currencyCode(f.currency, 'funds.currency'),
      budget: cents(f.budget_amount, 'funds.budget_amount'),
      available: cents(f.available, 'funds.available'),
      reserved: cents(f.reserved, 'funds.reserved'),
      committed: cents(f.committed, 'funds.committed'),
      spent: cents(f.spent, 'funds.spent'),
      returned: cents(f.returned, 'funds.returned'),
      closed: Boolean(f.closed),
      returnsReceived: cents(f.returns_received, 'returns_received'),
    }));
  }

  /** Per campaign, its confirmed and refunded pledges (count and amount). */
  async pledges(): Promise<CampaignPledgeFigures[]> {
    const pledges: Record<string, unknown>[] = await this.txHost.tx.query(
      `SELECT campaign_id, count(*) FILTER (WHERE status = 'confirmed') AS confirmed_count,
              coalesce(sum(amount) FILTER (WHERE status = 'confirmed'), 0) AS confirmed_amount,
              count(*) FILTER (WHERE status = 'refunded') AS refunded_count,
              coalesce(sum(amount) FILTER (WHERE status = 'refunded'), 0) AS refunded_amount
         FROM matching.campaign_pledges GROUP BY campaign_id`,
    );
    return pledges.map((p) => ({
      campaignId: String(p.campaign_id),
      confirmedCount: integer(p.confirmed_count, 'confirmed_count'),
      confirmedAmount: cents(p.confirmed_amount, 'confirmed_amount'),
      refundedCount: integer(p.refunded_count, 'refunded_count'),
      refundedAmount: cents(p.refunded_amount, 'refunded_amount'),
    }));
  }

  /** Per campaign and fund (in that order), what is committed and reserved. */
  async allocations(): Promise<AllocationFigures[]> {
    const allocations: Record<string, unknown>[] = await this.txHost.tx.query(
      `SELECT campaign_id, fund_id, coalesce(sum(amount) FILTER (WHERE status = 'committed'), 0) AS committed,
              coalesce(sum(amount) FILTER (WHERE status = 'reserved'), 0) AS reserved
         FROM matching.match_allocations GROUP BY campaign_id, fund_id ORDER BY campaign_id, fund_id`,
    );
    return allocations.map((a) => ({
      campaignId: String(a.campaign_id),
      fundId: String(a.fund_id),
      committed: cents(a.committed, 'committed'),
      reserved: cents(a.reserved, 'reserved'),
    }));
  }

  /** The live match per rule and campaign, its largest per pledge and per donor, with what the rule's caps depend on. */
  async ruleMatches(): Promise<RuleMatchFigures[]> {
    const perRule: Record<string, unknown>[] = await this.txHost.tx.query(
      `WITH live AS (SELECT * FROM matching.match_allocations WHERE status IN ('reserved', 'committed') AND rule_id IS NOT NULL),
            by_pledge AS (SELECT rule_id, campaign_id, max(amount) AS m FROM live WHERE pledge_id IS NOT NULL GROUP BY rule_id, campaign_id),
            by_donor AS (SELECT rule_id, campaign_id, max(s) AS m FROM (SELECT rule_id, campaign_id, donor_id, sum(amount) AS s FROM live WHERE donor_id IS NOT NULL GROUP BY rule_id, campaign_id, donor_id) d GROUP BY rule_id, campaign_id)
       SELECT l.rule_id, l.fund_id, l.campaign_id, r.type, r.params, sum(l.amount) AS amount, coalesce(bp.m, 0) AS max_pledge, coalesce(bd.m, 0) AS max_donor,
              v.goal_amount, ro.pool_amount
         FROM live l JOIN matching.rules r ON r.id = l.rule_id
         LEFT JOIN by_pledge bp ON bp.rule_id = l.rule_id AND bp.campaign_id = l.campaign_id
         LEFT JOIN by_donor bd ON bd.rule_id = l.rule_id AND bd.campaign_id = l.campaign_id
         LEFT JOIN matching.campaign_views v ON v.campaign_id = l.campaign_id
         LEFT JOIN matching.rounds ro ON ro.rule_id = l.rule_id
        GROUP BY l.rule_id, l.fund_id, l.campaign_id, r.type, r.params, bp.m, bd.m, v.goal_amount, ro.pool_amount`,
    );
    return perRule.map((r) => ({
      ruleId: String(r.rule_id),
      fundId: String(r.fund_id),
      campaignId: String(r.campaign_id),
      type: String(r.type),
      params: (typeof r.params === 'string' ? JSON.parse(r.params) : r.params) as Record<string, unknown>,
      amount: cents(r.amount, 'amount'),
      maxPledge: cents(r.max_pledge, 'max_pledge'),
      maxDonor: cents(r.max_donor, 'max_donor'),
      goalAmount: centsOrNull(r.goal_amount, 'campaign_views.goal_amount'),
      poolAmount: centsOrNull(r.pool_amount, 'rounds.pool_amount'),
    }));
  }
}
