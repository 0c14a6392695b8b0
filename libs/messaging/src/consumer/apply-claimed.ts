import type { EventEnvelope } from '@lib/contracts';
import type { EventHandler } from './event-consumer';

/** A (consumer, event) pair that a batch's inbox statement claimed, in delivery order. */
export interface ClaimedPair {
  consumer: string;
  handler: EventHandler;
  envelope: EventEnvelope;
}

/**
 * Runs the effects of a batch's claimed pairs, in order, inside the batch's transaction. A consumer
 * with `handleBatch` gets each maximal run of consecutive pairs of its own in one call: no other
 * consumer's effect falls between them, so (by handleBatch's contract) the result is the one of
 * its events handled one by one in that order. The others get `handle`, one event at a time.
 */
export async function applyClaimed(pairs: ClaimedPair[], setCause: (envelope: EventEnvelope) => void): Promise<void> {
  for (let start = 0; start < pairs.length;) {
    const { consumer, handler } = pairs[start];
    let end = start + 1;
    if (handler.handleBatch) while (end < pairs.length && pairs[end].consumer === consumer) end++;
    const run = pairs.slice(start, end).map((p) => p.envelope);
    // events written by a whole run record its last event as their cause
    setCause(run[run.length - 1]);
    if (run.length > 1 && handler.handleBatch) await handler.handleBatch(run);
    else await handler.handle(run[0]);
    start = end;
  }
}
