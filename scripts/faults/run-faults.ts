/**
 * Fault-injection run, distributed mode (issue 8, part 2): `bash scripts/faults/run-faults.sh`.
 *
 * Starts its own Kafka broker (KAFKA_PORT 19092) and the four services as separate processes
 * (ports 3201-3204) on a fresh PostgreSQL database, drives a steady load through the public HTTP
 * API — pledges created and paid, campaigns reaching their deadline and succeeding, tranches
 * released, milestone evidence verified — and meanwhile SIGKILLs each service once (restarting it)
 * and stops + starts the broker once, on a schedule drawn from a printed seed. Then it waits until
 * the system is quiet (outboxes published, consumer groups caught up) and checks, per campaign and
 * per tranche, that the ledger audit holds, every confirmed pledge is counted exactly once by
 * pledges, campaigns, matching and the payouts ledger, no tranche is paid twice, and every request
 * got a success or an expected error while a service was down (never a 500).
 *
 * Env: FAULTS_SEED (random) FAULTS_LOAD_SECONDS (90) FAULTS_CAMPAIGNS (8) FAULTS_CONCURRENCY (6)
 *      FAULTS_BASE_PORT (3201) FAULTS_KAFKA_PORT (19092) FAULTS_QUIESCE_SECONDS (90)
 *      FAULTS_ARTIFACTS (artifacts/faults) FAULTS_RUN_DIR (.data/faults/<run>) FAULTS_KEEP (1 = keep db)
 *      DATABASE_URL (postgres://civic:civic@127.0.0.1:5432/civic: the server, not the database used)
 */
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { randomBytes, randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { join, resolve } from 'node:path';
import { AssignerProtocol, Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { aCall, isoIn } from '../../tests/support/fixtures';
import { serviceFor } from '../../tests/support/routes';

// ---------------------------------------------------------------------------------------------
// configuration
type Svc = 'campaigns' | 'pledges' | 'matching' | 'payouts';
const SERVICES: Svc[] = ['campaigns', 'pledges', 'matching', 'payouts'];
const ROOT = resolve(__dirname, '../..');
const env = process.env;
const int = (name: string, dflt: number) => {
  const v = env[name] === undefined || env[name] === '' ? dflt : Number(env[name]);
  if (!Number.isInteger(v) || v < 0) throw new Error(`${name} must be a non-negative integer (got ${env[name]})`);
  return v;
};
const SEED = env.FAULTS_SEED ? int('FAULTS_SEED', 0) : randomBytes(4).readUInt32BE(0);
const LOAD_S = int('FAULTS_LOAD_SECONDS', 90);
const N_CAMPAIGNS = int('FAULTS_CAMPAIGNS', 8);
const CONCURRENCY = int('FAULTS_CONCURRENCY', 6);
const BASE_PORT = int('FAULTS_BASE_PORT', 3201);
const KAFKA_PORT = int('FAULTS_KAFKA_PORT', 19092);
const QUIESCE_S = int('FAULTS_QUIESCE_SECONDS', 90);
const PORTS: Record<Svc, number> = { campaigns: BASE_PORT, pledges: BASE_PORT + 1, matching: BASE_PORT + 2, payouts: BASE_PORT + 3 };
const RUN_ID = `${new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14)}_${randomBytes(2).toString('hex')}`;
const ARTIFACTS = resolve(ROOT, env.FAULTS_ARTIFACTS ?? 'artifacts/faults');
const RUN_DIR = resolve(ROOT, env.FAULTS_RUN_DIR ?? `.data/faults/${RUN_ID}`);
const DB_NAME = `civic_faults_${RUN_ID}`;
const NAMESPACE = `faults_${RUN_ID}`;
const ADMIN_DB_URL = env.DATABASE_URL ?? 'postgres://civic:civic@127.0.0.1:5432/civic';
const DB_URL = (() => {
  const u = new URL(ADMIN_DB_URL);
  u.pathname = `/${DB_NAME}`;
  return u.toString();
})();
const DEV_SECRET = randomBytes(32).toString('hex');
const RATIO = { numerator: 1, denominator: 2 };
const T0 = Date.now();
const secs = (ms: number) => `${Math.floor(Math.round(ms / 100) / 10)}.${Math.round(ms / 100) % 10}`;
const euros = (cents: number) => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
const log = (msg: string) => console.log(`[faults +${secs(Date.now() - T0)}s] ${msg}`);
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** mulberry32: a small seeded PRNG, so the fault schedule and the load's choices replay from the seed. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---------------------------------------------------------------------------------------------
// processes: the broker (scripts/infra/start-kafka.sh with its own ports and state) and services
const kafkaEnv = {
  ...env,
  KAFKA_PORT: String(KAFKA_PORT),
  KAFKA_CONTROLLER_PORT: String(KAFKA_PORT + 1),
  KAFKA_STATE_DIR: join(RUN_DIR, 'kafka'),
  CIVIC_RUN_DIR: RUN_DIR,
  KAFKA_HEAP_OPTS: env.FAULTS_KAFKA_HEAP_OPTS ?? '-Xms192m -Xmx384m',
};
const kafkaPid = () => Number(readFileSync(join(RUN_DIR, 'kafka.pid'), 'utf8').trim());

function startKafka(fresh: boolean): void {
  const r = spawnSync('bash', [join(ROOT, 'scripts/infra/start-kafka.sh')], { env: { ...kafkaEnv, KAFKA_FRESH: fresh ? '1' : '0' }, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`start-kafka.sh failed (${r.status}): ${r.stderr}`);
}

async function stopKafka(): Promise<void> {
  if (!existsSync(join(RUN_DIR, 'kafka.pid'))) return;
  const pid = kafkaPid();
  if (!alive(pid)) return;
  process.kill(pid, 'SIGTERM');
  for (let i = 0; i < 120 && alive(pid); i++) await sleep(250);
  if (alive(pid)) process.kill(pid, 'SIGKILL');
  for (let i = 0; i < 40 && alive(pid); i++) await sleep(250);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const children = new Map<Svc, ChildProcess>();
const logs = new Map<Svc, ReturnType<typeof createWriteStream>>();

function startService(svc: Svc): ChildProcess {
  const out = logs.get(svc) ?? createWriteStream(join(ARTIFACTS, `${svc}.log`), { flags: 'a' });
  logs.set(svc, out);
  out.write(`\n===== [faults +${secs(Date.now() - T0)}s] starting ${svc} on :${PORTS[svc]}\n`);
  const child = spawn(process.execPath, ['-r', '@swc-node/register', `apps/${svc}/src/main.ts`], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: env.PATH,
      HOME: env.HOME,
      NODE_ENV: env.NODE_ENV,
      RUN_MODE: 'distributed',
      HOST: '127.0.0.1',
      PORT: String(PORTS[svc]),
      LOG_LEVEL: env.FAULTS_LOG_LEVEL ?? 'info',
      DATABASE_URL: DB_URL,
      DATABASE_POOL_SIZE: '5',
      KAFKA_BROKERS: `127.0.0.1:${KAFKA_PORT}`,
      KAFKA_NAMESPACE: NAMESPACE,
      KAFKA_CLIENT_ID: `civic-faults-${svc}`,
      AUTH_DEV_TOKENS: 'true',
      AUTH_DEV_SECRET: DEV_SECRET,
      PAYMENTS_PROVIDER: 'sandbox',
      DEMO_SEED: 'false',
      MATCHING_BASE_URL: `http://127.0.0.1:${PORTS.matching}`,
      CAMPAIGNS_BASE_URL: `http://127.0.0.1:${PORTS.campaigns}`, // GET /audit/platform (payouts) reads every service's figures
      PLEDGES_BASE_URL: `http://127.0.0.1:${PORTS.pledges}`,
      // real wall clock: deadlines come a few seconds into the load and jobs look for them often
      JOBS_INTERVAL_MS: '500',
      FUNDING_CLOSE_GRACE_SECONDS: '2',
      // the load is one client: per-IP limits of pledge and auth endpoints would only throttle it
      RATE_LIMIT_PLEDGES_PER_MINUTE: '1000000',
      RATE_LIMIT_AUTH_PER_MINUTE: '1000000',
    },
  });
  child.stdout?.pipe(out, { end: false });
  child.stderr?.pipe(out, { end: false });
  writeFileSync(join(RUN_DIR, `${svc}.pid`), String(child.pid));
  children.set(svc, child);
  return child;
}

const portRefuses = (port: number) =>
  new Promise<boolean>((res) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => (s.destroy(), res(false)));
    s.once('error', () => res(true));
  });

/** Waits for /health 200; returns the distinct answers seen before (why it was not ready). */
async function waitHealthy(svc: Svc, timeoutMs = 90_000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  const seen = new Map<string, number>();
  while (Date.now() < deadline) {
    const child = children.get(svc);
    if (child && child.exitCode !== null) throw new Error(`${svc} exited (${child.exitCode}) before becoming healthy; see ${ARTIFACTS}/${svc}.log`);
    let answer: string;
    try {
      const r = await fetch(`http://127.0.0.1:${PORTS[svc]}/health`, { signal: AbortSignal.timeout(5000) });
      if (r.status === 200) return [...seen.entries()].map(([a, n]) => `${n}x ${a}`);
      answer = `${r.status} ${(await r.text()).slice(0, 200)}`;
    } catch (e) {
      const err = e as Error & { cause?: { code?: string } };
      answer = err.cause?.code ?? err.name;
    }
    seen.set(answer, (seen.get(answer) ?? 0) + 1);
    await sleep(250);
  }
  throw new Error(`${svc}: /health not 200 after ${timeoutMs / 1000} s (${[...seen.keys()].join(' | ')}); see ${ARTIFACTS}/${svc}.log`);
}

// ---------------------------------------------------------------------------------------------
// HTTP: every call goes straight to the service that owns the path (the gateway's routing table)
interface Res {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** a previous attempt's outcome is unknown (connection reset or timeout after sending) */
  ambiguous: boolean;
}
const stats = {
  requests: 0,
  attempts: 0,
  retries: {} as Record<string, number>,
  byStatus: {} as Record<string, number>,
  unexpected: [] as string[],
  expectedRefusals: {} as Record<string, number>,
};
let faultActive: string | null = null;
const retriesOutsideFaults: string[] = [];
const count = (m: Record<string, number>, k: string, n = 1) => (m[k] = (m[k] ?? 0) + n);

async function http(method: string, path: string, opts: { token?: string; body?: unknown; idem?: string; budgetMs?: number } = {}): Promise<Res> {
  const url = `http://127.0.0.1:${PORTS[serviceFor(path)]}${path}`;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.idem) headers['idempotency-key'] = opts.idem;
  const deadline = Date.now() + (opts.budgetMs ?? 120_000);
  stats.requests++;
  let ambiguous = false;
  for (let attempt = 1; ; attempt++) {
    stats.attempts++;
    let reason: string;
    try {
      const r = await fetch(url, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body), signal: AbortSignal.timeout(20_000) });
      const text = await r.text();
      count(stats.byStatus, String(r.status));
      if (![502, 503, 504].includes(r.status)) {
        let body: unknown = text;
        try {
          body = text ? JSON.parse(text) : null;
        } catch {
          /* not JSON */
        }
        if (r.status >= 500) stats.unexpected.push(`${method} ${path} -> ${r.status} ${text.slice(0, 300)}`);
        return { status: r.status, body, ambiguous };
      }
      reason = `http_${r.status}`;
    } catch (e) {
      const err = e as Error & { cause?: { code?: string } };
      const code = err.cause?.code ?? err.name;
      if (code === 'ECONNREFUSED') reason = 'connection_refused';
      else {
        reason = code === 'TimeoutError' ? 'timeout' : `reset(${code})`;
        ambiguous = true;
      }
    }
    count(stats.retries, reason);
    if (!faultActive) retriesOutsideFaults.push(`${method} ${path}: ${reason}`);
    if (Date.now() > deadline) throw new Error(`${method} ${path}: still failing (${reason}) after ${attempt} attempts`);
    await sleep(Math.min(200 * attempt, 1000));
  }
}

function unexpected(what: string, r: Res): never {
  const msg = `${what}: unexpected ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`;
  stats.unexpected.push(msg);
  throw new Error(msg);
}

// ---------------------------------------------------------------------------------------------
// the world of the run
interface Campaign {
  id: string;
  promoter: string; // token
  endsAt: number;
  milestoneId: string;
  keys: number; // idempotency keys used for pledges
  confirmed: Map<string, { amount: number; donor: string }>;
  closedPledges: number;
  done: boolean;
  releases: number;
}
const tokens = {} as { funder: string; funderId: string; admin: string; verifier: string; promoters: string[]; citizens: { id: string; token: string }[] };
const campaigns: Campaign[] = [];
let fundId = '';
const faults: { what: string; at: number; downMs: number; detail: string }[] = [];
let pledgesStopped = false;

async function token(sub: string, roles: string[]): Promise<string> {
  const r = await http('POST', '/auth/dev-token', { body: { sub, roles } });
  if (r.status !== 201) unexpected('dev token', r);
  return r.body.token as string;
}

async function setup(): Promise<void> {
  const tag = RUN_ID.slice(-4);
  tokens.funderId = `funder-${tag}`;
  tokens.funder = await token(tokens.funderId, ['funder']);
  tokens.admin = await token(`admin-${tag}`, ['admin']);
  tokens.verifier = await token(`verifier-${tag}`, ['verifier']);
  tokens.promoters = [];
  for (let i = 0; i < 4; i++) tokens.promoters.push(await token(`promoter${i}-${tag}`, ['promoter']));
  tokens.citizens = [];
  for (let i = 0; i < 20; i++) tokens.citizens.push({ id: `citizen${i}-${tag}`, token: await token(`citizen${i}-${tag}`, ['citizen']) });

  const call = await http('POST', '/calls', { token: tokens.funder, body: aCall({ minGoalAmount: 10_000 }) });
  if (call.status !== 201) unexpected('create call', call);
  const fund = await http('POST', '/funds', { token: tokens.funder, idem: randomUUID(), body: { name: 'Faults — match', currency: 'EUR', budgetAmount: 100_000_000, sourceTags: ['municipal'] } });
  if (fund.status !== 201) unexpected('create fund', fund);
  fundId = fund.body.id;
  const rule = await http('POST', `/funds/${fundId}/rules`, { token: tokens.funder, idem: randomUUID(), body: { type: 'ratio', ...RATIO, eligibility: { callIds: [call.body.id] } } });
  if (rule.status !== 201) unexpected('create rule', rule);
  for (const p of tokens.promoters) {
    const acct = await http('POST', '/promoters/me/payout-account', { token: p, body: { method: 'stripe_connect' } });
    if (acct.status !== 200) unexpected('payout account', acct);
  }

  // Deadlines spread over the load: the first a little after it starts, the last before it ends.
  const loadStart = Date.now() + 8_000;
  const first = 20_000;
  const last = Math.max(first + 1000, (LOAD_S - 12) * 1000);
  for (let i = 0; i < N_CAMPAIGNS; i++) {
    const endsAt = loadStart + first + Math.round(((last - first) * i) / Math.max(1, N_CAMPAIGNS - 1));
    const promoter = tokens.promoters[i % tokens.promoters.length];
    const body = {
      title: `Fault campaign ${i + 1}`, summary: 's', description: 'd', callId: call.body.id, area: 'Giambellino', category: 'social_concierge', promoterType: 'ets',
      goalAmount: 100_000, currency: 'EUR', fundingModel: 'keep_it_all', startsAt: isoIn(-1), endsAt: new Date(endsAt).toISOString(), cofinancingAmount: 10_000,
      upfrontSharePct: 30, failedMilestonePolicy: 'refund_donor_share',
      milestones: [{ title: 'Households served', indicator: 'households', unit: 'households', baseline: 0, target: 10, dueAt: isoIn(60), payoutSharePct: 70, paymentRule: 'binary' }],
    };
    const draft = await http('POST', '/campaigns', { token: promoter, body });
    if (draft.status !== 201) unexpected('create campaign', draft);
    const id = draft.body.id as string;
    const sub = await http('POST', `/campaigns/${id}/submit`, { token: promoter });
    if (sub.status !== 200) unexpected('submit campaign', sub);
    const ok = await http('POST', `/campaigns/${id}/approve`, { token: tokens.funder });
    if (ok.status !== 200 || ok.body.status !== 'live') unexpected('approve campaign', ok);
    const view = await http('GET', `/campaigns/${id}`);
    if (view.status !== 200 || view.body.milestones?.length !== 1) unexpected('GET campaign', view);
    campaigns.push({ id, promoter, endsAt, milestoneId: view.body.milestones[0].id, keys: 0, confirmed: new Map(), closedPledges: 0, done: false, releases: 0 });
  }
  // Every service must know the campaigns (campaign.published across Kafka) before the load.
  const db = await pg();
  try {
    for (let i = 0; ; i++) {
      const [row] = (
        await db.query(
          `SELECT (SELECT count(*) FROM pledges.campaign_views)::int AS p, (SELECT count(*) FROM matching.campaign_views)::int AS m, (SELECT count(*) FROM payouts.campaign_views)::int AS y`,
        )
      ).rows;
      if (row.p === N_CAMPAIGNS && row.m === N_CAMPAIGNS && row.y === N_CAMPAIGNS) break;
      if (i > 120) throw new Error(`campaigns not known everywhere after 60 s: ${JSON.stringify(row)}`);
      await sleep(500);
    }
  } finally {
    await db.end();
  }
}

// ---------------------------------------------------------------------------------------------
// load
async function pledgeWorker(w: number): Promise<number> {
  const rnd = prng(SEED * 31 + w + 1);
  let made = 0;
  while (!pledgesStopped) {
    const now = Date.now();
    const open = campaigns.filter((c) => c.endsAt - now > 4_000);
    if (open.length === 0) break;
    const c = open[Math.floor(rnd() * open.length)];
    const citizen = tokens.citizens[Math.floor(rnd() * tokens.citizens.length)];
    const amount = 100 + Math.floor(rnd() * 4_900);
    const key = randomUUID();
    c.keys++;
    made++;
    const created = await http('POST', '/pledges', { token: citizen.token, idem: key, body: { campaignId: c.id, amount, currency: 'EUR' } });
    if (created.status === 409 && Date.now() >= c.endsAt) {
      // the retries outlived the campaign's deadline: refused, and counted nowhere
      count(stats.expectedRefusals, 'pledge refused: campaign closed while pledges was down');
      continue;
    }
    if (created.status !== 201) unexpected(`POST /pledges (${c.id})`, created);
    const confirmed = await http('POST', `/pledges/${created.body.id}/sandbox-confirm`, { token: citizen.token, body: { cardNumber: '4242424242424242' } });
    if (confirmed.status === 409 && Date.now() >= c.endsAt) {
      count(stats.expectedRefusals, 'pledge unpaid at funding close (cancelled)');
      c.closedPledges++;
      continue;
    }
    if (confirmed.status !== 200 || confirmed.body.status !== 'confirmed') unexpected(`sandbox-confirm ${created.body.id}`, confirmed);
    if (c.confirmed.has(created.body.id)) throw new Error(`pledge ${created.body.id} confirmed twice by the driver`);
    c.confirmed.set(created.body.id, { amount, donor: citizen.id });
    await sleep(50 + Math.floor(rnd() * 100));
  }
  return made;
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(400);
  }
}

type Tranche = { id: string; kind: string; status: string; amount: number; dueAmount: number | null; payout: { method: string | null; reference: string | null } };

async function tranchesOf(c: Campaign): Promise<Tranche[]> {
  const r = await http('GET', `/campaigns/${c.id}/tranches`);
  if (r.status !== 200) unexpected('GET tranches', r);
  return r.body;
}

async function release(c: Campaign, t: Tranche): Promise<void> {
  const r = await http('POST', `/tranches/${t.id}/release`, { token: tokens.funder, idem: `release-${t.id}` });
  if (r.status !== 200 || !['released', 'paid'].includes(r.body.status)) unexpected(`release ${t.id}`, r);
  c.releases++;
}

/** One campaign after its deadline: success, upfront tranche released, evidence, verification, milestone tranche released. */
async function lifecycle(c: Campaign): Promise<void> {
  await sleep(Math.max(0, c.endsAt - Date.now()));
  const status = await waitFor(`campaign ${c.id} to close`, async () => {
    const r = await http('GET', `/campaigns/${c.id}`);
    if (r.status !== 200) unexpected('GET campaign', r);
    return ['in_delivery', 'failed', 'completed'].includes(r.body.status) ? (r.body.status as string) : undefined;
  });
  if (status !== 'in_delivery') throw new Error(`campaign ${c.id} ended ${status}, expected in_delivery`);
  const planned = await waitFor(`tranches of ${c.id}`, async () => {
    const ts = await tranchesOf(c);
    return ts.length === 2 ? ts : undefined;
  });
  await release(c, planned[0]);
  const ev = await http('POST', `/campaigns/${c.id}/milestones/${c.milestoneId}/evidence`, {
    token: c.promoter, body: { reportedValue: 12, description: 'households served, register attached', documents: [] },
  });
  if (ev.status !== 201) unexpected('evidence', ev);
  const ver = await http('POST', `/campaigns/${c.id}/milestones/${c.milestoneId}/verification`, { token: tokens.verifier, body: { verifiedValue: 12, approved: true, notes: 'checked' } });
  if (!(ver.status === 200 || (ver.status === 409 && ver.ambiguous && (await milestoneStatus(c)) === 'verified'))) unexpected('verification', ver);
  const eligible = await waitFor(`milestone tranche of ${c.id} to become eligible`, async () => {
    const ts = await tranchesOf(c);
    return ts[1].status === 'eligible' ? ts[1] : undefined;
  });
  await release(c, eligible);
  c.done = true;
}

async function milestoneStatus(c: Campaign): Promise<string> {
  const r = await http('GET', `/campaigns/${c.id}`);
  return r.body.milestones.find((m: { id: string }) => m.id === c.milestoneId)?.status;
}

// ---------------------------------------------------------------------------------------------
// faults
async function killAndRestart(svc: Svc, rnd: () => number): Promise<void> {
  const child = children.get(svc)!;
  const exited = new Promise<void>((r) => (child.exitCode !== null || child.signalCode !== null ? r() : child.once('exit', () => r())));
  faultActive = `kill ${svc}`;
  const t = Date.now();
  process.kill(child.pid!, 'SIGKILL');
  await exited;
  await waitFor(`${svc} port to refuse`, async () => ((await portRefuses(PORTS[svc])) ? true : undefined), 10_000);
  const pause = Math.floor(rnd() * 1500);
  await sleep(pause);
  startService(svc);
  const before = await waitHealthy(svc);
  const down = Date.now() - t;
  if (env.FAULTS_VERBOSE === '1') log(`${svc} /health before 200: ${before.join(' | ')}`);
  faults.push({ what: `SIGKILL ${svc}`, at: t - T0, downMs: down, detail: `pid ${child.pid}, restarted after a ${pause} ms pause` });
  log(`SIGKILL ${svc} (pid ${child.pid}): down ${secs(down)} s until /health 200`);
  faultActive = null;
}

async function restartKafka(): Promise<void> {
  faultActive = 'kafka restart';
  const t = Date.now();
  const pid = kafkaPid();
  await stopKafka();
  const stopped = Date.now() - t;
  startKafka(false);
  for (const svc of SERVICES) await waitHealthy(svc);
  const down = Date.now() - t;
  faults.push({ what: 'Kafka stop + start', at: t - T0, downMs: down, detail: `pid ${pid}, stopped in ${secs(stopped)} s; services healthy again` });
  log(`Kafka restarted (old pid ${pid}): ${secs(down)} s until every service's /health is 200 again`);
  faultActive = null;
}

async function faultSchedule(loadStart: number): Promise<void> {
  const rnd = prng(SEED);
  const order: (Svc | 'kafka')[] = [...SERVICES];
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  order.splice(1 + Math.floor(rnd() * 3), 0, 'kafka');
  const slot = ((LOAD_S - 10) * 1000) / order.length;
  const at = order.map((_, i) => 8_000 + Math.round(i * slot + rnd() * slot * 0.4));
  log(`fault schedule (seed ${SEED}): ${order.map((o, i) => `${o === 'kafka' ? 'restart Kafka' : `kill ${o}`} @${secs(at[i])}s`).join(', ')}`);
  for (let i = 0; i < order.length; i++) {
    await sleep(Math.max(0, loadStart + at[i] - Date.now()));
    const o = order[i];
    if (o === 'kafka') await restartKafka();
    else await killAndRestart(o, rnd);
  }
}

// ---------------------------------------------------------------------------------------------
// quiesce and checks
async function pg(): Promise<Client> {
  const c = new Client({ connectionString: DB_URL });
  await c.connect();
  return c;
}

async function consumerLag(): Promise<{ lag: number; groups: number; dlt: number }> {
  const kafka = new Kafka({ clientId: 'faults-checker', brokers: [`127.0.0.1:${KAFKA_PORT}`], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(`${NAMESPACE}.`));
    const groups = (await admin.listGroups()).groups.map((g) => g.groupId).filter((g) => g.startsWith(`${NAMESPACE}.`));
    const high = new Map<string, number>();
    let dlt = 0;
    for (const t of topics) {
      for (const p of await admin.fetchTopicOffsets(t)) {
        high.set(`${t}/${p.partition}`, Number(p.high));
        if (t.endsWith('.dlt')) dlt += Number(p.high) - Number(p.low);
      }
    }
    // each group's own topics, from its live members' subscriptions (every service is up by now)
    let lag = 0;
    const described = await admin.describeGroups(groups);
    for (const g of described.groups) {
      const subscribed = new Set<string>();
      for (const m of g.members) for (const t of AssignerProtocol.MemberMetadata.decode(m.memberMetadata)?.topics ?? []) subscribed.add(t);
      if (subscribed.size === 0) return { lag: -1, groups: groups.length, dlt };
      for (const t of await admin.fetchOffsets({ groupId: g.groupId, topics: [...subscribed] })) {
        for (const p of t.partitions) {
          const h = high.get(`${t.topic}/${p.partition}`) ?? 0;
          lag += Math.max(0, h - Math.max(0, Number(p.offset)));
        }
      }
    }
    return { lag, groups: groups.length, dlt };
  } finally {
    await admin.disconnect();
  }
}

async function quiesce(): Promise<number> {
  const t = Date.now();
  const db = await pg();
  try {
    let last = '';
    for (;;) {
      const outbox: number[] = [];
      for (const s of SERVICES) outbox.push(Number((await db.query(`SELECT count(*) AS n FROM ${s}.outbox_messages WHERE published_at IS NULL`)).rows[0].n));
      let kafka = { lag: -1, groups: 0, dlt: 0 };
      try {
        kafka = await consumerLag();
      } catch (e) {
        last = `kafka admin: ${(e as Error).message}`;
      }
      // pledges, matching, payouts, campaigns each consume something; all four groups must exist
      const quiet = outbox.every((n) => n === 0) && kafka.lag === 0 && kafka.groups === 4;
      last = `outbox unpublished ${outbox.join('/')}, consumer lag ${kafka.lag}, groups ${kafka.groups}`;
      if (quiet) return Date.now() - t;
      if (Date.now() - t > QUIESCE_S * 1000) throw new Error(`not quiet after ${QUIESCE_S} s: ${last}`);
      await sleep(500);
    }
  } finally {
    await db.end();
  }
}

const results: { check: string; ok: boolean; detail: string }[] = [];
function check(name: string, ok: boolean, detail: string): void {
  results.push({ check: name, ok, detail });
  console.log(`  ${ok ? 'PASS' : 'FAIL'} ${name}${ok ? '' : `: ${detail}`}`);
}

async function checks(): Promise<void> {
  const db = await pg();
  try {
    // 1) the ledger audit, over HTTP and with the ops script
    const audit = await http('GET', '/ledger/audit', { token: tokens.admin });
    check('ledger audit (GET /ledger/audit) reports no violation', audit.status === 200 && audit.body.ok === true && audit.body.violations.length === 0, JSON.stringify(audit.body).slice(0, 800));
    const script = spawnSync(process.execPath, ['-r', '@swc-node/register', 'scripts/ops/audit-ledger.ts', '--url', `http://127.0.0.1:${PORTS.payouts}`], {
      cwd: ROOT, env: { ...env, AUDIT_TOKEN: tokens.admin }, encoding: 'utf8',
    });
    check('npm run audit:ledger exits 0', script.status === 0, `${script.status}: ${script.stdout}${script.stderr}`.slice(0, 800));

    // 2) every confirmed pledge counted exactly once, everywhere
    const mine = new Map<string, { campaignId: string; status: string; amount: number }>();
    for (const c of tokens.citizens) {
      const r = await http('GET', '/me/pledges', { token: c.token });
      if (r.status !== 200) unexpected('GET /me/pledges', r);
      for (const p of r.body) mine.set(p.id, p);
    }
    const ledgerTranches = new Map<string, { released: number; releasedTx: Set<string>; paid: number; paidTx: Set<string> }>();
    const refs = new Map<string, string>();
    let totalMatch = 0;
    let totalPledges = 0;
    for (const c of campaigns) {
      const tag = `campaign ${c.id.slice(0, 8)}`;
      const expected = [...c.confirmed.entries()];
      const n = expected.length;
      const sum = expected.reduce((a, [, p]) => a + p.amount, 0);
      const donors = new Set(expected.map(([, p]) => p.donor)).size;
      const match = expected.reduce((a, [, p]) => a + Math.floor((p.amount * RATIO.numerator) / RATIO.denominator), 0);
      totalMatch += match;
      totalPledges += n;
      const ids = new Set(expected.map(([id]) => id));
      const same = (a: Set<string>, b: Set<string>) => a.size === b.size && [...a].every((x) => b.has(x));
      check(`${tag}: has confirmed pledges (keep-it-all succeeds)`, n > 0, `n=${n}`);

      // pledges service: its table, and the API's /me/pledges of every citizen
      const rows = (await db.query(`SELECT id, status, amount_minor::bigint AS amount FROM pledges.pledges WHERE campaign_id = $1`, [c.id])).rows as { id: string; status: string; amount: string }[];
      const conf = rows.filter((r) => r.status === 'confirmed');
      check(`${tag}: pledges service holds exactly the driver's confirmed pledges`, same(new Set(conf.map((r) => r.id)), ids) && conf.reduce((a, r) => a + Number(r.amount), 0) === sum,
        `driver ${n} pledges / ${sum} cents; pledges.pledges confirmed ${conf.length} / ${conf.reduce((a, r) => a + Number(r.amount), 0)}`);
      check(`${tag}: no pledge duplicated by a retry (rows <= idempotency keys)`, rows.length <= c.keys, `${rows.length} pledge rows for ${c.keys} keys`);
      const api = [...mine.values()].filter((p) => p.campaignId === c.id && p.status === 'confirmed');
      check(`${tag}: GET /me/pledges agrees`, api.length === n && api.reduce((a, p) => a + p.amount, 0) === sum, `api ${api.length} / ${api.reduce((a, p) => a + p.amount, 0)}; driver ${n} / ${sum}`);

      // campaigns service: progress read model
      const cv = await http('GET', `/campaigns/${c.id}`);
      const [cdb] = (await db.query(`SELECT confirmed_pledges FROM campaigns.campaigns WHERE id = $1`, [c.id])).rows;
      const prog = cv.body.progress;
      check(`${tag}: campaigns progress = confirmed pledges (amount, backers, count)`,
        prog.pledgedAmount === sum && prog.backers === donors && Number(cdb.confirmed_pledges) === n && prog.matchedAmount === match,
        `progress ${JSON.stringify(prog)}, confirmed_pledges ${cdb.confirmed_pledges}; expected pledged ${sum}, backers ${donors}, count ${n}, matched ${match}`);
      check(`${tag}: campaign completed`, cv.body.status === 'completed', cv.body.status);

      // matching service: its copy of the crowd pledges and the ratio matches (one per pledge)
      const mp = (await db.query(`SELECT pledge_id, amount FROM matching.campaign_pledges WHERE campaign_id = $1 AND status = 'confirmed'`, [c.id])).rows;
      const ma = (await db.query(`SELECT count(*)::int AS n, count(DISTINCT pledge_id)::int AS d FROM matching.match_allocations WHERE campaign_id = $1 AND pledge_id IS NOT NULL`, [c.id])).rows[0];
      const mv = await http('GET', `/campaigns/${c.id}/match`);
      check(`${tag}: matching counts each pledge once`,
        same(new Set(mp.map((r) => r.pledge_id as string)), ids) && mp.reduce((a, r) => a + Number(r.amount), 0) === sum && ma.n === ma.d && mv.body.matchedAmount === match,
        `matching pledges ${mp.length} / ${mp.reduce((a, r) => a + Number(r.amount), 0)}, allocations ${ma.n} (${ma.d} pledges), matchedAmount ${mv.body.matchedAmount}; expected ${n} / ${sum}, match ${match}`);

      // payouts ledger: one pledge_collected per pledge into the crowd escrow
      const lg = await http('GET', `/ledger/campaigns/${c.id}`);
      const mv2 = lg.body.movements as { reference: string; kind: string; tranche_id: string | null; amount: number; destination: string }[];
      const collected = mv2.filter((m) => m.kind === 'pledge_collected');
      check(`${tag}: payouts escrow collected each pledge once`,
        collected.length === n && new Set(collected.map((m) => m.reference)).size === n && collected.reduce((a, m) => a + m.amount, 0) === sum
          && collected.every((m) => m.destination === `escrow:campaign:${c.id}:crowd`) && same(new Set(collected.map((m) => m.reference.split(':')[1])), ids),
        `ledger pledge_collected ${collected.length} / ${collected.reduce((a, m) => a + m.amount, 0)}; expected ${n} / ${sum}`);
      const committed = mv2.filter((m) => m.kind === 'match_committed').reduce((a, m) => a + m.amount, 0);
      check(`${tag}: payouts escrow received the match once`, committed === match, `match_committed ${committed}, expected ${match}`);
      const balances = lg.body.accounts as { account: string; balance: number }[];
      const left = balances.filter((b) => b.account.startsWith(`escrow:campaign:${c.id}:`)).reduce((a, b) => a + b.balance, 0);
      check(`${tag}: escrow empty after every tranche paid`, left === 0, JSON.stringify(balances));

      // 3) no tranche paid twice
      const ts = await tranchesOf(c);
      check(`${tag}: two tranches, both paid, covering crowd + match`,
        ts.length === 2 && ts.every((t) => t.status === 'paid') && ts.reduce((a, t) => a + t.amount, 0) === sum + match,
        JSON.stringify(ts.map((t) => [t.kind, t.status, t.amount])) + ` expected total ${sum + match}`);
      for (const t of ts) {
        const per = { released: 0, releasedTx: new Set<string>(), paid: 0, paidTx: new Set<string>() };
        for (const m of mv2.filter((x) => x.tranche_id === t.id)) {
          if (m.kind === 'tranche_released') {
            per.released += m.amount;
            per.releasedTx.add(m.reference);
          }
          if (m.kind === 'tranche_paid') {
            per.paid += m.amount;
            per.paidTx.add(m.reference);
          }
        }
        ledgerTranches.set(t.id, per);
        const ref = t.payout.reference ?? '';
        check(`${tag} tranche ${t.kind}: released once and paid once, for its amount`,
          per.releasedTx.size === 1 && per.paidTx.size === 1 && per.released === t.amount && per.paid === t.amount && t.dueAmount === t.amount && ref !== '' && !refs.has(ref),
          `released ${per.releasedTx.size} tx / ${per.released}, paid ${per.paidTx.size} tx / ${per.paid}, amount ${t.amount}, due ${t.dueAmount}, transfer ${ref}${refs.has(ref) ? ` (also tranche ${refs.get(ref)})` : ''}`);
        refs.set(ref, t.id);
      }
    }
    // every tranche_paid / tranche_released transaction in the ledger belongs to a checked tranche, once
    const paidTx = (await db.query(`SELECT tranche_id, kind, count(*)::int AS n FROM payouts.ledger_transactions WHERE kind IN ('tranche_released', 'tranche_paid') GROUP BY tranche_id, kind`)).rows;
    check('ledger: one tranche_released and one tranche_paid transaction per tranche, none elsewhere',
      paidTx.every((r) => r.n === 1 && ledgerTranches.has(r.tranche_id)) && paidTx.length === 2 * ledgerTranches.size, JSON.stringify(paidTx.filter((r) => r.n !== 1 || !ledgerTranches.has(r.tranche_id))));
    const fund = await http('GET', `/funds/${fundId}`);
    check('fund: spent = every match once; nothing left reserved or committed',
      fund.body.spent === totalMatch && fund.body.reserved === 0 && fund.body.committed === 0 && fund.body.available === fund.body.budgetAmount - totalMatch,
      `${JSON.stringify(fund.body)}; expected spent ${totalMatch}`);
    const totalRows = Number((await db.query(`SELECT count(*) AS n FROM pledges.pledges WHERE status = 'confirmed'`)).rows[0].n);
    check('pledges: confirmed rows overall = pledges the driver saw confirmed', totalRows === totalPledges, `${totalRows} vs ${totalPledges}`);

    // 4) messaging: nothing dead-lettered
    const dead: string[] = [];
    for (const s of SERVICES) {
      for (const r of (await db.query(`SELECT consumer, event_type, last_error FROM ${s}.inbox_messages WHERE status = 'dead'`)).rows) dead.push(`${s}: ${r.consumer} ${r.event_type} ${r.last_error}`);
    }
    const { dlt } = await consumerLag();
    check('messaging: no event dead-lettered (inbox dead rows, .dlt topics)', dead.length === 0 && dlt === 0, `${dead.slice(0, 5).join('; ')} dlt=${dlt}`);

    // 5) HTTP: successes or expected errors only
    check('HTTP: zero 500s and no unexpected status', stats.unexpected.length === 0, stats.unexpected.slice(0, 10).join('\n    '));
    check('HTTP: retries only while a fault was active', retriesOutsideFaults.length === 0, retriesOutsideFaults.slice(0, 10).join('; '));
  } finally {
    await db.end();
  }
}

// ---------------------------------------------------------------------------------------------
async function adminQuery(sql: string): Promise<void> {
  const c = new Client({ connectionString: ADMIN_DB_URL });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/** On failure: what each service's tables say, for the CI artifacts. */
async function dumpState(): Promise<void> {
  const out: string[] = [];
  const db = await pg().catch(() => undefined);
  if (!db) return;
  const q = async (title: string, sql: string) => {
    try {
      out.push(`-- ${title}`, ...(await db.query(sql)).rows.map((r) => JSON.stringify(r)));
    } catch (e) {
      out.push(`-- ${title}: ${(e as Error).message}`);
    }
  };
  for (const s of SERVICES) {
    await q(`${s}: unpublished outbox`, `SELECT event_type, count(*) FROM ${s}.outbox_messages WHERE published_at IS NULL GROUP BY 1`);
    await q(`${s}: inbox by status`, `SELECT consumer, event_type, status, count(*) FROM ${s}.inbox_messages GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`);
  }
  await q('campaigns', `SELECT id, status, ends_at, pledged_amount, backers, confirmed_pledges FROM campaigns.campaigns ORDER BY ends_at`);
  await q('pledges: campaign views', `SELECT campaign_id, status, ends_at, closed_at FROM pledges.campaign_views ORDER BY ends_at`);
  await q('pledges by status', `SELECT campaign_id, status, count(*), sum(amount_minor) FROM pledges.pledges GROUP BY 1, 2 ORDER BY 1, 2`);
  await q('matching: finalizations', `SELECT * FROM matching.campaign_finalizations`);
  await q('payouts: tranches', `SELECT campaign_id, kind, status, payout_ref, payout_error FROM payouts.tranches ORDER BY campaign_id, position`);
  await db.end();
  try {
    out.push(`-- consumer lag: ${JSON.stringify(await consumerLag())}`);
  } catch (e) {
    out.push(`-- consumer lag: ${(e as Error).message}`);
  }
  writeFileSync(join(ARTIFACTS, 'state-on-failure.txt'), out.join('\n') + '\n');
  log(`state of every service written to ${join(ARTIFACTS, 'state-on-failure.txt')}`);
}

let cleaned = false;
async function cleanup(): Promise<void> {
  if (cleaned) return;
  cleaned = true;
  for (const [svc, child] of children) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const t = Date.now();
      while (child.exitCode === null && child.signalCode === null && Date.now() - t < 8000) await sleep(100);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    logs.get(svc)?.end();
  }
  await stopKafka().catch((e) => log(`stopping Kafka: ${(e as Error).message}`));
  if (env.FAULTS_KEEP !== '1') {
    await adminQuery(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`).catch((e) => log(`dropping ${DB_NAME}: ${(e as Error).message}`));
    spawnSync('rm', ['-rf', RUN_DIR]);
  } else log(`FAULTS_KEEP=1: kept database ${DB_NAME} and ${RUN_DIR}`);
}

async function main(): Promise<number> {
  mkdirSync(ARTIFACTS, { recursive: true });
  mkdirSync(RUN_DIR, { recursive: true });
  for (const s of SERVICES) writeFileSync(join(ARTIFACTS, `${s}.log`), '');
  writeFileSync(join(RUN_DIR, 'database'), DB_NAME);
  log(`seed ${SEED} (replay: FAULTS_SEED=${SEED}); load ${LOAD_S} s, ${N_CAMPAIGNS} campaigns, ${CONCURRENCY} pledge workers`);
  log(`database ${DB_NAME}, Kafka 127.0.0.1:${KAFKA_PORT} (namespace ${NAMESPACE}), services :${PORTS.campaigns}-:${PORTS.payouts}, logs ${ARTIFACTS}`);
  await adminQuery(`CREATE DATABASE ${DB_NAME}`);
  let t = Date.now();
  startKafka(true);
  log(`own Kafka broker up in ${secs(Date.now() - t)} s (pid ${kafkaPid()})`);
  t = Date.now();
  // matching first: the others' migrations then do not all compete at once
  for (const svc of SERVICES) startService(svc);
  for (const svc of SERVICES) await waitHealthy(svc, 120_000);
  log(`four services healthy in ${secs(Date.now() - t)} s`);
  t = Date.now();
  await setup();
  log(`setup (call, fund, ratio rule ${RATIO.numerator}:${RATIO.denominator}, ${N_CAMPAIGNS} live campaigns known everywhere) in ${secs(Date.now() - t)} s`);

  const loadStart = Date.now();
  const workers = Array.from({ length: CONCURRENCY }, (_, w) => pledgeWorker(w));
  const lifecycles = campaigns.map((c) => lifecycle(c));
  const schedule = faultSchedule(loadStart);
  const made = (await Promise.all(workers)).reduce((a, b) => a + b, 0);
  pledgesStopped = true;
  log(`pledging over: ${made} pledges attempted in ${secs(Date.now() - loadStart)} s`);
  await schedule;
  await Promise.all(lifecycles);
  const loadMs = Date.now() - loadStart;
  log(`load done in ${secs(loadMs)} s (every campaign closed, both tranches released, milestone verified)`);
  const quiesceMs = await quiesce();
  log(`quiet after ${secs(quiesceMs)} s (outboxes published, consumer groups caught up)`);
  log('checks:');
  await checks();

  const confirmed = campaigns.reduce((a, c) => a + c.confirmed.size, 0);
  const failed = results.filter((r) => !r.ok);
  const retries = Object.values(stats.retries).reduce((a, b) => a + b, 0);
  console.log('\n================ fault injection summary ================');
  console.log(`seed                 ${SEED}`);
  console.log(`duration             ${secs(Date.now() - T0)} s (load ${secs(loadMs)} s, quiesce ${secs(quiesceMs)} s)`);
  const cents = campaigns.reduce((a, c) => a + [...c.confirmed.values()].reduce((x, p) => x + p.amount, 0), 0);
  console.log(`pledges              ${made} attempted, ${confirmed} confirmed (EUR ${euros(cents)}), ${Object.entries(stats.expectedRefusals).map(([k, v]) => `${v} ${k}`).join(', ') || 'none refused'}`);
  console.log(`campaigns            ${campaigns.length} closed and completed, ${campaigns.reduce((a, c) => a + c.releases, 0)} tranche releases`);
  console.log(`HTTP                 ${stats.requests} requests, ${stats.attempts} attempts, ${retries} retries (${Object.entries(stats.retries).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'})`);
  console.log(`HTTP statuses        ${Object.entries(stats.byStatus).map(([k, v]) => `${k}: ${v}`).join(', ')}`);
  for (const f of faults) console.log(`fault                ${f.what.padEnd(20)} at +${secs(f.at)} s, down ${secs(f.downMs)} s (${f.detail})`);
  console.log(`checks               ${results.length - failed.length}/${results.length} passed`);
  for (const f of failed) console.log(`  FAILED ${f.check}: ${f.detail}`);
  console.log('=========================================================');
  return failed.length === 0 && faults.length === 5 ? 0 : 1;
}

let exiting = false;
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    if (exiting) return;
    exiting = true;
    log(`${sig}: cleaning up`);
    void cleanup().finally(() => process.exit(1));
  });
}

main()
  .catch((e: unknown) => {
    console.error(`[faults] FAILED: ${(e as Error).stack ?? e}`);
    return 1;
  })
  .then(async (code) => {
    if (code !== 0) await dumpState().catch((e) => log(`state dump: ${(e as Error).message}`));
    await cleanup();
    log(code === 0 ? 'PASS' : 'FAIL');
    process.exit(code);
  });
