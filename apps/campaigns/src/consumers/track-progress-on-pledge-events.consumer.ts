import { Injectable } from '@nestjs/common';
import { EventEnvelope, PledgeConfirmed, PledgeConfirmedV1, PledgeRefunded, PledgeRefundedV1 } from '@lib/contracts';
import { EventConsumer, EventHandler } from '@lib/messaging';
import { CampaignProgressRepository } from '../persistence/campaign-progress.repository';

/**
 * Progress read model (pledged amount, distinct backers) from pledges' events. Increments are
 * commutative, so pledges of one campaign may arrive in any order; the inbox makes each count once.
 * A backer stops counting when refunds bring their total to zero. A refund takes the whole pledge
 * out (`pledgeAmount`), whatever part of it a donors' share refund paid back before.
 */
@Injectable()
@EventConsumer({ service: 'campaigns', events: [PledgeConfirmed, PledgeRefunded] })
export class TrackProgressOnPledgeEvents implements EventHandler {
  constructor(private readonly progress: CampaignProgressRepository) {}

  async handle(envelope: EventEnvelope<PledgeConfirmedV1 | PledgeRefundedV1>): Promise<void> {
    const { campaignId, donorId } = envelope.payload;
    const sign = envelope.type === PledgeConfirmed.type ? 1 : -1;
    // A refunded pledge stops counting in full, even when a pro-rata donors' share refund paid part of it back before.
    const amount = sign > 0 ? envelope.payload.amount : ((envelope.payload as PledgeRefundedV1).pledgeAmount ?? envelope.payload.amount);
    // The backer's row is locked until the transaction ends (see lockBacker: row first, then its lock).
    const was = await this.progress.lockBacker(campaignId, donorId);
    const now = Math.max(0, was + sign * amount);
    await this.progress.setBackerAmount(campaignId, donorId, now);
    const backerDelta = (now > 0 ? 1 : 0) - (was > 0 ? 1 : 0);
    await this.progress.addToProgress(campaignId, { pledged: sign * amount, backers: backerDelta, confirmedPledges: sign > 0 ? 1 : 0 });
  }
}
