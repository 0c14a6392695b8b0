import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectTx, JobRegistry, Tx } from '@lib/platform';
import { PAYMENT_GATEWAY, PaymentGateway } from './payment-gateway';

/** After this many failed attempts a provider refund stops being retried and waits for an admin (status 'failed'). */
export const PROVIDER_REFUND_MAX_ATTEMPTS = 20;

/**
 * The provider side of refunds, outside every database transaction. The refund itself is decided
 * and booked in our transaction (the pledge refunded, pledge.refunded in the outbox), which also
 * queues the provider refund (`queue`, same transaction); `flush` makes the queued calls after
 * commit — right after the request or the saga batch, and again from the job until done. Each call
 * carries the provider idempotency key `pledge:<id>:refund:<reference>:v1`, so two replicas, or a
 * retry after a crash between the call and its bookkeeping, never refund twice.
 */
@Injectable()
export class ProviderRefunds implements OnModuleInit {
  private readonly logger = new Logger('pledges:provider-refunds');

  constructor(
    private readonly jobs: JobRegistry,
    @InjectTx('pledges') private readonly txHost: Tx,
    @Inject(PAYMENT_GATEWAY) private readonly gateway: PaymentGateway,
  ) {}

  onModuleInit(): void {
    this.jobs.register('pledges:provider-refunds', () => this.flush());
  }

  /** In the caller's transaction: a provider refund to make once it commits (once per pledge and reference). */
  async queue(r: { pledgeId: string; paymentRef: string; amount: number; reference?: string }): Promise<void> {
    if (r.amount <= 0) return;
    await this.txHost.tx.query(
      `INSERT INTO pledges.provider_refunds (pledge_id, reference, amount, payment_ref) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
      [r.pledgeId, r.reference ?? 'full', r.amount, r.paymentRef],
    );
  }

  /** Makes the pending provider refunds (of one pledge, or all); never inside a transaction. Returns how many were made. */
  async flush(filter: { pledgeIds?: string[] } = {}): Promise<number> {
    if (this.txHost.isTransactionActive()) throw new Error('provider refunds are made outside database transactions');
    const due: { pledge_id: string; reference: string; amount: string; payment_ref: string }[] = await this.txHost.tx.query(
      `SELECT pledge_id, reference, amount, payment_ref FROM pledges.provider_refunds
        WHERE status = 'pending' AND ($1::uuid[] IS NULL OR pledge_id = ANY($1::uuid[])) ORDER BY created_at LIMIT 200`,
      [filter.pledgeIds ?? null],
    );
    let done = 0;
    for (const r of due) {
      try {
        const { refundRef } = await this.gateway.refund({
          pledgeId: r.pledge_id, paymentRef: r.payment_ref, amount: Number(r.amount), ...(r.reference === 'full' ? {} : { reference: r.reference }),
        });
        await this.txHost.tx.query(`UPDATE pledges.provider_refunds SET status = 'done', refund_ref = $3, done_at = now(), last_error = NULL WHERE pledge_id = $1 AND reference = $2`, [
          r.pledge_id, r.reference, refundRef,
        ]);
        if (r.reference !== 'full') {
          await this.txHost.tx.query(`UPDATE pledges.partial_refunds SET refund_ref = $3 WHERE request_id::text = $2 AND pledge_id = $1`, [r.pledge_id, r.reference, refundRef]);
        }
        done++;
      } catch (e) {
        const message = (e as Error).message.slice(0, 500);
        this.logger.warn(`provider refund of pledge ${r.pledge_id} (${r.reference}) failed, will retry: ${message}`);
        await this.txHost.tx.query(
          `UPDATE pledges.provider_refunds SET attempts = attempts + 1, last_error = $3, status = CASE WHEN attempts + 1 >= $4 THEN 'failed' ELSE 'pending' END
            WHERE pledge_id = $1 AND reference = $2`,
          [r.pledge_id, r.reference, message, PROVIDER_REFUND_MAX_ATTEMPTS],
        );
      }
    }
    return done;
  }
}
