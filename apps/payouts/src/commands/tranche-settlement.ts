import { Inject, Injectable } from '@nestjs/common';
import { TranchesSettled } from '@lib/contracts';
import { OutboxWriter } from '@lib/messaging';
import { Clock, CLOCK, InjectTx, Tx } from '@lib/platform';

/**
 * A campaign's tranches are settled when every one is paid or forfeited: then nothing of its
 * money can move any more, and campaigns may call it completed (issue 17 #18). Called in the
 * transaction that pays or forfeits a tranche; the campaign's outcome row is locked first, so two
 * tranches settling at once cannot both miss the other (each would see the other unsettled) and
 * the event is sent exactly once.
 */
@Injectable()
export class TrancheSettlement {
  constructor(
    @InjectTx('payouts') private readonly txHost: Tx,
    private readonly outbox: OutboxWriter,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async reportIfSettled(campaignId: string): Promise<boolean> {
    const tx = this.txHost.tx;
    const [outcome] = await tx.query(`SELECT tranches_settled_at, planned_at FROM payouts.campaign_outcomes WHERE campaign_id = $1 FOR UPDATE`, [campaignId]);
    if (!outcome || !outcome.planned_at || outcome.tranches_settled_at) return false;
    const [c] = await tx.query(
      `SELECT count(*)::int AS tranches,
              count(*) FILTER (WHERE status = 'paid')::int AS paid,
              count(*) FILTER (WHERE status = 'forfeited')::int AS forfeited
         FROM payouts.tranches WHERE campaign_id = $1`,
      [campaignId],
    );
    if (c.tranches === 0 || c.paid + c.forfeited < c.tranches) return false;
    const now = this.clock.now();
    await tx.query(`UPDATE payouts.campaign_outcomes SET tranches_settled_at = $2 WHERE campaign_id = $1`, [campaignId, now]);
    await this.outbox.append({
      contract: TranchesSettled, aggregateId: campaignId, occurredAt: now,
      payload: { campaignId, tranches: c.tranches, paid: c.paid, forfeited: c.forfeited },
    });
    return true;
  }
}
