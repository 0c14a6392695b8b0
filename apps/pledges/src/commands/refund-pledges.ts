import { Inject, Injectable } from '@nestjs/common';
import { PledgeRefunded } from '@lib/contracts';
import { OutboxWriter } from '@lib/messaging';
import { Clock, CLOCK, InjectTx, Tx } from '@lib/platform';
import { PAYMENT_GATEWAY, PaymentGateway } from '../payments/payment-gateway';
import { PledgeEntity } from '../persistence/pledge.entity';

/**
 * Refunds one confirmed pledge, in the caller's transaction: the provider refund is keyed by the
 * pledge id (a retry after a crash refunds nothing twice), the pledge becomes refunded, and
 * pledge.refunded tells matching and campaigns (unless the pledge was never announced).
 */
@Injectable()
export class RefundPledges {
  constructor(
    @InjectTx('pledges') private readonly txHost: Tx,
    @Inject(PAYMENT_GATEWAY) private readonly gateway: PaymentGateway,
    private readonly outbox: OutboxWriter,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async refund(pledge: PledgeEntity, reason: string, options: { announce: boolean } = { announce: true }): Promise<void> {
    if (pledge.status !== 'confirmed') return;
    // What the pledge still holds: a pro-rata refund of a forfeited donors' share may have taken part of it.
    const amount = pledge.amount - (pledge.refundedAmount ?? 0);
    await this.gateway.refund({ pledgeId: pledge.id, paymentRef: pledge.paymentRef ?? '', amount });
    const now = this.clock.now();
    await this.txHost.tx.getRepository(PledgeEntity).update({ id: pledge.id, status: 'confirmed' }, { status: 'refunded', refundedAt: now, refundReason: reason });
    if (options.announce) {
      await this.outbox.append({
        contract: PledgeRefunded,
        aggregateId: pledge.id,
        occurredAt: now,
        payload: { pledgeId: pledge.id, campaignId: pledge.campaignId, donorId: pledge.donorId, amount, currency: pledge.currency, reason },
      });
    }
  }
}
