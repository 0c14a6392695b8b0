import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { Counter } from 'prom-client';
import type { DataSource } from 'typeorm';
import type { Service } from '@lib/contracts';
import { returnedRows } from '@lib/platform';
import { Transport, TransportMessage } from '../transport/transport';
import { metric } from '../metrics';

const published = metric('civic_outbox_published_total', () =>
  new Counter({ name: 'civic_outbox_published_total', help: 'Events published from an outbox', labelNames: ['service'] }),
);

export interface RelayOptions {
  batchSize: number;
  pollMs: number;
  leaseSeconds: number;
}

interface OutboxRow {
  id: string;
  topic: string;
  message_key: string;
  event_id: string;
  event_type: string;
  envelope: string;
}

/**
 * Publishes a service's committed outbox rows to the transport, in commit order.
 *
 * One relay per service is active at a time: it holds a lease row (renewed each round, taken
 * over when it expires), so replicas of a service do not interleave publications. A round reads
 * rows of finished transactions only, publishes them, and then marks them published; a crash in
 * between publishes them again (at-least-once), and consumers' inboxes drop the repeat.
 * No transaction is held while publishing (embedded PGlite has one session; a long transaction
 * there would stall every service).
 */
export class OutboxRelay {
  private readonly logger: Logger;
  private readonly holder = randomUUID();
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;
  private stopped = false;
  private wake = false;

  constructor(
    readonly service: Service,
    private readonly ds: DataSource,
    private readonly transport: Transport,
    private readonly options: RelayOptions,
  ) {
    this.logger = new Logger(`${service}:outbox-relay`);
  }

  /** One round; concurrent calls share it. Returns how many events were published. */
  publishPending(): Promise<number> {
    this.running ??= this.round().finally(() => (this.running = undefined));
    return this.running;
  }

  private async round(): Promise<number> {
    if (!(await this.acquireLease())) return 0;
    const rows: OutboxRow[] = await this.ds.query(
      `SELECT id, topic, message_key, event_id, event_type, envelope::text AS envelope
         FROM "${this.service}".outbox_messages
        WHERE published_at IS NULL
          AND tx_id < pg_snapshot_xmin(pg_current_snapshot())
        ORDER BY tx_id, id
        LIMIT $1`,
      [this.options.batchSize],
    );
    if (rows.length === 0) return 0;
    const messages: TransportMessage[] = rows.map((r) => ({
      topic: r.topic,
      key: r.message_key,
      value: r.envelope,
      headers: { 'event-id': r.event_id, 'event-type': r.event_type },
    }));
    await this.transport.publish(messages);
    await this.ds.query(`UPDATE "${this.service}".outbox_messages SET published_at = now() WHERE id = ANY($1::bigint[])`, [
      rows.map((r) => r.id),
    ]);
    published.inc({ service: this.service }, rows.length);
    return rows.length;
  }

  private async acquireLease(): Promise<boolean> {
    const rows: unknown[] = await this.ds.query(
      `UPDATE "${this.service}".outbox_relay_lease
          SET holder = $1, expires_at = now() + make_interval(secs => $2)
        WHERE name = 'relay' AND (holder = $1 OR expires_at < now())
        RETURNING name`,
      [this.holder, this.options.leaseSeconds],
    );
    return returnedRows(rows).length > 0;
  }

  /** Background polling; `nudge()` shortens the wait after a local write. */
  start(): void {
    this.stopped = false;
    const loop = async () => {
      if (this.stopped) return;
      let moved = 0;
      try {
        moved = await this.publishPending();
      } catch (e) {
        this.logger.warn(`publish round failed, will retry: ${(e as Error).message}`);
      }
      if (this.stopped) return;
      const delay = moved > 0 || this.wake ? 0 : this.options.pollMs;
      this.wake = false;
      this.timer = setTimeout(loop, delay);
    };
    this.timer = setTimeout(loop, 0);
  }

  nudge(): void {
    this.wake = true;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
    // Give the lease up so a replica can take over at once.
    await this.ds
      .query(`UPDATE "${this.service}".outbox_relay_lease SET expires_at = 'epoch' WHERE name = 'relay' AND holder = $1`, [this.holder])
      .catch(() => undefined);
  }
}
