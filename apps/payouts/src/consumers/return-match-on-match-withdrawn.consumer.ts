import { Injectable } from '@nestjs/common';
import { EventEnvelope, MatchWithdrawn, MatchWithdrawnV1 } from '@lib/contracts';
import { EventConsumer, EventHandler } from '@lib/messaging';
import { RefundsAfterClose } from '../services/refunds-after-close';

/**
 * A pledge refunded after its campaign's match was finalized withdraws its own match: it goes back
 * to each fund from the match shares not yet released — now if the tranches exist, else when they
 * are planned (docs/money-rules.md, "Refunds after funding closed").
 */
@Injectable()
@EventConsumer({ service: 'payouts', events: [MatchWithdrawn] })
export class ReturnMatchOnMatchWithdrawn implements EventHandler {
  constructor(private readonly afterClose: RefundsAfterClose) {}

  async handle({ payload }: EventEnvelope<MatchWithdrawnV1>): Promise<void> {
    await this.afterClose.matchWithdrawn({ pledgeId: payload.pledgeId, campaignId: payload.campaignId, currency: payload.currency, byFund: payload.byFund });
  }
}
