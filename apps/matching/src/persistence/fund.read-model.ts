import { Injectable } from '@nestjs/common';
import { InjectTx, Tx } from '@lib/platform';
import { FundEntity } from './fund.entity';
import type { NewRule } from './rule.repository';

type RuleColumns = { id: string; type: string; params: Record<string, unknown>; eligibility: Record<string, unknown>; created_at: Date };

/** A fund's rule as stored (rule.repository's NewRule), its type as the column holds it. */
export type FundRuleRow = Omit<NewRule, 'type'> & { type: string };

/** The funds and their rules as GET /funds, /funds/:id and /me/funds show them. */
@Injectable()
export class FundReadModel {
  constructor(@InjectTx('matching') private readonly txHost: Tx) {}

  find(id: string): Promise<FundEntity | null> {
    return this.txHost.tx.getRepository(FundEntity).findOneBy({ id });
  }

  /** ownerId: only this funder's funds; otherwise every fund. Oldest first, at most 500. */
  list(ownerId?: string): Promise<FundEntity[]> {
    return this.txHost.tx.getRepository(FundEntity).find({
      where: ownerId === undefined ? {} : { ownerId },
      order: { createdAt: 'ASC', id: 'ASC' },
      take: 500,
    });
  }

  /** The rules of one fund, in creation order. */
  async rulesOf(fundId: string): Promise<FundRuleRow[]> {
    const rules: RuleColumns[] = await this.txHost.tx.query(
      `SELECT id, type, params, eligibility, created_at FROM matching.rules WHERE fund_id = $1 ORDER BY seq`,
      [fundId],
    );
    return rules.map((r) => ({ id: r.id, fundId, type: r.type, params: r.params, eligibility: r.eligibility, createdAt: r.created_at }));
  }

  /** The rules of several funds, in creation order. */
  async rulesOfFunds(fundIds: string[]): Promise<FundRuleRow[]> {
    const rules: (RuleColumns & { fund_id: string })[] = await this.txHost.tx.query(
      `SELECT id, fund_id, type, params, eligibility, created_at FROM matching.rules WHERE fund_id = ANY($1::uuid[]) ORDER BY seq`,
      [fundIds],
    );
    return rules.map((r) => ({ id: r.id, fundId: r.fund_id, type: r.type, params: r.params, eligibility: r.eligibility, createdAt: r.created_at }));
  }
}
