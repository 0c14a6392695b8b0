import { Inject, Injectable } from '@nestjs/common';
import { EventEnvelope, RoundCutoffTallied, RoundCutoffTalliedV1 } from '@lib/contracts';
import { EventConsumer, EventHandler } from '@lib/messaging';
import { Clock, CLOCK } from '@lib/platform';
import { RoundRepository } from '../persistence/round.repository';

/**
 * Pledges' answer to a round's cut-off request: recorded once (the first answer wins; a repeated
 * or contradicting one changes nothing). The rounds job then finalizes the round once matching
 * holds the pledges it counts (docs/money-rules.md, "Round cut-off").
 */
@Injectable()
@EventConsumer({ service: 'matching', events: [RoundCutoffTallied] })
export class RecordRoundCutoffOnTallied implements EventHandler {
  constructor(
    private readonly rounds: RoundRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  handle({ payload }: EventEnvelope<RoundCutoffTalliedV1>): Promise<void> {
    return this.rounds.recordTally(payload, this.clock.now());
  }
}
