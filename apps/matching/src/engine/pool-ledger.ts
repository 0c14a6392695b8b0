import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { MatchUpdated, MatchWithdrawn } from '@lib/contracts';
import { OutboxWriter } from '@lib/messaging';
import { InjectTx, Tx } from '@lib/platform';

export type Bucket = 'available' | 'reserved' | 'committed' | 'spent' | 'returned';

/**
 * Moves money between a fund's buckets and records allocations, inside the caller's transaction.
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
export class PoolLedger {
  constructor(
    @InjectTx('matching') private readonly txHost: Tx,
    private readonly outbox: OutboxWriter,
  ) {}

  async lockFunds(fundIds: string[]): Promise<Map<string, number>> {
    if (fundIds.length === 0) return new Map();
    const rows: { id: string; available: string }[] = await this.txHost.tx.query(
      `SELECT id, available FROM matching.funds WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
      [[...new Set(fundIds)]],
    );
    return new Map(rows.map((r) => [r.id, Number(r.available)]));
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

  async allocate(a: { fundId: string; ruleId: string; campaignId: string; pledgeId: string | null; donorId: string | null; amount: number; currency: string; kind: 'ratio' | 'threshold' | 'quadratic'; partial?: boolean; status?: 'reserved' | 'committed' }): Promise<void> {
    const status = a.status ?? 'reserved';
    await this.txHost.tx.query(
      `INSERT INTO matching.match_allocations (id, fund_id, rule_id, campaign_id, pledge_id, donor_id, amount, currency, status, kind, partial)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [randomUUID(), a.fundId, a.ruleId, a.campaignId, a.pledgeId, a.donorId, a.amount, a.currency, status, a.kind, a.partial ?? false],
    );
    await this.move(a.fundId, a.amount, 'available', status);
  }

  /** Releases live allocations matching `where` back to their funds (available, or returned when closed). */
  async release(where: string, params: unknown[]): Promise<number> {
    const released: { fund_id: string; amount: string; previous: Bucket }[] = await this.txHost.tx.query(
      `WITH target AS (SELECT id, status AS previous FROM matching.match_allocations WHERE status IN ('reserved', 'committed') AND ${where} FOR UPDATE),
            done AS (UPDATE matching.match_allocations a SET status = 'released', updated_at = now() FROM target t WHERE a.id = t.id RETURNING a.fund_id, a.amount, t.previous)
       SELECT fund_id, previous, sum(amount) AS amount FROM done GROUP BY fund_id, previous ORDER BY fund_id`,
      params,
    );
    for (const r of released) await this.free(r.fund_id, Number(r.amount), r.previous);
    return released.reduce((sum, r) => sum + Number(r.amount), 0);
  }

  async liveMatch(campaignId: string): Promise<number> {
    const [row] = await this.txHost.tx.query(
      `SELECT coalesce(sum(amount), 0) AS total FROM matching.match_allocations WHERE campaign_id = $1 AND status IN ('reserved', 'committed', 'spent') AND withdrawn_at IS NULL`,
      [campaignId],
    );
    return Number(row.total);
  }

  /**
   * Withdraws a refunded pledge's own matches from a campaign whose match is finalized: marked, not
   * moved — the money stays reserved/committed (payouts escrowed it with the finalized figures) until
   * payouts takes it out of the unreleased match shares and answers with funds.returned. Returns the
   * amount per fund, once (a withdrawn allocation is not withdrawn again).
   */
  async withdraw(pledgeId: string): Promise<{ fundId: string; amount: number }[]> {
    const rows: { fund_id: string; amount: string }[] = await this.txHost.tx.query(
      `WITH w AS (UPDATE matching.match_allocations SET withdrawn_at = now(), updated_at = now()
                   WHERE pledge_id = $1 AND status IN ('reserved', 'committed') AND withdrawn_at IS NULL RETURNING fund_id, amount)
       SELECT fund_id, sum(amount) AS amount FROM w GROUP BY fund_id ORDER BY fund_id`,
      [pledgeId],
    );
    return rows.map((r) => ({ fundId: r.fund_id, amount: Number(r.amount) })).filter((r) => r.amount > 0);
  }

  /**
   * A pledge refunded after the close whose campaign's match is finalized: its own matches are
   * withdrawn (above) and payouts hears of it (match.withdrawn) to return them from the unreleased
   * match shares; campaigns hears the lower live match.
   */
  async withdrawRefunded(pledgeId: string, campaignId: string): Promise<void> {
    const byFund = await this.withdraw(pledgeId);
    if (byFund.length === 0) return;
    const [{ currency }] = await this.txHost.tx.query(`SELECT currency FROM matching.match_allocations WHERE pledge_id = $1 LIMIT 1`, [pledgeId]);
    await this.outbox.append({ contract: MatchWithdrawn, aggregateId: campaignId, payload: { campaignId, pledgeId, currency: String(currency).trim(), byFund } });
    await this.announce(campaignId);
  }

  /** A refunded pledge's own live matches go back to their funds (the funds locked first, in id order). */
  async releasePledge(pledgeId: string, alsoLock: string[] = []): Promise<void> {
    const drawn: { fund_id: string }[] = await this.txHost.tx.query(`SELECT DISTINCT fund_id FROM matching.match_allocations WHERE pledge_id = $1`, [pledgeId]);
    await this.lockFunds([...alsoLock, ...drawn.map((d) => d.fund_id)]);
    await this.release('pledge_id = $1', [pledgeId]);
  }

  /** Tells campaigns (progress bars) the campaign's live match after a change. */
  async announce(campaignId: string): Promise<void> {
    await this.outbox.append({ contract: MatchUpdated, aggregateId: campaignId, payload: { campaignId, matchedAmount: await this.liveMatch(campaignId) } });
  }
}
