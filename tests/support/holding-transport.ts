import { ALL_CONTRACTS, topicOf } from '@lib/contracts';
import type { MessageHandler, ReceivedMessage, Transport, TransportMessage, DeadLetter } from '@lib/messaging';

/**
 * A transport that can hold back one topic from one service's consumers, as a lagging topic would,
 * while the other topics flow (tests of "two events in any order"). A whole topic, named by one of
 * its event types: within a topic (a key's partition) Kafka keeps the order, so a test must never
 * make one event overtake another of the same topic. Held messages count as delivered for
 * drain()/idle(); `release` hands them to the consumers in the order they came, in one batch per
 * consumer group, as the broker's first fetch would once the lag clears. Works over both adapters.
 */
export class HoldingTransport implements Transport {
  private readonly holds: { service: string; topic: string; held: { handler: MessageHandler; messages: ReceivedMessage[] }[] }[] = [];

  /** The adapter underneath (tests that read its dead letters). */
  constructor(readonly inner: Transport) {}

  get name() {
    return this.inner.name;
  }

  /** Holds the topic of `eventType` (e.g. 'funding.closed') for `service`'s consumers until the returned release is called. */
  hold(service: string, eventType: string): () => Promise<void> {
    const contract = ALL_CONTRACTS.find((c) => c.type === eventType);
    if (!contract) throw new Error(`no event type ${eventType}`);
    const hold = { service, topic: topicOf(contract), held: [] as { handler: MessageHandler; messages: ReceivedMessage[] }[] };
    this.holds.push(hold);
    return async () => {
      this.holds.splice(this.holds.indexOf(hold), 1);
      // A consumer catching up fetches what piled up at once: consecutive held batches of one subscription go as one batch.
      const batches: { handler: MessageHandler; messages: ReceivedMessage[] }[] = [];
      for (const { handler, messages } of hold.held) {
        const last = batches[batches.length - 1];
        if (last?.handler === handler) last.messages.push(...messages);
        else batches.push({ handler, messages: [...messages] });
      }
      for (const { handler, messages } of batches) await deliverWithRetries(handler, messages);
    };
  }

  subscribe(group: string, topics: string[], handler: MessageHandler): Promise<void> {
    // A batch is one topic's messages: held or handed on whole.
    return this.inner.subscribe(group, topics, async (messages, heartbeat) => {
      const hold = this.holds.find((h) => h.service === group && h.topic === messages[0]?.topic);
      if (hold) hold.held.push({ handler, messages });
      else await handler(messages, heartbeat);
    });
  }

  ensureTopics(topics: string[]): Promise<void> {
    return this.inner.ensureTopics(topics);
  }
  publish(messages: TransportMessage[]): Promise<void> {
    return this.inner.publish(messages);
  }
  deadLetter(letter: DeadLetter): Promise<void> {
    return this.inner.deadLetter(letter);
  }
  idle(timeoutMs?: number): Promise<void> {
    return this.inner.idle(timeoutMs);
  }
  health(): Promise<void> {
    return this.inner.health();
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

/** A consumer's handler throws only when it "crashes": redeliver, as both adapters do. */
async function deliverWithRetries(handler: MessageHandler, messages: ReceivedMessage[]): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await handler(messages);
    } catch (e) {
      if (attempt >= 100) throw e;
    }
  }
}
