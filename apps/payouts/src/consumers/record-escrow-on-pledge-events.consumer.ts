import { Injectable } from '@nestjs/common';
import { EventEnvelope, PledgeConfirmed, PledgeConfirmedV1, PledgeRefunded, PledgeRefundedV1 } from '@lib/contracts';
import { EventConsumer, EventHandler } from '@lib/messaging';
import { EscrowRepository } from '../persistence/escrow.repository';
import { RefundsAfterClose } from '../services/refunds-after-close';

/**
 * Collected donor money enters the campaign's escrow; a refund takes it out again — after funding
 * closed, out of what the tranche plan has not released yet (RefundsAfterClose).
 */
@Injectable()
@EventConsumer({ service: 'payouts', events: [PledgeConfirmed, PledgeRefunded] })
export class RecordEscrowOnPledgeEvents implements EventHandler {
  constructor(
    private readonly escrow: EscrowRepository,
    private readonly afterClose: RefundsAfterClose,
  ) {}

  async handle(envelope: EventEnvelope<PledgeConfirmedV1 | PledgeRefundedV1>): Promise<void> {
    const { pledgeId, campaignId, amount, currency } = envelope.payload;
    if (envelope.type === PledgeConfirmed.type) await this.escrow.collected({ pledgeId, campaignId, amount, currency });
    else if ((envelope.payload as PledgeRefundedV1).countedAtClose) await this.afterClose.crowdRefunded({ pledgeId, campaignId, amount, currency });
    else await this.escrow.refunded({ pledgeId, campaignId, amount, currency });
  }
}
