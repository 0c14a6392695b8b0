import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { Counter } from 'prom-client';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import type { Service } from '@lib/contracts';
import { Transport, TransportMessage } from '../transport/transport';
import { metric } from '../metrics';
import { outboxChannel } from '../messaging-tables';
import { OutboxStore } from './outbox-store';

const published = metric(
  'civic_outbox_published_total',
  () => new Counter({ name: 'civic_outbox_published_total', help: 'Events published from an outbox', labelNames: ['service'] }),
);

export interface RelayOptions {
  batchSize: number;
  pollMs: number;
  leaseSeconds: number;
  /**
   * PostgreSQL URL for a LISTEN connection on the outbox channel: the relay then wakes when a
   * transaction with outbox rows commits (the table's trigger NOTIFYs), and polls only as a
   * fallback. Unset (embedded PGlite): polling plus in-process nudges.
   */
  listenUrl?: string;
  /** A notifying backend whose commit already woke the relay locally (fromOwnPool): its NOTIFY is not a wake-up. */
  isOwnCommit?: (pid: number) => boolean;
}

/** Look again this soon when rows are held back, and for this long after a local write (its commit is moments away). */
const [RETRY_SOON_MS, NUDGE_WINDOW_MS, BLOCKED_RETRY_MAX_MS, LISTEN_RETRY_MS] = [2, 50, 16, 1000];

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
  private listener?: Client;
  private nudgedUntil = 0;
  private blocked = false;
  private renewLeaseAfter = 0;
  private heldBackDelay = 0;
  private readonly store: OutboxStore;

  constructor(
    readonly service: Service,
    ds: DataSource,
    private readonly transport: Transport,
    private readonly options: RelayOptions,
  ) {
    this.logger = new Logger(`${service}:outbox-relay`);
    this.store = new OutboxStore(service, ds);
  }

  /** One round; concurrent calls share it. Returns how many events were published. */
  publishPending(): Promise<number> {
    this.running ??= this.round().finally(() => (this.running = undefined));
    return this.running;
  }

  private async round(): Promise<number> {
    if (!(await this.acquireLease())) return 0;
    const rows = await this.store.committedUnpublished(this.options.batchSize);
    if (rows.length === 0) {
      // Committed rows may be waiting behind an older transaction still running (they must not
      // overtake it): look again shortly rather than at the next poll.
      this.blocked = await this.store.anyUnpublished();
      return 0;
    }
    this.blocked = false;
    const messages: TransportMessage[] = rows.map((r) => ({
      topic: r.topic,
      key: r.message_key,
      value: r.envelope,
      headers: { 'event-id': r.event_id, 'event-type': r.event_type },
    }));
    await this.transport.publish(messages);
    await this.store.markPublished(rows.map((r) => r.id));
    published.inc({ service: this.service }, rows.length);
    return rows.length;
  }

  /**
   * The lease row says who publishes; renewing it is an UPDATE, so it is renewed only once half
   * of it has run out (measured on the monotonic clock from before the UPDATE, so an early
   * expiry can only be seen as later than it is by the database, never earlier).
   */
  private async acquireLease(): Promise<boolean> {
    if (performance.now() < this.renewLeaseAfter) return true;
    const asked = performance.now();
    const held = await this.store.takeLease(this.holder, this.options.leaseSeconds);
    this.renewLeaseAfter = held ? asked + (this.options.leaseSeconds * 1000) / 2 : 0;
    return held;
  }

  private readonly loop = async () => {
    this.timer = undefined;
    if (this.stopped) return;
    let moved = 0;
    try {
      moved = await this.publishPending();
    } catch (e) {
      this.logger.warn(`publish round failed, will retry: ${(e as Error).message}`);
    }
    if (this.stopped) return;
    // Next round: right away while there is more work (a full batch) or a wake-up came in during
    // the round; soon while committed rows wait behind an older transaction or a local write may
    // still be committing (nudge); otherwise at the poll interval. Held-back rows are looked at
    // after 2, 4, 8, 16 ms, then every 16 ms: the horizon is the whole database's
    // (pg_snapshot_xmin), so under load some transaction nearly always holds it for a few ms, and
    // backing off to the poll interval would turn those into long waits.
    this.heldBackDelay = this.blocked ? Math.min(this.heldBackDelay * 2 || RETRY_SOON_MS, BLOCKED_RETRY_MAX_MS, this.options.pollMs) : 0;
    const idle = this.blocked ? this.heldBackDelay : Date.now() < this.nudgedUntil ? RETRY_SOON_MS : this.options.pollMs;
    const delay = moved >= this.options.batchSize || this.wake ? 0 : idle;
    this.wake = false;
    this.timer = setTimeout(this.loop, delay);
  };

  /** Background publishing: woken after local commits with outbox rows, by others' (LISTEN), else polls. */
  start(): void {
    this.stopped = false;
    this.timer = setTimeout(this.loop, 0);
    if (this.options.listenUrl) void this.listen(this.options.listenUrl);
  }

  /** A local transaction that wrote outbox rows has committed: look now. */
  committed(): void {
    this.wakeNow();
  }

  /** A local transaction wrote outbox rows (it may not have committed yet): look now and for a short while. */
  nudge(): void {
    this.nudgedUntil = Date.now() + NUDGE_WINDOW_MS;
    this.wakeNow();
  }

  /** Run a round now, or right after the one in progress. */
  private wakeNow(): void {
    if (this.stopped || !this.timer) {
      this.wake = true; // a round is running (or the relay is stopped): the loop looks at the flag
      return;
    }
    clearTimeout(this.timer);
    this.timer = setTimeout(this.loop, 0);
  }

  private async listen(url: string): Promise<void> {
    if (this.stopped) return;
    const client = new Client({ connectionString: url, application_name: `civic-${this.service}-relay` });
    let retried = false;
    const retry = (why: string) => {
      if (retried || this.stopped) return;
      retried = true;
      this.listener = undefined;
      this.logger.warn(`outbox LISTEN connection lost (${why}); polling every ${this.options.pollMs} ms until it is back`);
      setTimeout(() => void this.listen(url), LISTEN_RETRY_MS).unref();
    };
    client.on('notification', (n) => (this.options.isOwnCommit?.(n.processId) ? undefined : this.wakeNow()));
    client.on('error', (e) => retry(e.message));
    client.on('end', () => retry('connection ended'));
    try {
      await client.connect();
      await client.query(`LISTEN ${outboxChannel(this.service)}`);
      if (this.stopped) return void (await client.end().catch(() => undefined));
      this.listener = client;
      this.wakeNow(); // rows committed while nobody listened
    } catch (e) {
      await client.end().catch(() => undefined);
      retry((e as Error).message);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => undefined);
    await this.running?.catch(() => undefined);
    // Give the lease up so a replica can take over at once.
    this.renewLeaseAfter = 0;
    await this.store.giveUpLease(this.holder).catch(() => undefined);
  }
}
