import type { DataSource } from 'typeorm';
import type { EventEnvelope, Service } from '@lib/contracts';
import type { Tx } from '@lib/platform';

/** One (consumer, event) pair of a batch claim. */
export interface InboxClaim {
  consumer: string;
  envelope: EventEnvelope;
  topic: string;
}

/** How `claimAll` names a claimed pair. */
export const inboxKey = (consumer: string, eventId: string) => `${consumer}\n${eventId.toLowerCase()}`;

/**
 * Records which events each consumer has applied. `claim` runs inside the consumer's transaction:
 * the inbox row and the effect commit together or not at all, so a redelivered event (consumer
 * crashed before committing its offset, relay republished) finds its row and changes nothing.
 */
export class Inbox {
  constructor(
    private readonly service: Service,
    private readonly txHost: Tx,
    private readonly ds: DataSource,
  ) {}

  /** True when this consumer has not applied the event yet (and now owns it in this transaction). */
  async claim(consumer: string, envelope: EventEnvelope, topic: string): Promise<boolean> {
    if (!this.txHost.isTransactionActive()) throw new Error('Inbox.claim must run inside the consumer transaction');
    const rows: unknown[] = await this.txHost.tx.query(
      `INSERT INTO "${this.service}".inbox_messages (consumer, event_id, event_type, topic)
       VALUES ($1, $2, $3, $4) ON CONFLICT (consumer, event_id) DO NOTHING RETURNING event_id`,
      [consumer, envelope.id, `${envelope.type}.v${envelope.schemaVersion}`, topic],
    );
    return rows.length > 0;
  }

  /**
   * `claim` for a whole batch, in ONE statement: the keys (`inboxKey`) of the pairs this transaction now
   * owns. A pair already applied (a redelivery), or repeated within the batch, is claimed at most once.
   */
  async claimAll(claims: InboxClaim[]): Promise<Set<string>> {
    if (!this.txHost.isTransactionActive()) throw new Error('Inbox.claimAll must run inside the consumer transaction');
    const unique = [...new Map(claims.map((c) => [inboxKey(c.consumer, c.envelope.id), c])).values()];
    if (unique.length === 0) return new Set();
    const rows: { consumer: string; event_id: string }[] = await this.txHost.tx.query(
      `INSERT INTO "${this.service}".inbox_messages (consumer, event_id, event_type, topic)
       SELECT * FROM unnest($1::text[], $2::uuid[], $3::text[], $4::text[])
       ON CONFLICT (consumer, event_id) DO NOTHING RETURNING consumer, event_id`,
      [
        unique.map((c) => c.consumer),
        unique.map((c) => c.envelope.id),
        unique.map((c) => `${c.envelope.type}.v${c.envelope.schemaVersion}`),
        unique.map((c) => c.topic),
      ],
    );
    return new Set(rows.map((r) => inboxKey(r.consumer, r.event_id)));
  }

  /** After the last failed attempt (its own transaction: the effect's one rolled back). */
  async markDead(consumer: string, eventId: string, eventType: string, topic: string, attempts: number, error: string): Promise<void> {
    await this.ds.query(
      `INSERT INTO "${this.service}".inbox_messages (consumer, event_id, event_type, topic, status, attempts, last_error)
       VALUES ($1, $2, $3, $4, 'dead', $5, $6)
       ON CONFLICT (consumer, event_id) DO UPDATE SET status = 'dead', attempts = EXCLUDED.attempts, last_error = EXCLUDED.last_error`,
      [consumer, eventId, eventType, topic, attempts, error.slice(0, 2000)],
    );
  }
}
