import { Injectable } from '@nestjs/common';
import { DonorShareRefundRequested, DonorShareRefundRequestedV1, EventEnvelope } from '@lib/contracts';
import { allocate } from '@lib/ledger/money';
import { EventConsumer, EventHandler } from '@lib/messaging';
import { ProviderRefunds } from '../payments/provider-refunds';
import { CampaignViewRepository } from '../persistence/campaign-view.repository';
import { PledgeRepository } from '../persistence/pledge.repository';
import { RefundRepository } from '../persistence/refund.repository';

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
    private readonly pledges: PledgeRepository,
    private readonly campaigns: CampaignViewRepository,
    private readonly refunds: RefundRepository,
    private readonly providerRefunds: ProviderRefunds,
  ) {}

  async handle({ payload }: EventEnvelope<DonorShareRefundRequestedV1>): Promise<void> {
    if (await this.refunds.shareRefundDone(payload.requestId)) return;
    // The forfeited share left the escrow's cover for refunds, whatever the pledges below still hold.
    await this.campaigns.addCrowdSettled(payload.campaignId, payload.amount);
    const pledges = await this.pledges.lockHolding(payload.campaignId);
    const held = pledges.reduce((sum, p) => sum + p.remaining, 0);
    const amount = Math.min(payload.amount, held); // never more than the pledges still hold
    const parts =
      amount > 0
        ? allocate(
            amount,
            pledges.map((p) => p.remaining),
          )
        : [];
    let refunded = 0;
    for (const [i, pledge] of pledges.entries()) {
      const part = parts[i] ?? 0;
      if (part === 0) continue;
      // the provider refund is queued here and made after this transaction commits (ProviderRefunds), which fills refund_ref
      await this.providerRefunds.queue({ pledgeId: pledge.id, paymentRef: pledge.paymentRef, amount: part, reference: payload.requestId });
      await this.pledges.addRefundedAmount(pledge.id, part);
      await this.refunds.recordSharePart(payload.requestId, pledge.id, part);
      refunded += part;
    }
    await this.refunds.announceShareRefunded(payload, { amount: refunded, pledges: parts.filter((x) => x > 0).length });
  }
}
