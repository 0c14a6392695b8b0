/**
 * bench/scale, step 2: every service's tables cloned inside their own schema, every UUID (also inside
 * text and JSON) mapped to a new one per clone, so each clone is a consistent copy of the template.
 */
import { createHash } from 'node:crypto';
import { Client } from 'pg';
import { dec, log as say } from './platform';

const log = (m: string) => say('scale', m);

/** The id clone k has for a template id: the same mapping as pg_temp.clone_uuid, md5('<uuid>:<k>') as a version-4 uuid. */
export function cloned(id: string, k: number): string {
  const h = createHash('md5').update(`${id}:${k}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20)}`;
}

/** Step 2: clone every service's tables `clones` - 1 more times, in FK order, ids remapped per clone. */
export async function cloneTemplate(databaseUrl: string, clones: number) {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  const UUID_RE = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
  // md5 hex shaped as a version-4 UUID (version nibble 4, variant 8), so validators accept it
  await db.query(
    `CREATE FUNCTION pg_temp.v4(h text) RETURNS uuid LANGUAGE sql IMMUTABLE AS $$ SELECT overlay(overlay(h placing '4' from 13) placing '8' from 17)::uuid $$`,
  );
  await db.query(`CREATE FUNCTION pg_temp.clone_uuid(u uuid, k int) RETURNS uuid LANGUAGE sql IMMUTABLE AS $$ SELECT pg_temp.v4(md5(u::text || ':' || k)) $$`);
  await db.query(`CREATE FUNCTION pg_temp.clone_text(t text, k int) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $$
    DECLARE m text[]; r text := t;
    BEGIN
      IF t IS NULL OR t !~ '${UUID_RE}' THEN RETURN t; END IF;
      FOR m IN SELECT regexp_matches(t, '${UUID_RE}', 'g') LOOP
        r := replace(r, m[1], pg_temp.v4(md5(m[1] || ':' || k))::text);
      END LOOP;
      RETURN r;
    END $$`);
  const skip = new Set(['migrations', 'outbox_messages', 'inbox_messages', 'outbox_relay_lease', 'idempotency_keys', 'audit_log', 'stripe_events']);
  const t0 = Date.now();
  for (const schema of ['campaigns', 'pledges', 'matching', 'payouts']) {
    const tables: string[] = (
      await db.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE'`, [schema])
    ).rows
      .map((r: { table_name: string }) => r.table_name)
      .filter((t: string) => !skip.has(t));
    const fks: { child: string; parent: string }[] = (
      await db.query(
        `SELECT c.relname AS child, p.relname AS parent FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class p ON p.oid = k.confrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace WHERE k.contype = 'f' AND n.nspname = $1`,
        [schema],
      )
    ).rows;
    const ordered: string[] = [];
    const visit = (t: string, path: Set<string>) => {
      if (ordered.includes(t) || path.has(t)) return;
      path.add(t);
      for (const fk of fks.filter((f) => f.child === t && f.parent !== t)) visit(fk.parent, path);
      ordered.push(t);
    };
    for (const t of tables) visit(t, new Set());
    for (const table of ordered.filter((t) => tables.includes(t))) {
      const cols: { column_name: string; data_type: string; udt_name: string; column_default: string | null }[] = (
        await db.query(
          `SELECT column_name, data_type, udt_name, column_default FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position`,
          [schema, table],
        )
      ).rows;
      const insertCols = cols.filter((c) => !(c.column_default ?? '').startsWith('nextval('));
      const expr = (c: (typeof cols)[number]) => {
        const q = `"${c.column_name}"`;
        if (schema === 'campaigns' && table === 'campaigns' && c.column_name === 'title') return `${q} || ' #' || k`;
        if (c.udt_name === 'uuid') return `pg_temp.clone_uuid(${q}, k)`;
        if (c.udt_name === 'text' || c.udt_name === 'varchar') return `pg_temp.clone_text(${q}, k)`;
        if (c.udt_name === 'jsonb') return `pg_temp.clone_text(${q}::text, k)::jsonb`;
        if (c.udt_name === '_text')
          return `CASE WHEN ${q} IS NULL OR cardinality(${q}) = 0 THEN ${q} ELSE ARRAY(SELECT pg_temp.clone_text(x, k) FROM unnest(${q}) WITH ORDINALITY AS u(x, o) ORDER BY o) END`;
        if (c.udt_name === '_uuid')
          return `CASE WHEN ${q} IS NULL OR cardinality(${q}) = 0 THEN ${q} ELSE ARRAY(SELECT pg_temp.clone_uuid(x, k) FROM unnest(${q}) WITH ORDINALITY AS u(x, o) ORDER BY o) END`;
        return q;
      };
      const t = Date.now();
      const orderBy = cols.some((c) => c.column_name === 'id' && (c.column_default ?? '').startsWith('nextval(')) ? 'ORDER BY k, "id"' : '';
      const res = await db.query(
        `INSERT INTO "${schema}"."${table}" (${insertCols.map((c) => `"${c.column_name}"`).join(', ')})
         SELECT ${insertCols.map(expr).join(', ')} FROM "${schema}"."${table}" CROSS JOIN generate_series(2, $1::int) AS k ${orderBy}`,
        [clones],
      );
      log(`clone: ${schema}.${table} +${(res.rowCount ?? 0).toLocaleString('en')} rows (${dec((Date.now() - t) / 1000, 1)} s)`);
    }
  }
  await db.query('ANALYZE');
  const counts = (
    await db.query(
      `SELECT (SELECT count(*) FROM campaigns.campaigns) AS campaigns, (SELECT count(*) FROM pledges.pledges WHERE status = 'confirmed') AS pledges,
            (SELECT count(*) FROM payouts.ledger_postings) AS postings, (SELECT count(*) FROM matching.match_allocations) AS allocations`,
    )
  ).rows[0];
  await db.end();
  log(
    `clone: done in ${dec((Date.now() - t0) / 1000, 0)} s: ${Number(counts.campaigns).toLocaleString('en')} campaigns, ${Number(counts.pledges).toLocaleString('en')} confirmed pledges, ${Number(counts.postings).toLocaleString('en')} ledger postings, ${Number(counts.allocations).toLocaleString('en')} match allocations`,
  );
  return counts;
}
