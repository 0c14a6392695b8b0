/** The raw PostgreSQL ceiling for pledge intake (bench/pledge-intake): pgbench running the pledge INSERT + outbox INSERT in one transaction. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, ClientBase } from 'pg';

/** The two statements of a ceiling transaction (run between BEGIN and END/COMMIT). */
export interface CeilingSql {
  pledge: string;
  outbox: string;
}

/**
 * A fresh `schema` holding empty copies of pledges.pledges and pledges.outbox_messages and one template row of each
 * (a confirmed pledge and its pledge.confirmed event, copied from real ones); returns the INSERTs that copy them.
 * pgbench (schema `bench`) and the bare route (schema `bench_bare`) run the same statements.
 */
export async function ceilingSchema(db: ClientBase, schema: string): Promise<CeilingSql> {
  await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await db.query(`CREATE SCHEMA ${schema}`);
  await db.query(`CREATE TABLE ${schema}.pledges (LIKE pledges.pledges INCLUDING ALL)`);
  await db.query(`CREATE TABLE ${schema}.outbox_messages (LIKE pledges.outbox_messages INCLUDING ALL)`);
  await db.query(`CREATE TABLE ${schema}.pledge_template AS SELECT * FROM pledges.pledges WHERE status = 'confirmed' LIMIT 1`);
  await db.query(`CREATE TABLE ${schema}.outbox_template AS SELECT * FROM pledges.outbox_messages WHERE event_type LIKE 'pledge.confirmed%' LIMIT 1`);
  const templates = await db.query(`SELECT (SELECT count(*) FROM ${schema}.pledge_template) + (SELECT count(*) FROM ${schema}.outbox_template) AS n`);
  if (Number(templates.rows[0].n) !== 2) throw new Error('ceiling: no confirmed pledge (or no pledge.confirmed event) to copy; run the platform levels first');
  const cols = async (table: string) =>
    (
      await db.query(`SELECT column_name FROM information_schema.columns WHERE table_schema = 'pledges' AND table_name = $1 ORDER BY ordinal_position`, [table])
    ).rows.map((r: { column_name: string }) => r.column_name);
  const pledgeCols: string[] = await cols('pledges');
  const outboxCols = (await cols('outbox_messages')).filter((c) => !['id', 'tx_id', 'created_at', 'published_at'].includes(c));
  const select = (columns: string[], replace: Record<string, string>) => columns.map((c) => replace[c] ?? c).join(', ');
  return {
    pledge: `INSERT INTO ${schema}.pledges (${pledgeCols.join(', ')}) SELECT ${select(pledgeCols, { id: 'gen_random_uuid()', created_at: 'now()', confirmed_at: 'now()' })} FROM ${schema}.pledge_template`,
    outbox: `INSERT INTO ${schema}.outbox_messages (${outboxCols.join(', ')}) SELECT ${select(outboxCols, { event_id: 'gen_random_uuid()' })} FROM ${schema}.outbox_template`,
  };
}

/** pgbench ceiling: the pledge row and its outbox row, copied from real ones, in one transaction. */
export function pgbenchCeiling(databaseUrl: string, clientsN: number, seconds: number): Promise<{ tps: number; latencyMs: number; clients: number }> {
  return (async () => {
    const db = new Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      const sql = await ceilingSchema(db, 'bench');
      const script = [`BEGIN;`, `${sql.pledge};`, `${sql.outbox};`, `END;`].join('\n');
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
