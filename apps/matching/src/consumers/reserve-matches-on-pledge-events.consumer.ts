import { Injectable } from '@nestjs/common';
import { EventEnvelope, PledgeConfirmed, PledgeConfirmedV1, PledgeRefunded, PledgeRefundedV1 } from '@lib/contracts';
import { EventConsumer, EventHandler } from '@lib/messaging';
import { Reservations } from '../engine/reservations';

/** Matches follow confirmed crowd money: reserve on pledge.confirmed, release on pledge.refunded. */
@Injectable()
@EventConsumer({ service: 'matching', events: [PledgeConfirmed, PledgeRefunded] })
export class ReserveMatchesOnPledgeEvents implements EventHandler {
  constructor(private readonly reservations: Reservations) {}

  async handle(envelope: EventEnvelope<PledgeConfirmedV1 | PledgeRefundedV1>): Promise<void> {
    if (envelope.type === PledgeConfirmed.type) {
      const p = envelope.payload as PledgeConfirmedV1;
      await this.reservations.onConfirmed({ pledgeId: p.pledgeId, campaignId: p.campaignId, donorId: p.donorId, amount: p.amount, confirmedAt: p.confirmedAt });
    } else {
      const p = envelope.payload as PledgeRefundedV1;
      await this.reservations.onRefunded(p.pledgeId, p.campaignId, p.countedAtClose ?? false);
    }
  }
}
