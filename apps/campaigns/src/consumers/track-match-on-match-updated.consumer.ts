import { Injectable } from '@nestjs/common';
import { EventEnvelope, MatchUpdated, MatchUpdatedV1 } from '@lib/contracts';
import { EventConsumer, EventHandler } from '@lib/messaging';
import { InjectTx, Tx } from '@lib/platform';

/**
 * The match part of the progress bar. match.updated carries the campaign's whole live match (not a
 * delta) and travels on the campaign's key, so the latest one wins and a redelivery is harmless.
 */
@Injectable()
@EventConsumer({ service: 'campaigns', events: [MatchUpdated] })
export class TrackMatchOnMatchUpdated implements EventHandler {
  constructor(@InjectTx('campaigns') private readonly txHost: Tx) {}

  async handle({ payload }: EventEnvelope<MatchUpdatedV1>): Promise<void> {
    await this.txHost.tx.query(`UPDATE campaigns.campaigns SET matched_amount = $2 WHERE id = $1`, [payload.campaignId, payload.matchedAmount]);
  }
}
