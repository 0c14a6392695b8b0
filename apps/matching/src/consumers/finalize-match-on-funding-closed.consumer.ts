import { Injectable } from '@nestjs/common';
import { EventEnvelope, FundingClosed, FundingClosedV1 } from '@lib/contracts';
import { EventConsumer, EventHandler } from '@lib/messaging';
import { MatchFinalization } from '../services/match-finalization';

/**
 * Closing saga, matching's step: when funding closes, state once what the reserved matches add
 * to the campaign — as soon as matching has applied every pledge event the close counts
 * (services/match-finalization.ts).
 */
@Injectable()
@EventConsumer({ service: 'matching', events: [FundingClosed] })
export class FinalizeMatchOnFundingClosed implements EventHandler {
  constructor(private readonly finalization: MatchFinalization) {}

  handle({ payload }: EventEnvelope<FundingClosedV1>): Promise<void> {
    return this.finalization.fundingClosed(payload);
  }
}
