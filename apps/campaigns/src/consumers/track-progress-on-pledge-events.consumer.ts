import { Injectable } from '@nestjs/common';
import { EventEnvelope, PledgeConfirmed, PledgeConfirmedV1, PledgeRefunded, PledgeRefundedV1 } from '@lib/contracts';
import { EventConsumer, EventHandler } from '@lib/messaging';
import { CampaignProgressRepository } from '../persistence/campaign-progress.repository';

type PledgeEvent = EventEnvelope<PledgeConfirmedV1 | PledgeRefundedV1>;

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

  async handle(envelope: PledgeEvent): Promise<void> {
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

  /**
   * A batch's events in order, with the effect of `handle` on each (the consumer runner's
   * handleBatch contract). Per campaign: when its events are all confirmations (the hot path: many
   * pledges to one campaign), each backer is locked and set once and the campaign row gets ONE
   * update with the sums; amounts are >= 1 (the contract) and stored totals >= 0 (floored), so no
   * step reaches a zero floor and the sums equal the steps. A campaign with a refund among its events takes `handle`, event by event,
   * in order. Campaigns (and backers) are separate rows, so they go in id order: a steady lock order.
   */
  async handleBatch(envelopes: PledgeEvent[]): Promise<void> {
    for (const [campaignId, events] of sortedGroups(envelopes, (e) => e.payload.campaignId)) {
      if (events.some((e) => e.type !== PledgeConfirmed.type)) {
        for (const e of events) await this.handle(e);
        continue;
      }
      let backers = 0;
      for (const [donorId, pledges] of sortedGroups(events, (e) => e.payload.donorId)) {
        const was = await this.progress.lockBacker(campaignId, donorId);
        const now = Math.max(0, was + sum(pledges));
        await this.progress.setBackerAmount(campaignId, donorId, now);
        backers += (now > 0 ? 1 : 0) - (was > 0 ? 1 : 0);
      }
      await this.progress.addToProgress(campaignId, { pledged: sum(events), backers, confirmedPledges: events.length });
    }
  }
}

const sum = (events: PledgeEvent[]) => events.reduce((total, e) => total + e.payload.amount, 0);

/** The events grouped by key (each group in the given order), the groups in key order. */
function sortedGroups(events: PledgeEvent[], key: (e: PledgeEvent) => string): [string, PledgeEvent[]][] {
  const groups = new Map<string, PledgeEvent[]>();
  for (const e of events) groups.set(key(e), [...(groups.get(key(e)) ?? []), e]);
  return [...groups].sort(([a], [b]) => (a < b ? -1 : 1));
}
