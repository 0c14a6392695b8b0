import { Injectable } from '@nestjs/common';
import { DonorShareRefunded, DonorShareRefundedV1, EventEnvelope } from '@lib/contracts';
import { EventConsumer, EventHandler } from '@lib/messaging';
import { EscrowRepository } from '../persistence/escrow.repository';

/** The donors got their forfeited share back: it leaves the campaign's refunds account. */
@Injectable()
@EventConsumer({ service: 'payouts', events: [DonorShareRefunded] })
export class RecordDonorRefundsOnDonorShareRefunded implements EventHandler {
  constructor(private readonly escrow: EscrowRepository) {}

  async handle({ payload }: EventEnvelope<DonorShareRefundedV1>): Promise<void> {
    await this.escrow.donorShareRefunded(payload);
  }
}
