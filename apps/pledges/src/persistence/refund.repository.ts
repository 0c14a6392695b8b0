import { Injectable } from '@nestjs/common';
import { DonorShareRefunded, DonorShareRefundRequestedV1 } from '@lib/contracts';
import { OutboxWriter } from '@lib/messaging';
import { cents, InjectTx, Tx } from '@lib/platform';

/** A provider refund queued and not made yet ('full' for a whole pledge, else the donors' share request id). */
export interface PendingProviderRefund {
  pledgeId: string;
  reference: string;
  amount: number;
  paymentRef: string;
}

/** pledges.provider_refunds (the refunds to make at the provider after commit) and pledges.partial_refunds (donors' share parts). */
@Injectable()
export class RefundRepository {
  constructor(
    @InjectTx('pledges') private readonly txHost: Tx,
    private readonly outbox: OutboxWriter,
  ) {}

  /** Provider calls are made outside database transactions: the caller checks with this. */
  isTransactionActive(): boolean {
    return this.txHost.isTransactionActive();
  }

  /** Once per pledge and reference (a repeat does nothing). */
  async queue(r: { pledgeId: string; paymentRef: string; amount: number; reference?: string }): Promise<void> {
    await this.txHost.tx.query(
      `INSERT INTO pledges.provider_refunds (pledge_id, reference, amount, payment_ref) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
      [r.pledgeId, r.reference ?? 'full', r.amount, r.paymentRef],
    );
  }

  /** Up to 200 pending provider refunds, oldest first (of these pledges, or all). */
  async pending(pledgeIds: string[] | null): Promise<PendingProviderRefund[]> {
    const due: { pledge_id: string; reference: string; amount: string; payment_ref: string }[] = await this.txHost.tx.query(
      `SELECT pledge_id, reference, amount, payment_ref FROM pledges.provider_refunds
        WHERE status = 'pending' AND ($1::uuid[] IS NULL OR pledge_id = ANY($1::uuid[])) ORDER BY created_at LIMIT 200`,
      [pledgeIds],
    );
    return due.map((r) => ({ pledgeId: r.pledge_id, reference: r.reference, amount: cents(r.amount, 'amount'), paymentRef: r.payment_ref }));
  }

  /** The provider made it: done, with its reference (on the donors' share part too, when it is one). */
  async markDone(r: PendingProviderRefund, refundRef: string): Promise<void> {
    await this.txHost.tx.query(
      `UPDATE pledges.provider_refunds SET status = 'done', refund_ref = $3, done_at = now(), last_error = NULL WHERE pledge_id = $1 AND reference = $2`,
      [r.pledgeId, r.reference, refundRef],
    );
    if (r.reference !== 'full') {
      await this.txHost.tx.query(`UPDATE pledges.partial_refunds SET refund_ref = $3 WHERE request_id::text = $2 AND pledge_id = $1`, [
        r.pledgeId,
        r.reference,
        refundRef,
      ]);
    }
  }

  /** One more failed attempt; after maxAttempts the refund stops being retried ('failed', for an admin). */
  async recordFailure(r: PendingProviderRefund, message: string, maxAttempts: number): Promise<void> {
    await this.txHost.tx.query(
      `UPDATE pledges.provider_refunds SET attempts = attempts + 1, last_error = $3, status = CASE WHEN attempts + 1 >= $4 THEN 'failed' ELSE 'pending' END
        WHERE pledge_id = $1 AND reference = $2`,
      [r.pledgeId, r.reference, message, maxAttempts],
    );
  }

  /** Whether this donors' share refund request was already split over the pledges. */
  async shareRefundDone(requestId: string): Promise<boolean> {
    const done = await this.txHost.tx.query(`SELECT 1 FROM pledges.partial_refunds WHERE request_id = $1 LIMIT 1`, [requestId]);
    return done.length > 0;
  }

  async recordSharePart(requestId: string, pledgeId: string, amount: number): Promise<void> {
    await this.txHost.tx.query(`INSERT INTO pledges.partial_refunds (request_id, pledge_id, amount) VALUES ($1, $2, $3)`, [requestId, pledgeId, amount]);
  }

  /** The donors' share request is split (its parts recorded): donor_share.refunded says how much went back over how many pledges. */
  async announceShareRefunded(request: DonorShareRefundRequestedV1, refunded: { amount: number; pledges: number }): Promise<void> {
    const payload = {
      requestId: request.requestId,
      campaignId: request.campaignId,
      amount: refunded.amount,
      currency: request.currency,
      pledges: refunded.pledges,
    };
    await this.outbox.append({ contract: DonorShareRefunded, aggregateId: request.requestId, payload });
  }
}
