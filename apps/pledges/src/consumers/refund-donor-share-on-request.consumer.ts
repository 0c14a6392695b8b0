import { Injectable } from '@nestjs/common';
import { DonorShareRefunded, DonorShareRefundRequested, DonorShareRefundRequestedV1, EventEnvelope } from '@lib/contracts';
import { allocate } from '@lib/ledger/money';
import { EventConsumer, EventHandler, OutboxWriter } from '@lib/messaging';
import { InjectTx, Tx } from '@lib/platform';
import { ProviderRefunds } from '../payments/provider-refunds';

/**
 * A milestone's unearned donors' share goes back to the donors (policy refund_donor_share), pro
 * rata to what each pledge still holds: largest-remainder split (no lost cent, ties to the older
 * pledge), one partial provider refund per pledge keyed by the request, queued and made after
 * commit (a replay refunds nothing twice). The campaign's backers stay backers: it is a partial refund, not a cancelled pledge.
 */
@Injectable()
@EventConsumer({ service: 'pledges', events: [DonorShareRefundRequested] })
export class RefundDonorShareOnRequest implements EventHandler {
  constructor(
    @InjectTx('pledges') private readonly txHost: Tx,
    private readonly providerRefunds: ProviderRefunds,
    private readonly outbox: OutboxWriter,
  ) {}

  async handle({ payload }: EventEnvelope<DonorShareRefundRequestedV1>): Promise<void> {
    const tx = this.txHost.tx;
    const done = await tx.query(`SELECT 1 FROM pledges.partial_refunds WHERE request_id = $1 LIMIT 1`, [payload.requestId]);
    if (done.length > 0) return;
    // The forfeited share left the escrow's cover for refunds, whatever the pledges below still hold.
    await tx.query(`UPDATE pledges.campaign_views SET crowd_settled = crowd_settled + $2 WHERE campaign_id = $1`, [payload.campaignId, payload.amount]);
    const pledges: { id: string; payment_ref: string; remaining: string }[] = await tx.query(
      `SELECT id, payment_ref, amount_minor - refunded_amount AS remaining FROM pledges.pledges
        WHERE campaign_id = $1 AND status = 'confirmed' AND amount_minor > refunded_amount ORDER BY confirmed_at, id FOR UPDATE`,
      [payload.campaignId],
    );
    const held = pledges.reduce((sum, p) => sum + Number(p.remaining), 0);
    const amount = Math.min(payload.amount, held); // never more than the pledges still hold
    const parts = amount > 0 ? allocate(amount, pledges.map((p) => Number(p.remaining))) : [];
    let refunded = 0;
    for (const [i, pledge] of pledges.entries()) {
      const part = parts[i] ?? 0;
      if (part === 0) continue;
      // the provider refund is queued here and made after this transaction commits (ProviderRefunds), which fills refund_ref
      await this.providerRefunds.queue({ pledgeId: pledge.id, paymentRef: pledge.payment_ref, amount: part, reference: payload.requestId });
      await tx.query(`UPDATE pledges.pledges SET refunded_amount = refunded_amount + $2 WHERE id = $1`, [pledge.id, part]);
      await tx.query(`INSERT INTO pledges.partial_refunds (request_id, pledge_id, amount) VALUES ($1, $2, $3)`, [payload.requestId, pledge.id, part]);
      refunded += part;
    }
    await this.outbox.append({
      contract: DonorShareRefunded,
      aggregateId: payload.requestId,
      payload: { requestId: payload.requestId, campaignId: payload.campaignId, amount: refunded, currency: payload.currency, pledges: parts.filter((x) => x > 0).length },
    });
  }
}
