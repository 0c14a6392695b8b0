import { DeadLetter, dltTopic, MessageHandler, ReceivedMessage, Transport, TransportMessage } from './transport';

interface Subscription {
  group: string;
  topics: Set<string>;
  handler: MessageHandler;
}

/**
 * Embedded mode's broker. `publish` hands each message to every subscribed group, one message at a
 * time in publish order, and resolves only when they have handled it: the relay marks its outbox
 * rows published after that, so a crash in between redelivers from the outbox on restart (the
 * inbox makes the repeat harmless) and nothing lives only in memory. A handler that throws is
 * called again, as a broker would redeliver.
 */
export class InProcessTransport implements Transport {
  readonly name = 'in-process' as const;
  private readonly subscriptions: Subscription[] = [];
  private readonly offsets = new Map<string, number>();
  private queue: Promise<void> = Promise.resolve();
  readonly deadLetters: DeadLetter[] = [];

  async ensureTopics(): Promise<void> {}

  publish(messages: TransportMessage[]): Promise<void> {
    // One delivery chain for the whole process keeps per-key (indeed total) order across relays.
    const run = this.queue.then(() => this.deliver(messages));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async deliver(messages: TransportMessage[]): Promise<void> {
    for (const message of messages) {
      const offset = this.offsets.get(message.topic) ?? 0;
      this.offsets.set(message.topic, offset + 1);
      const received: ReceivedMessage = { ...message, partition: 0, offset: String(offset) };
      for (const sub of this.subscriptions) {
        if (!sub.topics.has(message.topic)) continue;
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
