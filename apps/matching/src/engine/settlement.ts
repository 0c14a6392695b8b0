import { Injectable } from '@nestjs/common';
import { InjectTx, Tx } from '@lib/platform';
import { PoolLedger } from './pool-ledger';

/**
 * A campaign's outcome settles its reserved matches: success commits them (reserved → committed),
 * failure or cancellation releases them to the pool (reserved → available), where they can match
 * other campaigns — or to the funder (returned) if the fund is closed. Allocation rows and fund
 * buckets move in one statement pair per fund, inside the caller's transaction, so the pool
 * identity holds at every commit. Idempotent: what is no longer reserved does not move again.
 */
@Injectable()
export class Settlement {
  constructor(
    @InjectTx('matching') private readonly txHost: Tx,
    private readonly pools: PoolLedger,
  ) {}

  async fundsOf(campaignId: string): Promise<string[]> {
    const funds: { fund_id: string }[] = await this.txHost.tx.query(`SELECT DISTINCT fund_id FROM matching.match_allocations WHERE campaign_id = $1`, [campaignId]);
    return funds.map((f) => f.fund_id);
  }

  /** Settles what is still reserved for the campaign; returns whether anything moved. Locks the campaign's funds. */
  async settle(campaignId: string, succeeded: boolean): Promise<boolean> {
    const tx = this.txHost.tx;
    await this.pools.lockFunds(await this.fundsOf(campaignId));
    const moved: { fund_id: string; amount: string }[] = await tx.query(
      `WITH settled AS (
         UPDATE matching.match_allocations SET status = $2, updated_at = now()
          WHERE campaign_id = $1 AND status = 'reserved' RETURNING fund_id, amount)
       SELECT fund_id, sum(amount) AS amount FROM settled GROUP BY fund_id ORDER BY fund_id`,
      [campaignId, succeeded ? 'committed' : 'released'],
    );
    for (const m of moved) {
      if (succeeded) await this.pools.move(m.fund_id, Number(m.amount), 'reserved', 'committed');
      else await this.pools.free(m.fund_id, Number(m.amount), 'reserved');
    }
    // A cancellation can come before funding closed: record the outcome either way, so later pledges match nothing.
    await tx.query(
      `INSERT INTO matching.campaign_finalizations (campaign_id, match_amount, finalized_at, outcome) VALUES ($1, 0, now(), $2)
       ON CONFLICT (campaign_id) DO UPDATE SET outcome = EXCLUDED.outcome`,
      [campaignId, succeeded ? 'committed' : 'released'],
    );
    return moved.length > 0;
  }
}
