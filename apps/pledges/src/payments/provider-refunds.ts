import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { JobRegistry } from '@lib/platform';
import { RefundRepository } from '../persistence/refund.repository';
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
    private readonly refunds: RefundRepository,
    @Inject(PAYMENT_GATEWAY) private readonly gateway: PaymentGateway,
  ) {}

  onModuleInit(): void {
    this.jobs.register('pledges:provider-refunds', () => this.flush());
  }

  /** In the caller's transaction: a provider refund to make once it commits (once per pledge and reference). */
  async queue(r: { pledgeId: string; paymentRef: string; amount: number; reference?: string }): Promise<void> {
    if (r.amount <= 0) return;
    await this.refunds.queue(r);
  }

  /** Makes the pending provider refunds (of one pledge, or all); never inside a transaction. Returns how many were made. */
  async flush(filter: { pledgeIds?: string[] } = {}): Promise<number> {
    if (this.refunds.isTransactionActive()) throw new Error('provider refunds are made outside database transactions');
    const due = await this.refunds.pending(filter.pledgeIds ?? null);
    let done = 0;
    for (const r of due) {
      try {
        const { refundRef } = await this.gateway.refund({
          pledgeId: r.pledgeId,
          paymentRef: r.paymentRef,
          amount: r.amount,
          ...(r.reference === 'full' ? {} : { reference: r.reference }),
        });
        await this.refunds.markDone(r, refundRef);
        done++;
      } catch (e) {
        const message = (e as Error).message.slice(0, 500);
        this.logger.warn(`provider refund of pledge ${r.pledgeId} (${r.reference}) failed, will retry: ${message}`);
        await this.refunds.recordFailure(r, message, PROVIDER_REFUND_MAX_ATTEMPTS);
      }
    }
    return done;
  }
}
