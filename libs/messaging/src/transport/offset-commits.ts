import type { Consumer } from 'kafkajs';

/** How long a handled batch's offset waits to be committed with the others. */
export const OFFSET_COMMIT_DELAY_MS = 20;

/** One partition's next offset to read (what a commit stores). */
export interface PartitionOffset {
  topic: string;
  partition: number;
  offset: string;
}

/**
 * A consumer's offset commits, sent a little later and together: one OffsetCommit request per
 * `delayMs` for every partition handled meanwhile, instead of one per fetched batch and partition
 * (at a steady trickle of events that was a broker round trip per event and consumer group, the
 * largest share of the broker's CPU per pledge). Commits are sent in order, one at a time, each
 * partition's highest offset only.
 *
 * Why no event is lost or applied twice: an offset is added only after its batch's effects (and
 * inbox rows) committed in PostgreSQL, so a commit that is late, or lost to a crash or a
 * rebalance, only means those events are delivered again — and the inbox turns each redelivery
 * into a no-op. A failed commit is reported and not retried, for the same reason.
 */
export class OffsetCommits {
  private readonly pending = new Map<string, PartitionOffset>();
  private timer?: NodeJS.Timeout;
  private sending: Promise<void> = Promise.resolve();

  /** The commits of a kafkajs consumer, a failed one reported through `warn`. */
  static of(consumer: Pick<Consumer, 'commitOffsets'>, warn: (message: string) => void): OffsetCommits {
    const failed = (e: Error) => warn(`offset commit failed (${e.message}); those events come again, the inbox skips them`);
    return new OffsetCommits((offsets) => consumer.commitOffsets(offsets), OFFSET_COMMIT_DELAY_MS, failed);
  }

  constructor(
    private readonly commit: (offsets: PartitionOffset[]) => Promise<void>,
    private readonly delayMs: number,
    private readonly onError: (error: Error) => void,
  ) {}

  /** Commits `offset` for its partition within `delayMs` (with whatever else is pending then). */
  add(o: PartitionOffset): void {
    const key = `${o.topic}\n${o.partition}`;
    const held = this.pending.get(key);
    if (!held || BigInt(o.offset) > BigInt(held.offset)) this.pending.set(key, o);
    this.timer ??= setTimeout(() => void this.flush(), this.delayMs);
  }

  /** Sends what is pending now (a consumer stopping or losing its partitions commits at once). */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.size === 0) return this.sending;
    const offsets = [...this.pending.values()];
    this.pending.clear();
    this.sending = this.sending.then(() => this.commit(offsets).catch((e: Error) => this.onError(e)));
    return this.sending;
  }
}
