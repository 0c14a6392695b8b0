import { Inject, Injectable } from '@nestjs/common';
import { EventEnvelope, RoundCutoffRequested, RoundCutoffRequestedV1 } from '@lib/contracts';
import { EventConsumer, EventHandler } from '@lib/messaging';
import { Clock, CLOCK, DomainError } from '@lib/platform';
import { AnnouncedConfirmations } from '../persistence/announced-confirmations.repository';
import { PledgesErrorCode } from '../pledges.errors';

/**
 * A quadratic round's cut-off (docs/money-rules.md, "Round cut-off"): answers how many
 * confirmations of each campaign pledges announced before it. Stateless and read-only apart from
 * the answer: a repeated request (deduplicated by the inbox, or a new one) gets the same counts,
 * since the cut-off has passed and no confirmation can be dated before it any more.
 */
@Injectable()
@EventConsumer({ service: 'pledges', events: [RoundCutoffRequested] })
export class TallyRoundCutoffOnRequest implements EventHandler {
  constructor(
    private readonly announced: AnnouncedConfirmations,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async handle({ payload }: EventEnvelope<RoundCutoffRequestedV1>): Promise<void> {
    const cutoff = new Date(payload.cutoff);
    // On this clock a confirmation could still be dated before the cut-off: retried (clock skew between services).
    if (this.clock.now() < cutoff)
      throw new DomainError(PledgesErrorCode.ROUND_CUTOFF_NOT_REACHED, 'conflict', `round cut-off ${payload.cutoff} not reached on this clock yet`);
    await this.announced.answerCutoff(payload); // with round.cutoff_tallied
  }
}
