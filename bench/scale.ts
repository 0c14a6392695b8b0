/**
 * bench/scale: the read side at civic-platform size — 1,000,000 pledges over 10,000 campaigns —
 * then the campaign list (a deep page by number and by cursor), a campaign page (and its backers,
 * match and tranches) and the transparency export (whole, and filtered by fund and by campaign),
 * timed over HTTP, plus the ledger audit at that size. Not a test.
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
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Call, client, dec, fmt, log as say, startPlatform, stats, token } from './support/platform';
import { cloned, cloneTemplate } from './support/scale-clone';
import { runTemplate } from './support/scale-template';

const TEMPLATE_CAMPAIGNS = Number(process.env.TEMPLATE_CAMPAIGNS ?? 20);
const PLEDGES_PER_CAMPAIGN = Number(process.env.PLEDGES_PER_CAMPAIGN ?? 100);
const CLONES = Number(process.env.CLONES ?? 500);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 16);
const TIMED_CALLS = Number(process.env.TIMED_CALLS ?? 20);
const log = (m: string) => say('scale', m);

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

/** The cursor of page `page` of the newest-first list of 20, by following nextCursor from the first page ('' where the API has no cursor). */
async function cursorOfPage(call: Call, page: number): Promise<string> {
  let cursor = '';
  for (let i = 1; i < page; i++) {
    const r = await call<{ nextCursor?: string | null }>('GET', `/campaigns?pageSize=20${cursor ? `&cursor=${cursor}` : ''}`);
    if (r.status !== 200 || !r.body.nextCursor) return cursor;
    cursor = r.body.nextCursor;
  }
  return cursor;
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
    const template = await runTemplate(call, { campaigns: TEMPLATE_CAMPAIGNS, pledgesPerCampaign: PLEDGES_PER_CAMPAIGN, concurrency: CONCURRENCY });
    log(`template done in ${dec((Date.now() - t0) / 1000, 0)} s`);
    await cloneTemplate(platform.databaseUrl!, CLONES);
    const admin = await token(call, `admin-${randomUUID()}`, ['admin']);
    const someCampaign = template.campaignIds[3];
    const deep = CLONES >= 2 ? cloned(someCampaign, CLONES) : someCampaign;
    // the deep page: page 400 of 20 at full size, the last full page but one at smaller sizes; its cursor by walking there
    const deepPage = Math.max(2, Math.min(400, Math.floor((TEMPLATE_CAMPAIGNS * CLONES) / 20) - 1));
    const deepCursor = await cursorOfPage(call, deepPage);
    const lines = [
      await timed(call, 'GET /campaigns (first page, 20)', '/campaigns'),
      await timed(call, `GET /campaigns?page=${deepPage} (deep page)`, `/campaigns?page=${deepPage}&pageSize=20`),
      await timed(call, `GET /campaigns?cursor=… (page ${deepPage} by cursor)`, `/campaigns?pageSize=20&cursor=${deepCursor}`),
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
      await timed(call, 'GET /transparency/export?fundId=… (one fund)', `/transparency/export?format=json&fundId=${template.fundId}`),
      await timed(call, 'GET /transparency/export?campaignId=…', `/transparency/export?format=json&campaignId=${deep}`),
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
