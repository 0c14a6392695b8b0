import { DeadLetter, dltTopic, MessageHandler, ReceivedMessage, Transport, TransportMessage } from './transport';

interface Subscription {
  group: string;
  topics: Set<string>;
  handler: MessageHandler;
}

/**
 * Embedded mode's broker. `publish` hands its messages to every subscribed group in publish order,
 * a run of consecutive messages of one topic at a time (the batch a Kafka fetch would bring: one
 * partition, in order), and resolves only when they have handled it: the relay marks its outbox rows
 * published after that, so a crash in between redelivers from the outbox on restart (the inbox makes
 * the repeat harmless) and nothing lives only in memory. Every group gets a run before any group
 * gets the next one, so each group sees the publish order. A handler that throws is called again
 * with the same batch, as a broker would redeliver.
 */
export class InProcessTransport implements Transport {
  readonly name = 'in-process' as const;
  private readonly subscriptions: Subscription[] = [];
  private readonly offsets = new Map<string, number>();
  private queue: Promise<void> = Promise.resolve();
  readonly deadLetters: DeadLetter[] = [];

  /** `maxBatch`: a run is handed over in slices of at most this many messages (default: whole runs). */
  constructor(private readonly options: { maxBatch?: number } = {}) {}

  async ensureTopics(): Promise<void> {}

  publish(messages: TransportMessage[]): Promise<void> {
    // One delivery chain for the whole process keeps per-key (indeed total) order across relays.
    const run = this.queue.then(() => this.deliver(messages));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async deliver(messages: TransportMessage[]): Promise<void> {
    for (const batch of runsByTopic(messages, this.options.maxBatch ?? Number.MAX_SAFE_INTEGER)) {
      const topic = batch[0].topic;
      const received: ReceivedMessage[] = batch.map((message) => {
        const offset = this.offsets.get(topic) ?? 0;
        this.offsets.set(topic, offset + 1);
        return { ...message, partition: 0, offset: String(offset) };
      });
      for (const sub of this.subscriptions) {
        if (!sub.topics.has(topic)) continue;
        for (let attempt = 1; ; attempt++) {
          try {
            await sub.handler(received);
            break;
          } catch (e) {
            if (attempt >= 100) throw e; // a handler that keeps crashing: surface it to the relay
          }
        }
      }
    }
  }

  async subscribe(group: string, topics: string[], handler: MessageHandler): Promise<void> {
    this.subscriptions.push({ group, topics: new Set(topics), handler });
  }

  async deadLetter(letter: DeadLetter): Promise<void> {
    this.deadLetters.push({ ...letter, message: { ...letter.message, topic: dltTopic(letter.message.topic) } });
  }

  async idle(): Promise<void> {
    await this.queue;
  }

  async health(): Promise<void> {}

  async close(): Promise<void> {
    await this.queue;
  }
}

/** Maximal runs of consecutive messages of one topic, in order, of at most `max` messages each. */
function runsByTopic(messages: TransportMessage[], max: number): TransportMessage[][] {
  const runs: TransportMessage[][] = [];
  for (const message of messages) {
    const last = runs[runs.length - 1];
    if (last && last[0].topic === message.topic && last.length < max) last.push(message);
    else runs.push([message]);
  }
  return runs;
}
