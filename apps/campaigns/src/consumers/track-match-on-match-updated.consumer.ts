import { Injectable } from '@nestjs/common';
import { EventEnvelope, MatchUpdated, MatchUpdatedV1 } from '@lib/contracts';
import { EventConsumer, EventHandler } from '@lib/messaging';
import { CampaignProgressRepository } from '../persistence/campaign-progress.repository';

/**
 * The match part of the progress bar. match.updated carries the campaign's whole live match (not a
 * delta) and travels on the campaign's key, so the latest one wins and a redelivery is harmless.
 */
@Injectable()
@EventConsumer({ service: 'campaigns', events: [MatchUpdated] })
export class TrackMatchOnMatchUpdated implements EventHandler {
  constructor(private readonly progress: CampaignProgressRepository) {}

  async handle({ payload }: EventEnvelope<MatchUpdatedV1>): Promise<void> {
    await this.progress.setMatchedAmount(payload.campaignId, payload.matchedAmount);
  }

  /** A batch's events in order: each one overwrites the last, so only each campaign's last one is written (in id order). */
  async handleBatch(envelopes: EventEnvelope<MatchUpdatedV1>[]): Promise<void> {
    const last = new Map(envelopes.map(({ payload }) => [payload.campaignId, payload.matchedAmount]));
    for (const [campaignId, matchedAmount] of [...last].sort(([a], [b]) => (a < b ? -1 : 1))) {
      await this.progress.setMatchedAmount(campaignId, matchedAmount);
    }
  }
}
