/**
 * bench/scale: the read side at civic-platform size — 1,000,000 pledges over 10,000 campaigns —
 * then the campaign list, a campaign page (and its backers, match and tranches) and the
 * transparency export, timed over HTTP, plus the ledger audit at that size. Not a test.
 *
 * How the data is made (distributed mode, real PostgreSQL + Kafka):
 *  1. A template is run through the public API and the real event flow: TEMPLATE_CAMPAIGNS
 *     campaigns in one call, matched 1:1 by one fund, each with PLEDGES_PER_CAMPAIGN paid
 *     pledges; the campaigns close and succeed; the upfront tranche of every campaign is
 *     released and paid; half the campaigns have their milestone verified and its tranche paid.
 *  2. Each service's tables are then cloned CLONES times inside its own schema with every UUID
 *     (also inside text and JSON: ledger accounts, references, envelopes) mapped to a new one
 *     per clone (md5(uuid:k)), so each clone is a consistent copy of the template — a call, its
 *     fund and its campaigns, with their pledges, matches, tranches and ledger — and the ledger
 *     audit can check the whole. Messaging bookkeeping (outbox, inbox, idempotency keys, audit
 *     log) is not cloned: no timed endpoint reads it.
 *
 *   npm run bench:scale                                  # 20 × 500 = 10,000 campaigns, 1,000,000 pledges
 *   TEMPLATE_CAMPAIGNS=10 PLEDGES_PER_CAMPAIGN=20 CLONES=10 npm run bench:scale   # a quick look
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { aCall, aCampaign, isoIn } from '../tests/support/fixtures';
import { Call, client, dec, fmt, log as say, startPlatform, stats, token } from './support/platform';
import { rng } from './support/rng';
import { waitAcceptingPledges } from './support/scenario';

const TEMPLATE_CAMPAIGNS = Number(process.env.TEMPLATE_CAMPAIGNS ?? 20);
const PLEDGES_PER_CAMPAIGN = Number(process.env.PLEDGES_PER_CAMPAIGN ?? 100);
const CLONES = Number(process.env.CLONES ?? 500);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 16);
const TIMED_CALLS = Number(process.env.TIMED_CALLS ?? 20);
const log = (m: string) => say('scale', m);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function must<T>(p: Promise<{ status: number; body: T }>, status: number, what: string): Promise<T> {
  const res = await p;
  if (res.status !== status) throw new Error(`${what}: expected ${status}, got ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
  return res.body;
}

async function until<T>(what: string, read: () => Promise<T | undefined>, timeoutMs = 180_000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await read();
    if (v !== undefined) return v;
    if (Date.now() - t0 > timeoutMs) throw new Error(`${what}: not after ${timeoutMs / 1000} s`);
    await sleep(250);
  }
}

async function pool<T>(items: T[], n: number, work: (item: T, i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < items.length) {
        const i = next++;
        await work(items[i], i);
      }
    }),
  );
}

/** Step 1: the template, through the API and the event flow. */
async function runTemplate(call: Call) {
  const tag = randomUUID();
  const funder = await token(call, `funder-${tag}`, ['funder']);
  const promoter = await token(call, `promoter-${tag}`, ['promoter']);
  const verifier = await token(call, `verifier-${randomUUID()}`, ['verifier']);
  const c = await must(call<{ id: string }>('POST', '/calls', funder, aCall({ maxGoalAmount: 1_000_000_000 })), 201, 'call');
  const fund = await must(
    call<{ id: string }>('POST', '/funds', funder, { name: 'Fondo quartieri', currency: 'EUR', budgetAmount: 1_000_000_000, sourceTags: ['comune', 'fesr'] }),
    201,
    'fund',
  );
  await must(call('POST', `/funds/${fund.id}/rules`, funder, { type: 'ratio', numerator: 1, denominator: 1, eligibility: { callIds: [c.id] } }), 201, 'rule');
  await must(
    call('POST', '/promoters/me/payout-account', promoter, { method: 'external', iban: 'IT60 X054 2811 1010 0000 0123 456', accountHolder: 'APS Bench' }),
    200,
    'payout account',
  );
  // Pledging must finish before the deadline: bench/pledge-intake measures ~25-35 pledges/s on
  // 2 cores (distributed); plan for TEMPLATE_PLEDGE_RATE (15) per second, plus a margin.
  const pledgeSeconds = Math.ceil((TEMPLATE_CAMPAIGNS * PLEDGES_PER_CAMPAIGN) / Number(process.env.TEMPLATE_PLEDGE_RATE ?? 15)) + 30;
  const endsAt = Date.now() + pledgeSeconds * 1000;
  const ids: string[] = [];
  for (let i = 0; i < TEMPLATE_CAMPAIGNS; i++) {
    const areas = ['Giambellino', 'Corvetto'];
    const draft = await must(
      call<{ id: string }>(
        'POST',
        '/campaigns',
        promoter,
        aCampaign(c.id, {
          title: `Progetto di quartiere ${i}`,
          area: areas[i % 2],
          fundingModel: 'keep_it_all',
          goalAmount: 200_000,
          cofinancingAmount: 20_000,
          startsAt: isoIn(-1),
          endsAt: new Date(endsAt).toISOString(),
          milestones: [
            {
              title: 'Households served',
              indicator: 'households',
              unit: 'households',
              baseline: 0,
              target: 100,
              dueAt: isoIn(60),
              payoutSharePct: 60,
              paymentRule: 'binary',
            },
          ],
        }),
      ),
      201,
      'campaign',
    );
    await must(call('POST', `/campaigns/${draft.id}/submit`, promoter), 200, 'submit');
    await must(call('POST', `/campaigns/${draft.id}/approve`, funder), 200, 'approve');
    ids.push(draft.id);
  }
  await waitAcceptingPledges(call, ids);
  log(
    `template: ${TEMPLATE_CAMPAIGNS} campaigns live; pledging ${TEMPLATE_CAMPAIGNS * PLEDGES_PER_CAMPAIGN} times (deadline in ${Math.round((endsAt - Date.now()) / 1000)} s)`,
  );
  const donors = await Promise.all(Array.from({ length: 50 }, () => token(call, `citizen-${randomUUID()}`, ['citizen'])));
  const random = rng(11);
  const jobs = ids.flatMap((id) =>
    Array.from({ length: PLEDGES_PER_CAMPAIGN }, () => ({
      id,
      amount: 500 + Math.floor(random() * 100) * 100,
      donor: donors[Math.floor(random() * donors.length)],
    })),
  );
  let done = 0;
  await pool(jobs, CONCURRENCY, async (j) => {
    const created = await must(
      call<{ id: string }>('POST', '/pledges', j.donor, { campaignId: j.id, amount: j.amount, currency: 'EUR' }, { 'idempotency-key': randomUUID() }),
      201,
      'pledge',
    );
    await must(call('POST', `/pledges/${created.id}/sandbox-confirm`, j.donor, { cardNumber: '4242424242424242' }), 200, 'confirm');
    if (++done % 500 === 0) log(`template: ${done} / ${jobs.length} pledges`);
  });
  if (Date.now() > endsAt) throw new Error('pledging ran past the deadline; lower CONCURRENCY or PLEDGES_PER_CAMPAIGN');
  log(`template: waiting for the deadline and the closing saga`);
  await sleep(Math.max(0, endsAt - Date.now()));
  for (const id of ids) {
    await until(`campaign ${id} in delivery`, async () => {
      const r = await call<{ status: string }>('GET', `/campaigns/${id}`);
      return r.body.status === 'in_delivery' ? true : undefined;
    });
  }
  log('template: every campaign succeeded; releasing tranches');
  for (const [i, id] of ids.entries()) {
    const tranches = await until(`tranches of ${id}`, async () => {
      const r = await call<{ id: string; kind: string; status: string }[]>('GET', `/campaigns/${id}/tranches`);
      return r.status === 200 && r.body.some((t) => t.kind === 'upfront' && t.status === 'eligible') ? r.body : undefined;
    });
    await must(
      call('POST', `/tranches/${tranches.find((t) => t.kind === 'upfront')!.id}/release`, funder, undefined, { 'idempotency-key': randomUUID() }),
      200,
      'release upfront',
    );
    if (i % 2 === 0) {
      const campaign = await must(call<{ milestones: { id: string }[] }>('GET', `/campaigns/${id}`), 200, 'campaign');
      const m = campaign.milestones[0].id;
      await must(
        call('POST', `/campaigns/${id}/milestones/${m}/evidence`, promoter, {
          reportedValue: 120,
          description: 'Registro presenze',
          documents: [{ url: 'https://example.org/registro.pdf', sha256: 'a'.repeat(64) }],
        }),
        201,
        'evidence',
      );
      await must(
        call('POST', `/campaigns/${id}/milestones/${m}/verification`, verifier, { verifiedValue: 110, approved: true, notes: 'checked' }),
        200,
        'verification',
      );
      const milestoneTranche = await until(`milestone tranche of ${id}`, async () => {
        const r = await call<{ id: string; kind: string; status: string }[]>('GET', `/campaigns/${id}/tranches`);
        return r.body.find((t) => t.kind === 'milestone' && t.status === 'eligible');
      });
      await must(call('POST', `/tranches/${milestoneTranche.id}/release`, funder, undefined, { 'idempotency-key': randomUUID() }), 200, 'release milestone');
    }
  }
  // External (IBAN) payouts: the treasury records each bank transfer of a released tranche.
  for (const id of ids) {
    const r = await call<{ id: string; status: string }[]>('GET', `/campaigns/${id}/tranches`);
    for (const t of r.body.filter((x) => x.status === 'released')) {
      await must(call('POST', `/tranches/${t.id}/confirm-payment`, funder, { bankReference: `BANK-${t.id.slice(0, 8)}` }), 200, 'confirm payment');
    }
  }
  return { campaignIds: ids, fundId: fund.id, callId: c.id };
}

/** Step 2: clone every service's tables CLONES - 1 more times, in FK order, ids remapped per clone. */
async function cloneTemplate(databaseUrl: string) {
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
        [CLONES],
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

async function timed(call: Call, label: string, path: string, token?: string): Promise<string> {
  const samples: number[] = [];
  let bytes = 0;
  let status = 0;
  for (let i = 0; i <= TIMED_CALLS; i++) {
    const t = performance.now();
    const r = await call('GET', path, token).catch((e: Error) => ({ status: 0, body: e.message }));
    const ms = performance.now() - t;
    status = r.status;
    bytes = JSON.stringify(r.body ?? '').length;
    if (i > 0) samples.push(ms); // the first call warms caches and is not counted
  }
  const s = stats(samples);
  return `${label.padEnd(44)} ${String(status).padStart(3)}  p50 ${fmt(s.p50).padStart(10)}  p95 ${fmt(s.p95).padStart(10)}  max ${fmt(s.max).padStart(10)}  ${dec(bytes / 1024, 0).padStart(6)} KiB`;
}

async function main() {
  const logDir = mkdtempSync(join(tmpdir(), 'civic-bench-'));
  log(
    `template ${TEMPLATE_CAMPAIGNS} campaigns × ${PLEDGES_PER_CAMPAIGN} pledges, cloned ×${CLONES} = ${(TEMPLATE_CAMPAIGNS * CLONES).toLocaleString('en')} campaigns, ${(TEMPLATE_CAMPAIGNS * PLEDGES_PER_CAMPAIGN * CLONES).toLocaleString('en')} pledges; logs in ${logDir}`,
  );
  const platform = await startPlatform('distributed', { basePort: 3700, logDir, env: { JOBS_INTERVAL_MS: '500', FUNDING_CLOSE_GRACE_SECONDS: '2' } });
  try {
    const call = client(platform);
    const t0 = Date.now();
    const template = await runTemplate(call);
    log(`template done in ${dec((Date.now() - t0) / 1000, 0)} s`);
    await cloneTemplate(platform.databaseUrl!);
    const admin = await token(call, `admin-${randomUUID()}`, ['admin']);
    const someCampaign = template.campaignIds[3];
    const cloned = (id: string, k: number) => {
      // the same mapping as pg_temp.clone_uuid: md5('<uuid>:<k>') as a uuid
      const h = createHash('md5').update(`${id}:${k}`).digest('hex');
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20)}`;
    };
    const deep = CLONES >= 2 ? cloned(someCampaign, CLONES) : someCampaign;
    const lines = [
      await timed(call, 'GET /campaigns (first page, 20)', '/campaigns'),
      await timed(call, 'GET /campaigns?page=400 (deep page)', '/campaigns?page=400&pageSize=20'),
      await timed(call, 'GET /campaigns?q=quartiere&area=Corvetto', '/campaigns?q=quartiere&area=Corvetto'),
      await timed(call, 'GET /campaigns?sort=most_backed', '/campaigns?sort=most_backed'),
      await timed(call, 'GET /campaigns?status=in_delivery&callId=…', `/campaigns?status=in_delivery&callId=${cloned(template.callId, Math.max(2, CLONES))}`),
      await timed(call, 'GET /campaigns/:id (last clone)', `/campaigns/${deep}`),
      await timed(call, 'GET /campaigns/:id/pledges (backers)', `/campaigns/${deep}/pledges`),
      await timed(call, 'GET /campaigns/:id/match', `/campaigns/${deep}/match`),
      await timed(call, 'GET /campaigns/:id/tranches', `/campaigns/${deep}/tranches`),
      await timed(call, 'GET /ledger/campaigns/:id', `/ledger/campaigns/${deep}`),
      await timed(call, 'GET /funds/:id', `/funds/${template.fundId}`),
      await timed(call, 'GET /transparency/export?format=json', '/transparency/export?format=json'),
      await timed(call, 'GET /transparency/export?format=csv', '/transparency/export?format=csv'),
    ];
    const audit = await call<{ ok: boolean; violations?: unknown[] }>('GET', '/ledger/audit', admin);
    const ta = performance.now();
    await call('GET', '/ledger/audit', admin);
    const auditMs = performance.now() - ta;
    console.log(
      `\n=== scale run: ${(TEMPLATE_CAMPAIGNS * CLONES).toLocaleString('en')} campaigns, ${(TEMPLATE_CAMPAIGNS * PLEDGES_PER_CAMPAIGN * CLONES).toLocaleString('en')} pledges (distributed; ${TIMED_CALLS} timed calls each after one warm-up) ===`,
    );
    for (const l of lines) console.log(l);
    console.log(
      `GET /ledger/audit (admin)                    ${audit.status}  ${fmt(auditMs)}  ok=${audit.body.ok}${audit.body.ok ? '' : ` ${JSON.stringify(audit.body).slice(0, 400)}`}`,
    );
    if (!audit.body.ok) process.exitCode = 1;
  } finally {
    await platform.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
