import { Inject, Injectable } from '@nestjs/common';
import { DonorShareRefunded, DonorShareRefundedV1, EventEnvelope } from '@lib/contracts';
import { accounts, postTransaction } from '@lib/ledger';
import { EventConsumer, EventHandler } from '@lib/messaging';
import { Clock, CLOCK, InjectTx, Tx } from '@lib/platform';

/** The donors got their forfeited share back: it leaves the campaign's refunds account. */
@Injectable()
@EventConsumer({ service: 'payouts', events: [DonorShareRefunded] })
export class RecordDonorRefundsOnDonorShareRefunded implements EventHandler {
  constructor(
    @InjectTx('payouts') private readonly txHost: Tx,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async handle({ payload }: EventEnvelope<DonorShareRefundedV1>): Promise<void> {
    await postTransaction(this.txHost.tx, 'payouts', {
      reference: `donor-refund:${payload.requestId}:paid`, kind: 'donor_share_refunded', campaignId: payload.campaignId, occurredAt: this.clock.now(),
      metadata: { pledges: payload.pledges },
      postings: [{ source: accounts.donorRefunds(payload.campaignId), destination: accounts.donors, amount: payload.amount, currency: payload.currency }],
    });
  }
}
