import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { OutboxWriter } from '@lib/messaging';
import type { Tx } from '@lib/platform';
import { AnnouncedConfirmations } from '../../apps/pledges/src/persistence/announced-confirmations.repository';

/**
 * docs/money-rules.md, "Round cut-off", on real PostgreSQL (PGlite has one session, so no lock ever
 * waits there): a confirmation in flight when pledges tallies a round's cut-off is counted — the tally
 * waits for it — and a confirmation that starts while the tally runs waits for the tally to end (it
 * then reads the clock after the cut-off). Selected with the distributed suites (TEST_MODE=distributed), which have
 * PostgreSQL (DATABASE_URL); needs no broker.
 */
describe('round cut-off tally and confirmations in flight (PostgreSQL locks)', () => {
  const adminUrl = process.env.DATABASE_URL ?? 'postgres://civic:civic@127.0.0.1:5432/civic';
  const dbName = `cutoff_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const clients: Client[] = [];
  const campaign = randomUUID();
  const cutoff = new Date('2027-01-06T10:00:00.000Z');

  async function session(): Promise<{ client: Client; announced: AnnouncedConfirmations }> {
    const url = new URL(adminUrl);
    url.pathname = `/${dbName}`;
    const client = new Client({ connectionString: url.toString() });
    await client.connect();
    clients.push(client);
    const txHost = { tx: { query: (sql: string, params?: unknown[]) => client.query(sql, params).then((r) => r.rows) } } as unknown as Tx;
    return { client, announced: new AnnouncedConfirmations(txHost, { append: async () => undefined } as unknown as OutboxWriter) };
  }
  /** Resolves once `n` advisory lock requests are waiting (no timing assumption: jest's timeout bounds it). */
  async function waiting(observer: Client, n: number): Promise<void> {
    for (;;) {
      const { rows } = await observer.query(
        `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      );
      if (rows[0].n >= n) return;
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  let observer: Client;
  beforeAll(async () => {
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${dbName}`);
    await admin.end();
    ({ client: observer } = await session());
    await observer.query(`CREATE SCHEMA pledges`);
    await observer.query(`CREATE TABLE pledges.pledges (id uuid PRIMARY KEY, campaign_id uuid NOT NULL, announced_at timestamptz)`);
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName}`);
    await admin.end();
  });

  it('waits for a confirmation in flight and counts it', async () => {
    const confirming = await session();
    const tallying = await session();
    await confirming.client.query('BEGIN');
    await confirming.announced.lockForConfirmation(campaign); // the confirmation has read the clock: before the cut-off
    await tallying.client.query('BEGIN');
    const tally = tallying.announced.tally([campaign], cutoff);
    await waiting(observer, 1);
    await confirming.client.query(`INSERT INTO pledges.pledges VALUES ($1, $2, $3)`, [randomUUID(), campaign, new Date(cutoff.getTime() - 1)]);
    await confirming.client.query('COMMIT');
    expect(await tally).toEqual([{ campaignId: campaign, announced: 1 }]);
    await tallying.client.query('COMMIT');
  });

  it('makes a confirmation that starts during the tally wait for its end', async () => {
    const tallying = await session();
    const confirming = await session();
    await tallying.client.query('BEGIN');
    expect(await tallying.announced.tally([campaign], cutoff)).toEqual([{ campaignId: campaign, announced: 1 }]);
    await confirming.client.query('BEGIN');
    let locked = false;
    const lock = confirming.announced.lockForConfirmation(campaign).then(() => (locked = true));
    await waiting(observer, 1);
    expect(locked).toBe(false);
    await tallying.client.query('COMMIT');
    await lock;
    await confirming.client.query('COMMIT');
  });
});
