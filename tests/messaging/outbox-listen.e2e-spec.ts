import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { fromOwnPool, OutboxRelay } from '@lib/messaging';
import { startTestPlatform, TestPlatform } from '../support/harness';
import { RecordingTransport } from '../support/recording-transport';

/**
 * The relay's LISTEN wake-up on real PostgreSQL: with polling set to an hour, only the commit's
 * NOTIFY (outbox trigger) can make it publish; the LISTEN connection comes back after it is killed.
 */
describe('outbox relay woken by commits (LISTEN/NOTIFY)', () => {
  let p: TestPlatform;
  let ds: DataSource;
  let relay: OutboxRelay;
  const recorder = new RecordingTransport();

  const insertEvent = async (key: string) => {
    await ds.transaction(async (m) => {
      await m.query(`INSERT INTO pledges.outbox_messages (event_id, event_type, topic, message_key, envelope) VALUES ($1, 'probe.v1', 'probe', $2, '{}')`, [
        randomUUID(),
        key,
      ]);
    });
  };

  beforeAll(async () => {
    p = await startTestPlatform();
    ds = p.db('pledges');
    await ds.query(`UPDATE pledges.outbox_messages SET published_at = now() WHERE published_at IS NULL`);
    await ds.query(`UPDATE pledges.outbox_relay_lease SET expires_at = 'epoch'`);
    const url = (ds.options as { url: string }).url;
    relay = new OutboxRelay('pledges', ds, recorder.asTransport(), { batchSize: 50, pollMs: 3_600_000, leaseSeconds: 3600, listenUrl: url });
    relay.start();
    // the first round (at start) found nothing; from now on only a notification wakes the relay
    await new Promise((r) => setImmediate(r));
  });
  afterAll(async () => {
    await relay?.stop();
    await p?.close();
  });

  it('publishes a committed row without waiting for the (hour-long) poll', async () => {
    const key = randomUUID();
    const before = recorder.messages.length;
    await insertEvent(key);
    // Only the commit's NOTIFY can wake the relay before the hour-long poll: 30 s without it is a failure.
    expect(await recorder.within(key, 30_000)).toBe('published');
    const published = recorder.messages.slice(before).filter((m) => m.key === key);
    expect(published).toHaveLength(1);
    expect(published[0].topic).toMatch(/probe$/);
  });

  it('does not publish a rolled-back row, and keeps listening after a rollback', async () => {
    const lost = randomUUID();
    await expect(
      ds.transaction(async (m) => {
        await m.query(`INSERT INTO pledges.outbox_messages (event_id, event_type, topic, message_key, envelope) VALUES ($1, 'probe.v1', 'probe', $2, '{}')`, [
          randomUUID(),
          lost,
        ]);
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    const key = randomUUID();
    await insertEvent(key);
    await recorder.published(key);
    expect(recorder.messages.some((m) => m.key === lost)).toBe(false);
  });

  it('reconnects its LISTEN session after the server kills it, then wakes again', async () => {
    const admin = new Client({ connectionString: (ds.options as { url: string }).url });
    await admin.connect();
    const killed = await admin.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'civic-pledges-relay' AND datname = current_database()`,
    );
    await admin.end();
    expect(killed.rowCount).toBe(1);
    // events committed while the listener is down are picked up when it is back (it wakes on reconnect)
    const key = randomUUID();
    await insertEvent(key);
    await recorder.published(key);
    const after = randomUUID();
    await insertEvent(after);
    await recorder.published(after);
  });

  it("tells its own pool's commits (already woken after COMMIT) from another process's, which still wake it", async () => {
    const own = fromOwnPool(ds);
    const [{ pid }] = await ds.query('SELECT pg_backend_pid() AS pid');
    expect(own(pid)).toBe(true);
    const other = new Client({ connectionString: (ds.options as { url: string }).url });
    await other.connect();
    try {
      const [{ pid: foreign }] = (await other.query('SELECT pg_backend_pid() AS pid')).rows;
      expect(own(foreign)).toBe(false);
      const filtered = new OutboxRelay('pledges', ds, recorder.asTransport(), {
        batchSize: 50,
        pollMs: 3_600_000,
        leaseSeconds: 3600,
        listenUrl: (ds.options as { url: string }).url,
        isOwnCommit: own,
      });
      await relay.stop(); // the filtering relay takes the lease over
      filtered.start();
      try {
        // its LISTEN session is up (else the wake-up on connect, not the NOTIFY, would publish the row)
        while (!(filtered as unknown as { listener?: unknown }).listener) await new Promise((r) => setTimeout(r, 10));
        await filtered.publishPending();
        const key = randomUUID();
        await other.query(
          `INSERT INTO pledges.outbox_messages (event_id, event_type, topic, message_key, envelope) VALUES ($1, 'probe.v1', 'probe', $2, '{}')`,
          [randomUUID(), key],
        );
        expect(await recorder.within(key, 30_000)).toBe('published');
      } finally {
        await filtered.stop();
      }
    } finally {
      await other.end();
    }
  });
});
