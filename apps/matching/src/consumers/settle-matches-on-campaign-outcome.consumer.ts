import { Injectable } from '@nestjs/common';
import {
  CampaignCancelled,
  CampaignCancelledV1,
  CampaignFailed,
  CampaignFailedV1,
  CampaignSucceeded,
  CampaignSucceededV1,
  EventEnvelope,
} from '@lib/contracts';
import { EventConsumer, EventHandler } from '@lib/messaging';
import { MatchRepository } from '../persistence/match.repository';
import { Settlement } from '../services/settlement';

/** A campaign's outcome settles its reserved matches (services/settlement.ts). */
@Injectable()
@EventConsumer({ service: 'matching', events: [CampaignSucceeded, CampaignFailed, CampaignCancelled] })
export class SettleMatchesOnCampaignOutcome implements EventHandler {
  constructor(
    private readonly settlement: Settlement,
    private readonly matches: MatchRepository,
  ) {}

  async handle(envelope: EventEnvelope<CampaignSucceededV1 | CampaignFailedV1 | CampaignCancelledV1>): Promise<void> {
    const moved = await this.settlement.settle(envelope.payload.campaignId, envelope.type === CampaignSucceeded.type);
    if (moved) await this.matches.announce(envelope.payload.campaignId);
  }
}
