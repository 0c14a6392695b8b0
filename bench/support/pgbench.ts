/** The raw PostgreSQL ceiling for pledge intake (bench/pledge-intake): pgbench running the pledge INSERT + outbox INSERT in one transaction. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

/** pgbench ceiling: the pledge row and its outbox row, copied from real ones, in one transaction. */
export function pgbenchCeiling(databaseUrl: string, clientsN: number, seconds: number): Promise<{ tps: number; latencyMs: number; clients: number }> {
  return (async () => {
    const db = new Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      await db.query(`DROP SCHEMA IF EXISTS bench CASCADE`);
      await db.query(`CREATE SCHEMA bench`);
      await db.query(`CREATE TABLE bench.pledges (LIKE pledges.pledges INCLUDING ALL)`);
      await db.query(`CREATE TABLE bench.outbox_messages (LIKE pledges.outbox_messages INCLUDING ALL)`);
      await db.query(`CREATE TABLE bench.pledge_template AS SELECT * FROM pledges.pledges WHERE status = 'confirmed' LIMIT 1`);
      await db.query(`CREATE TABLE bench.outbox_template AS SELECT * FROM pledges.outbox_messages WHERE event_type LIKE 'pledge.confirmed%' LIMIT 1`);
      const cols = async (table: string) =>
        (
          await db.query(`SELECT column_name FROM information_schema.columns WHERE table_schema = 'pledges' AND table_name = $1 ORDER BY ordinal_position`, [
            table,
          ])
        ).rows.map((r: { column_name: string }) => r.column_name);
      const pledgeCols: string[] = await cols('pledges');
      const outboxCols = (await cols('outbox_messages')).filter((c) => !['id', 'tx_id', 'created_at', 'published_at'].includes(c));
      const select = (columns: string[], replace: Record<string, string>) => columns.map((c) => replace[c] ?? c).join(', ');
      const script = [
        `BEGIN;`,
        `INSERT INTO bench.pledges (${pledgeCols.join(', ')}) SELECT ${select(pledgeCols, { id: 'gen_random_uuid()', created_at: 'now()', confirmed_at: 'now()' })} FROM bench.pledge_template;`,
        `INSERT INTO bench.outbox_messages (${outboxCols.join(', ')}) SELECT ${select(outboxCols, { event_id: 'gen_random_uuid()' })} FROM bench.outbox_template;`,
        `END;`,
      ].join('\n');
      const dir = mkdtempSync(join(tmpdir(), 'civic-pgbench-'));
      writeFileSync(join(dir, 'pledge.sql'), script);
      const url = new URL(databaseUrl);
      const out = execFileSync(
        'pgbench',
        [
          '-n',
          '-M',
          'prepared',
          '-c',
          String(clientsN),
          '-j',
          '2',
          '-T',
          String(seconds),
          '-f',
          join(dir, 'pledge.sql'),
          '-h',
          url.hostname,
          '-p',
          url.port || '5432',
          '-U',
          decodeURIComponent(url.username),
          url.pathname.slice(1),
        ],
        { env: { ...process.env, PGPASSWORD: decodeURIComponent(url.password) }, encoding: 'utf8' },
      );
      const tps = Number(/tps = ([0-9.]+)/.exec(out)?.[1]);
      const latencyMs = Number(/latency average = ([0-9.]+) ms/.exec(out)?.[1]);
      if (!Number.isFinite(tps)) throw new Error(`could not read pgbench output:\n${out}`);
      return { tps, latencyMs, clients: clientsN };
    } finally {
      await db.query(`DROP SCHEMA IF EXISTS bench CASCADE`).catch(() => undefined);
      await db.end();
    }
  })();
}
