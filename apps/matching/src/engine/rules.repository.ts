import { Injectable } from '@nestjs/common';
import { DomainError, InjectTx, Tx } from '@lib/platform';
import { CampaignFacts, ruleApplies, RuleEligibility } from '../domain/rule-eligibility';

export interface RuleRow {
  id: string;
  fundId: string;
  funderId: string;
  type: 'ratio' | 'threshold' | 'quadratic';
  params: Record<string, unknown>;
  eligibility: RuleEligibility;
  currency: string;
}

export interface MatchingCampaign extends CampaignFacts {
  campaignId: string;
  goalAmount: number;
  currency: string;
}

export class CampaignNotYetKnown extends DomainError {
  constructor(id: string) {
    super('CAMPAIGN_NOT_YET_KNOWN', 'not_found', `Campaign ${id} is not known to matching (yet)`);
  }
}

/** Reads rules and campaign facts through the current transaction. */
@Injectable()
export class RulesRepository {
  constructor(@InjectTx('matching') private readonly txHost: Tx) {}

  async campaign(campaignId: string): Promise<MatchingCampaign | undefined> {
    const [row] = await this.txHost.tx.query(
      `SELECT campaign_id, call_id, area, category, promoter_type, goal_amount, currency FROM matching.campaign_views WHERE campaign_id = $1`,
      [campaignId],
    );
    return row && {
      campaignId: row.campaign_id, callId: row.call_id, area: row.area, category: row.category, promoterType: row.promoter_type,
      goalAmount: Number(row.goal_amount), currency: row.currency.trim(),
    };
  }

  /**
   * The rules that apply to a campaign, in the documented order: by fund creation time, then rule
   * creation (matching-rules.md, "Several funds on one campaign"). Closed funds match nothing.
   */
  async applicable(campaign: MatchingCampaign, types: RuleRow['type'][]): Promise<RuleRow[]> {
    const rows: { id: string; fund_id: string; owner_id: string; type: RuleRow['type']; params: Record<string, unknown>; eligibility: RuleEligibility; currency: string }[] =
      await this.txHost.tx.query(
        `SELECT r.id, r.fund_id, f.owner_id, r.type, r.params, r.eligibility, f.currency
           FROM matching.rules r JOIN matching.funds f ON f.id = r.fund_id
          WHERE r.type = ANY($1::text[]) AND f.currency = $2 AND f.closed_at IS NULL
          ORDER BY f.created_at, f.id, r.seq`,
        [types, campaign.currency],
      );
    return rows
      .filter((r) => ruleApplies(r.eligibility, campaign))
      .map((r) => ({ id: r.id, fundId: r.fund_id, funderId: r.owner_id, type: r.type, params: r.params, eligibility: r.eligibility, currency: r.currency.trim() }));
  }

  async isFinalized(campaignId: string): Promise<boolean> {
    const rows = await this.txHost.tx.query(`SELECT 1 FROM matching.campaign_finalizations WHERE campaign_id = $1`, [campaignId]);
    return rows.length > 0;
  }

  /** Live totals (confirmed, not refunded) per backer of a campaign. */
  async backerTotals(campaignId: string): Promise<Map<string, number>> {
    const rows: { donor_id: string; total: string }[] = await this.txHost.tx.query(
      `SELECT donor_id, sum(amount) AS total FROM matching.campaign_pledges WHERE campaign_id = $1 AND status = 'confirmed' GROUP BY donor_id`,
      [campaignId],
    );
    return new Map(rows.map((r) => [r.donor_id, Number(r.total)]));
  }

  /** Per backer, what funding.closed counts: confirmed pledges and those refunded after the close. */
  async countedAtCloseTotals(campaignId: string): Promise<Map<string, number>> {
    const rows: { donor_id: string; total: string }[] = await this.txHost.tx.query(
      `SELECT donor_id, sum(amount) AS total FROM matching.campaign_pledges
        WHERE campaign_id = $1 AND (status = 'confirmed' OR refund_counted_at_close) GROUP BY donor_id`,
      [campaignId],
    );
    return new Map(rows.map((r) => [r.donor_id, Number(r.total)]));
  }

  /** What a ratio rule has matched so far (live: reserved, committed or spent) in a campaign, in all and for one donor (none for null). */
  async ratioContext(ruleId: string, campaignId: string, donorId: string | null): Promise<{ campaign: number; donor: number; donorPledges: number }> {
    const [ctx] = await this.txHost.tx.query(
      `SELECT coalesce(sum(amount), 0) AS campaign_total, coalesce(sum(amount) FILTER (WHERE donor_id = $3), 0) AS donor_total,
              count(*) FILTER (WHERE donor_id = $3 AND amount > 0) AS donor_pledges
         FROM matching.match_allocations WHERE rule_id = $1 AND campaign_id = $2 AND status IN ('reserved', 'committed', 'spent')`,
      [ruleId, campaignId, donorId],
    );
    return { campaign: Number(ctx.campaign_total), donor: Number(ctx.donor_total), donorPledges: Number(ctx.donor_pledges) };
  }

  /** Whether a threshold rule holds a live grant for the campaign (a grant is never topped up). */
  async hasLiveGrant(ruleId: string, campaignId: string): Promise<boolean> {
    const rows = await this.txHost.tx.query(
      `SELECT 1 FROM matching.match_allocations WHERE rule_id = $1 AND campaign_id = $2 AND pledge_id IS NULL AND status IN ('reserved', 'committed', 'spent')`,
      [ruleId, campaignId],
    );
    return rows.length > 0;
  }
}
