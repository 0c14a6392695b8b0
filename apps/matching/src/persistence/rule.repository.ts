import { Injectable } from '@nestjs/common';
import { currencyCode, InjectTx, Tx } from '@lib/platform';
import { RoundParams } from '../domain/quadratic-round';
import { ruleApplies, RuleEligibility } from '../domain/rule-eligibility';
import { MatchingCampaign } from './campaign.repository';
import { QuadraticRoundNotFound } from '../matching.errors';

export type RuleType = 'ratio' | 'threshold' | 'quadratic';

export interface RuleRow {
  id: string;
  fundId: string;
  funderId: string;
  type: RuleType;
  params: Record<string, unknown>;
  eligibility: RuleEligibility;
  currency: string;
}

export interface QuadraticRule {
  id: string;
  fundId: string;
  currency: string;
  eligibility: RuleEligibility;
  params: RoundParams;
}

export interface NewRule {
  id: string;
  fundId: string;
  type: RuleType;
  params: Record<string, unknown>;
  eligibility: Record<string, unknown>;
  createdAt: Date;
}

/** matching.rules: a fund's matching rules, read through the current transaction. */
@Injectable()
export class RuleRepository {
  constructor(@InjectTx('matching') private readonly txHost: Tx) {}

  /**
   * The rules that apply to a campaign, in the documented order: by fund creation time, then rule
   * creation (matching-rules.md, "Several funds on one campaign"). Closed funds match nothing.
   */
  async applicable(campaign: MatchingCampaign, types: RuleType[]): Promise<RuleRow[]> {
    type Row = {
      id: string;
      fund_id: string;
      owner_id: string;
      type: RuleType;
      params: Record<string, unknown>;
      eligibility: RuleEligibility;
      currency: string;
    };
    const rows: Row[] = await this.txHost.tx.query(
      `SELECT r.id, r.fund_id, f.owner_id, r.type, r.params, r.eligibility, f.currency
           FROM matching.rules r JOIN matching.funds f ON f.id = r.fund_id
          WHERE r.type = ANY($1::text[]) AND f.currency = $2 AND f.closed_at IS NULL
          ORDER BY f.created_at, f.id, r.seq`,
      [types, campaign.currency],
    );
    return rows
      .filter((r) => ruleApplies(r.eligibility, campaign))
      .map((r) => ({
        id: r.id,
        fundId: r.fund_id,
        funderId: r.owner_id,
        type: r.type,
        params: r.params,
        eligibility: r.eligibility,
        currency: currencyCode(r.currency, 'funds.currency'),
      }));
  }

  /** A quadratic rule (a round) with its fund's currency; 404 when there is none with this id. */
  async getQuadratic(ruleId: string): Promise<QuadraticRule> {
    const [row] = await this.txHost.tx.query(
      `SELECT r.id, r.fund_id, r.params, r.eligibility, f.currency FROM matching.rules r JOIN matching.funds f ON f.id = r.fund_id WHERE r.id = $1 AND r.type = 'quadratic'`,
      [ruleId],
    );
    if (!row) throw new QuadraticRoundNotFound(ruleId);
    return { id: row.id, fundId: row.fund_id, currency: currencyCode(row.currency, 'funds.currency'), eligibility: row.eligibility, params: row.params };
  }

  async insert(rule: NewRule): Promise<void> {
    await this.txHost.tx.query(`INSERT INTO matching.rules (id, fund_id, type, params, eligibility, created_at) VALUES ($1, $2, $3, $4, $5, $6)`, [
      rule.id,
      rule.fundId,
      rule.type,
      JSON.stringify(rule.params),
      JSON.stringify(rule.eligibility),
      rule.createdAt,
    ]);
  }
}
