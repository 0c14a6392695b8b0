import type { MessageHandler, ReceivedMessage, Transport, TransportMessage, DeadLetter } from '@lib/messaging';

/**
 * A transport that can hold back one event type from one service's consumers, as a lagging topic
 * or partition would, while everything else flows (tests of "two events in any order"). Held
 * messages count as delivered for drain()/idle(); `release` hands them to the consumers, in the
 * order they came, as the broker would once the lag clears. Works over both adapters.
 */
export class HoldingTransport implements Transport {
  private readonly holds: { service: string; eventType: string; held: { handler: MessageHandler; message: ReceivedMessage }[] }[] = [];

  /** The adapter underneath (tests that read its dead letters). */
  constructor(readonly inner: Transport) {}

  get name() {
    return this.inner.name;
  }

  /** Holds `eventType` (e.g. 'funding.closed') for `service`'s consumers until the returned release is called. */
  hold(service: string, eventType: string): () => Promise<void> {
    const hold = { service, eventType, held: [] as { handler: MessageHandler; message: ReceivedMessage }[] };
    this.holds.push(hold);
    return async () => {
      this.holds.splice(this.holds.indexOf(hold), 1);
      for (const { handler, message } of hold.held) await deliverWithRetries(handler, message);
    };
  }

  subscribe(group: string, topics: string[], handler: MessageHandler): Promise<void> {
    return this.inner.subscribe(group, topics, async (message) => {
      const hold = this.holds.find((h) => h.service === group && h.eventType === typeOf(message));
      if (hold) hold.held.push({ handler, message });
      else await handler(message);
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

function typeOf(message: ReceivedMessage): string | undefined {
  try {
    return (JSON.parse(message.value) as { type?: string }).type;
  } catch {
    return undefined;
  }
}

/** A consumer's handler throws only when it "crashes": redeliver, as both adapters do. */
async function deliverWithRetries(handler: MessageHandler, message: ReceivedMessage): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await handler(message);
    } catch (e) {
      if (attempt >= 100) throw e;
    }
  }
}
