import { Inject, Injectable } from '@nestjs/common';
import type { ConsumerRunner } from './consumer/consumer-runner';
import type { OutboxRelay } from './outbox/outbox-relay';
import { Transport, TRANSPORT } from './transport/transport';

/** Every relay and consumer pipeline in this process: tests drain them, shutdown stops them. */
@Injectable()
export class MessagingRegistry {
  readonly relays: OutboxRelay[] = [];
  readonly runners: ConsumerRunner[] = [];

  constructor(@Inject(TRANSPORT) private readonly transport: Transport) {}

  /**
   * Publishes every outbox row and waits until consumers have handled them, repeating while the
   * handlers themselves write new events. Tests call this instead of sleeping.
   */
  async drain(maxRounds = 100): Promise<void> {
    for (let round = 0; round < maxRounds; round++) {
      const moved = await this.publishPending();
      await this.idle();
      if (moved === 0) return;
    }
    throw new Error(`messaging did not settle after ${maxRounds} rounds`);
  }

  /** One publication round of every relay in this process; how many events moved. */
  async publishPending(): Promise<number> {
    let moved = 0;
    for (const relay of this.relays) moved += await relay.publishPending();
    return moved;
  }

  /** Until this process's consumers have handled everything published so far. */
  idle(timeoutMs?: number): Promise<void> {
    return this.transport.idle(timeoutMs);
  }
}
