import type { Transport, TransportMessage } from '@lib/messaging';

/** A transport that only records what a relay publishes. */
export class RecordingTransport implements Pick<Transport, 'publish'> {
  readonly messages: TransportMessage[] = [];
  private waiters: (() => void)[] = [];

  publish(messages: TransportMessage[]): Promise<void> {
    this.messages.push(...messages);
    this.waiters.splice(0).forEach((w) => w());
    return Promise.resolve();
  }

  /** Resolves once a message with `key` was published (no timing assumption: jest's timeout bounds it). */
  async published(key: string): Promise<void> {
    while (!this.messages.some((m) => m.key === key)) await new Promise<void>((r) => this.waiters.push(r));
  }

  /** 'published', or 'not woken' when nothing with `key` came within `ms` (a generous bound, never a speed target). */
  async within(key: string, ms: number): Promise<string> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<string>((r) => (timer = setTimeout(r, ms, 'not woken')));
    try {
      return await Promise.race([this.published(key).then(() => 'published'), late]);
    } finally {
      clearTimeout(timer);
    }
  }

  asTransport(): Transport {
    return this as unknown as Transport;
  }
}
