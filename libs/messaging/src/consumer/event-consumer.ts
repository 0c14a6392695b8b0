import { DiscoveryService } from '@nestjs/core';
import type { EventContract, EventEnvelope, Service } from '@lib/contracts';

export interface EventConsumerOptions {
  /** The consuming service (its consumer group, schema and inbox). */
  service: Service;
  /** The contracts this consumer reacts to. */
  events: EventContract[];
}

/**
 * Marks a provider as an integration-event consumer. Its `handle` runs in a transaction of the
 * consuming service, after the inbox has claimed the event: it may write state and outbox rows,
 * and must not call other services. The transaction may be shared with the other events of the
 * batch (ConsumerRunner): locks taken are held until the batch commits, and a throw rolls back the
 * whole batch, which is then delivered one event at a time (each in its own transaction).
 */
export const EventConsumer = DiscoveryService.createDecorator<EventConsumerOptions>();

export interface EventHandler {
  handle(envelope: EventEnvelope): Promise<void>;
  /**
   * Optional: several of this consumer's events of one batch, in order, in one call (e.g. one
   * UPDATE per aggregate instead of one per event). Its effect must be exactly that of `handle` on
   * each of them in that order; the per-event fallback of a failed batch calls `handle`.
   */
  handleBatch?(envelopes: EventEnvelope[]): Promise<void>;
}
