import { Client } from 'pg';
import type { QueryRunner } from 'typeorm';
import { EmbeddedPostgres, startEmbeddedPostgres } from '@lib/platform';
import { PledgeAnnouncedAt1767225600040 } from './1767225600040-pledge-announced-at';

/** The backfill of announced_at: pledges confirmed before the column existed, announced or not. */
describe('migration 1767225600040: pledges.announced_at backfill', () => {
  let pg: EmbeddedPostgres;
  let db: Client;
  beforeAll(async () => {
    pg = await startEmbeddedPostgres('memory');
    db = new Client({ connectionString: pg.url });
    await db.connect();
  }, 60_000);
  afterAll(async () => {
    await db?.end();
    await pg?.stop();
  });

  it('marks confirmed pledges and refunds of announced ones, never the payments refunded on arrival or refunds that overtook the success', async () => {
    await db.query(`CREATE SCHEMA pledges`);
    await db.query(
      `CREATE TABLE pledges.pledges (id text PRIMARY KEY, campaign_id uuid NOT NULL, status text NOT NULL, confirmed_at timestamptz, refunded_at timestamptz, refund_reason text)`,
    );
    const c = '0b8a3f5e-8d0c-4c39-9d55-7a1f0a2b1c01';
    const t = '2027-01-02T10:00:00.000Z';
    const later = '2027-01-05T10:00:00.000Z';
    const rows: [string, string, string | null, string | null, string | null][] = [
      ['confirmed', 'confirmed', t, null, null],
      ['refunded-later', 'refunded', t, later, 'campaign failed'],
      ['refunded-by-provider-later', 'refunded', t, later, 'refunded at the payment provider'],
      ['overtaken', 'refunded', t, t, 'refunded at the payment provider'],
      ['paid-after-close', 'refunded', t, t, 'payment arrived after the campaign closed'],
      ['paid-when-cancelled', 'refunded', t, t, 'payment arrived for a cancelled pledge'],
      ['unpaid', 'requires_payment', null, null, null],
      ['failed', 'failed', null, null, null],
    ];
    for (const [id, status, confirmedAt, refundedAt, reason] of rows) {
      await db.query(`INSERT INTO pledges.pledges VALUES ($1, $2, $3, $4, $5, $6)`, [id, c, status, confirmedAt, refundedAt, reason]);
    }
    const runner = { query: (sql: string, params?: unknown[]) => db.query(sql, params).then((r) => r.rows) } as unknown as QueryRunner;
    await new PledgeAnnouncedAt1767225600040().up(runner);
    const { rows: after } = await db.query(
      `SELECT id, announced_at IS NOT NULL AS announced, announced_at = confirmed_at AS same FROM pledges.pledges ORDER BY id`,
    );
    expect(Object.fromEntries(after.map((r) => [r.id, r.announced]))).toEqual({
      confirmed: true,
      'refunded-later': true,
      'refunded-by-provider-later': true,
      overtaken: false,
      'paid-after-close': false,
      'paid-when-cancelled': false,
      unpaid: false,
      failed: false,
    });
    expect(after.filter((r) => r.announced).every((r) => r.same)).toBe(true);
  });
});
