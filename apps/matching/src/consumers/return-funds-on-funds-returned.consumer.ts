import { Injectable } from '@nestjs/common';
import { EventEnvelope, FundsReturned, FundsReturnedV1 } from '@lib/contracts';
import { EventConsumer, EventHandler } from '@lib/messaging';
import { InjectTx, Tx } from '@lib/platform';
import { PoolLedger } from '../engine/pool-ledger';
import { Settlement } from '../engine/settlement';

/**
 * A forfeited match share (a milestone failed, expired, or was only partly achieved) comes back
 * from payouts: committed money becomes available again, so it can match other campaigns — or, if
 * the funder closed the fund, it is counted as returned to the funder. Once per returnId.
 */
@Injectable()
@EventConsumer({ service: 'matching', events: [FundsReturned] })
export class ReturnFundsOnFundsReturned implements EventHandler {
  constructor(
    @InjectTx('matching') private readonly txHost: Tx,
    private readonly pools: PoolLedger,
    private readonly settlement: Settlement,
  ) {}

  async handle({ payload }: EventEnvelope<FundsReturnedV1>): Promise<void> {
    // Returns come only for a campaign that succeeded (its tranches exist), but campaign.succeeded
    // travels on another topic and may reach matching later: apply it first, as the spend does, so
    // the money is committed before it moves (every fund locked once, in id order).
    await this.pools.lockFunds([payload.fundId, ...(await this.settlement.fundsOf(payload.campaignId))]);
    await this.settlement.settle(payload.campaignId, true);
    const [fund] = await this.txHost.tx.query(`SELECT closed_at FROM matching.funds WHERE id = $1 FOR UPDATE`, [payload.fundId]);
    if (!fund) throw new Error(`funds.returned for unknown fund ${payload.fundId}`);
    const to = fund.closed_at ? 'returned' : 'available';
    const recorded: unknown[] = await this.txHost.tx.query(
      `INSERT INTO matching.fund_returns (return_id, fund_id, campaign_id, amount, to_bucket, reason) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (return_id) DO NOTHING RETURNING return_id`,
      [payload.returnId, payload.fundId, payload.campaignId, payload.amount, to, payload.reason],
    );
    if (recorded.length === 0) return;
    await this.pools.move(payload.fundId, payload.amount, 'committed', to);
  }
}
