import { Injectable } from '@nestjs/common';
import { cents, InjectTx, Tx } from '@lib/platform';
import { FundEntity } from './fund.entity';
import { FundNotFound } from '../matching.errors';

export type Bucket = 'available' | 'reserved' | 'committed' | 'spent' | 'returned';

/**
 * matching.funds: a fund's row and its buckets, inside the caller's transaction.
 *
 * Concurrency design: the fund row is the serialization point. A reservation locks the rows of the
 * funds it may draw from (`lockFunds`, in id order, so two transactions never wait on each other in
 * a cycle), reads `available`, and moves the amount in one UPDATE; the CHECK constraints on the
 * table (no negative bucket, buckets sum to the budget) make an overdraft impossible even if code
 * were wrong. Each reservation holds the lock for a few short statements, so one hot fund sustains
 * hundreds of reservations per second — more than a civic pool sees; splitting a pool into
 * sub-pools would be the next step if a benchmark ever says otherwise.
 */
@Injectable()
export class FundRepository {
  constructor(@InjectTx('matching') private readonly txHost: Tx) {}

  private get funds() {
    return this.txHost.tx.getRepository(FundEntity);
  }

  /** Locks the funds (in id order) until the transaction ends; returns what each has available. */
  async lockFunds(fundIds: string[]): Promise<Map<string, number>> {
    if (fundIds.length === 0) return new Map();
    const rows: { id: string; available: unknown }[] = await this.txHost.tx.query(
      `SELECT id, available FROM matching.funds WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
      [[...new Set(fundIds)]],
    );
    return new Map(rows.map((r) => [r.id, cents(r.available, 'funds.available')]));
  }

  /** What each fund has available now, without a lock (a quote reserves nothing). */
  async availableOf(fundIds: string[]): Promise<Map<string, number>> {
    const rows: { id: string; available: unknown }[] = await this.txHost.tx.query(`SELECT id, available FROM matching.funds WHERE id = ANY($1::uuid[])`, [
      fundIds,
    ]);
    return new Map(rows.map((f) => [f.id, cents(f.available, 'funds.available')]));
  }

  /** One fund's available money (the pool of a round's live estimate). */
  async available(fundId: string): Promise<number> {
    const [fund] = await this.txHost.tx.query(`SELECT available FROM matching.funds WHERE id = $1`, [fundId]);
    return cents(fund.available, 'funds.available');
  }

  /** Whether the funder closed the fund (the fund exists: a rule refers to it). */
  async isClosed(fundId: string): Promise<boolean> {
    const [fund] = await this.txHost.tx.query(`SELECT closed_at FROM matching.funds WHERE id = $1`, [fundId]);
    return Boolean(fund.closed_at);
  }

  /** The fund's row locked, closed or not; undefined when unknown. */
  async closedForUpdate(fundId: string): Promise<{ closed: boolean } | undefined> {
    const [fund] = await this.txHost.tx.query(`SELECT closed_at FROM matching.funds WHERE id = $1 FOR UPDATE`, [fundId]);
    return fund && { closed: Boolean(fund.closed_at) };
  }

  async move(fundId: string, amount: number, from: Bucket, to: Bucket): Promise<void> {
    if (amount === 0) return;
    await this.txHost.tx.query(`UPDATE matching.funds SET ${from} = ${from} - $2, ${to} = ${to} + $2 WHERE id = $1`, [fundId, amount]);
  }

  /**
   * Frees `amount` of `from` (a release, a failure, a forfeit): back to available, or — when the
   * funder closed the fund — to returned, as the close itself does (docs/money-rules.md).
   */
  async free(fundId: string, amount: number, from: Bucket): Promise<void> {
    if (amount === 0) return;
    await this.txHost.tx.query(
      `UPDATE matching.funds SET ${from} = ${from} - $2,
              available = available + CASE WHEN closed_at IS NULL THEN $2 ELSE 0 END,
              returned = returned + CASE WHEN closed_at IS NULL THEN 0 ELSE $2 END
        WHERE id = $1`,
      [fundId, amount],
    );
  }

  /** Records a forfeited share coming back (once per returnId); returns whether it is new. */
  async recordReturn(r: { returnId: string; fundId: string; campaignId: string; amount: number; to: Bucket; reason: string }): Promise<boolean> {
    const recorded: unknown[] = await this.txHost.tx.query(
      `INSERT INTO matching.fund_returns (return_id, fund_id, campaign_id, amount, to_bucket, reason) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (return_id) DO NOTHING RETURNING return_id`,
      [r.returnId, r.fundId, r.campaignId, r.amount, r.to, r.reason],
    );
    return recorded.length > 0;
  }

  /** Owner and closing of a fund (no lock: a rule is added to it, its buckets do not move); undefined when unknown. */
  async findOwnership(fundId: string): Promise<{ ownerId: string; closedAt: Date | null } | undefined> {
    const [fund] = await this.txHost.tx.query(`SELECT owner_id, closed_at FROM matching.funds WHERE id = $1`, [fundId]);
    return fund && { ownerId: fund.owner_id, closedAt: fund.closed_at };
  }

  create(fund: Omit<FundEntity, 'createdAt' | 'closedAt'>): Promise<FundEntity> {
    return this.funds.save(this.funds.create(fund));
  }

  /** The fund's row locked until the transaction ends; 404 when unknown. */
  async getForUpdate(fundId: string): Promise<FundEntity> {
    const fund = await this.funds.findOne({ where: { id: fundId }, lock: { mode: 'pessimistic_write' } });
    if (!fund) throw new FundNotFound(fundId);
    return fund;
  }

  async updateBudget(fundId: string, budgetAmount: number, available: number): Promise<void> {
    await this.funds.update({ id: fundId }, { budgetAmount, available });
  }

  /** The close: what is available goes back to the funder, in one statement; returns the fund as it is now. */
  async close(fundId: string): Promise<FundEntity> {
    await this.txHost.tx.query(`UPDATE matching.funds SET returned = returned + available, available = 0, closed_at = now() WHERE id = $1`, [fundId]);
    return this.funds.findOneByOrFail({ id: fundId });
  }
}
