import { randomUUID } from 'node:crypto';
import { ClsService } from 'nestjs-cls';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { ContractViolation, EventContract, EventEnvelope, Service, topicOf } from '@lib/contracts';
import type { Tx } from '@lib/platform';
import { CAUSATION_KEY, CORRELATION_KEY } from '@lib/platform';
import { markOutboxWritten } from './outbox-commits';

export interface NewEvent<P extends object> {
  contract: EventContract<P>;
  aggregateId: string;
  payload: P;
  occurredAt?: Date;
  /** The request or event that caused it, when it is not the current context's (a group commit writes many requests' events). */
  correlationId?: string;
}

/**
 * Writes integration events into the service's outbox in the caller's transaction, never to the
 * broker: the event exists if and only if the state change committed. Refuses to run outside a
 * transaction, so a handler cannot publish something it did not commit.
 */
export class OutboxWriter {
  constructor(
    private readonly service: Service,
    private readonly txHost: Tx,
    private readonly cls: ClsService,
    private readonly onWritten: () => void = () => undefined,
  ) {}

  async append<P extends object>(...events: NewEvent<P>[]): Promise<EventEnvelope<P>[]> {
    if (!this.txHost.isTransactionActive()) {
      throw new Error(`${this.service}: OutboxWriter.append must run inside a transaction`);
    }
    const envelopes = events.map((e) => this.envelope(e));
    if (envelopes.length > 0) {
      // one INSERT for all of them (a group commit appends a whole group's events at once)
      await this.txHost.tx.query(
        `INSERT INTO "${this.service}".outbox_messages (event_id, event_type, topic, message_key, envelope)
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::jsonb[])`,
        [
          envelopes.map((env) => env.id),
          envelopes.map((env) => `${env.type}.v${env.schemaVersion}`),
          envelopes.map((env) => topicOf({ producer: this.service, aggregateType: env.aggregateType })),
          envelopes.map((env) => env.aggregateId),
          envelopes.map((env) => JSON.stringify(env)),
        ],
      );
    }
    // The relay wakes right after this transaction's COMMIT (onOutboxCommitted); without a query
    // runner to mark, it is nudged now and looks again for a short while.
    if (!markOutboxWritten(this.txHost.tx)) this.onWritten();
    return envelopes;
  }

  private envelope<P extends object>(e: NewEvent<P>): EventEnvelope<P> {
    if (e.contract.producer !== this.service) {
      throw new Error(`${this.service} may not emit ${e.contract.type}, which ${e.contract.producer} owns`);
    }
    // Validate on the way out too: a producer bug is caught in its own transaction, not downstream.
    const errors = validateSync(plainToInstance(e.contract.schema, e.payload), { whitelist: true, forbidNonWhitelisted: true });
    if (errors.length) throw new ContractViolation(`${e.contract.type}: ${errors.map((x) => x.toString()).join('; ')}`);
    const id = randomUUID();
    return {
      id,
      type: e.contract.type,
      schemaVersion: e.contract.version,
      producer: this.service,
      aggregateType: e.contract.aggregateType,
      aggregateId: e.aggregateId,
      occurredAt: (e.occurredAt ?? new Date()).toISOString(),
      correlationId: e.correlationId ?? ((this.cls.isActive() && this.cls.get<string>(CORRELATION_KEY)) || id),
      causationId: (this.cls.isActive() && this.cls.get<string>(CAUSATION_KEY)) || null,
      payload: e.payload,
    };
  }
}
