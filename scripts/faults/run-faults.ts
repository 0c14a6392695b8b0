/**
 * Fault-injection run, distributed mode (issue 8, part 2): `bash scripts/faults/run-faults.sh`.
 *
 * Starts its own Kafka broker (KAFKA_PORT 19092), FAULTS_REPLICAS (2) processes of each of the four
 * services (ports 3201-3204, 3211-3214, ...) on a fresh PostgreSQL database and the nginx gateway
 * (deploy/gateway/nginx.conf.template, one upstream server per replica) on :3290, and drives a
 * steady load through the gateway only — pledges created and paid through stripe-mock and signed
 * Stripe webhooks (some delivered twice, some out of order), keep-it-all campaigns with a ratio and
 * a threshold fund succeeding, all-or-nothing campaigns failing (refund saga), campaigns in a
 * quadratic round finalized once, tranches released, milestone evidence verified. Meanwhile it
 * SIGKILLs one replica of each service (restarting it), stops + starts the broker and SIGKILLs the
 * broker (restarting it), on a schedule drawn from a printed seed. Then it waits until the system
 * is quiet (outboxes published, consumer groups caught up) and checks, per scenario, campaign and
 * tranche (docs/faults.md): the ledger audit holds, every confirmed pledge is counted exactly once
 * by pledges, campaigns, matching and the payouts ledger, every pledge of a failed campaign is
 * refunded exactly once and its match released, the threshold grant is reserved once, the round
 * is finalized once, no tranche is paid twice, and clients saw no error from the gateway except on
 * idempotent requests (GET, Idempotency-Key, webhook) that their retry then got through.
 *
 * Env: FAULTS_SEED (random) FAULTS_LOAD_SECONDS (90) FAULTS_CAMPAIGNS (8) FAULTS_FAILING_CAMPAIGNS (2)
 *      FAULTS_QUADRATIC_CAMPAIGNS (2) FAULTS_CONCURRENCY (6) FAULTS_REPLICAS (2)
 *      FAULTS_PAYMENTS (stripe: stripe-mock at STRIPE_MOCK_URL, default http://127.0.0.1:12111; sandbox)
 *      FAULTS_BASE_PORT (3201) FAULTS_GATEWAY_PORT (3290) FAULTS_KAFKA_PORT (19092) FAULTS_QUIESCE_SECONDS (90)
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
import Stripe from 'stripe';
import { aCall, isoIn } from '../../tests/support/fixtures';

// ---------------------------------------------------------------------------------------------
// configuration
type Svc = 'campaigns' | 'pledges' | 'matching' | 'payouts';
const SERVICES: Svc[] = ['campaigns', 'pledges', 'matching', 'payouts'];
const ROOT = resolve(__dirname, '../..');
const env = process.env;
const int = (name: string, dflt: number, min = 0) => {
  const v = env[name] === undefined || env[name] === '' ? dflt : Number(env[name]);
  if (!Number.isInteger(v) || v < min) throw new Error(`${name} must be an integer >= ${min} (got ${env[name]})`);
  return v;
};
const SEED = env.FAULTS_SEED ? int('FAULTS_SEED', 0) : randomBytes(4).readUInt32BE(0);
const LOAD_S = int('FAULTS_LOAD_SECONDS', 90, 40);
const N_CAMPAIGNS = int('FAULTS_CAMPAIGNS', 8, 1);
const N_FAILING = int('FAULTS_FAILING_CAMPAIGNS', 2);
const N_QUADRATIC = int('FAULTS_QUADRATIC_CAMPAIGNS', 2);
const CONCURRENCY = int('FAULTS_CONCURRENCY', 6, 1);
const REPLICAS = int('FAULTS_REPLICAS', 2, 1);
const BASE_PORT = int('FAULTS_BASE_PORT', 3201, 1);
const GW_PORT = int('FAULTS_GATEWAY_PORT', 3290, 1);
const KAFKA_PORT = int('FAULTS_KAFKA_PORT', 19092, 1);
const QUIESCE_S = int('FAULTS_QUIESCE_SECONDS', 90);
const PAYMENTS = env.FAULTS_PAYMENTS ?? 'stripe';
if (!['stripe', 'sandbox'].includes(PAYMENTS)) throw new Error(`FAULTS_PAYMENTS must be stripe or sandbox (got ${PAYMENTS})`);
const STRIPE_URL = env.STRIPE_MOCK_URL || 'http://127.0.0.1:12111';
const WEBHOOK_SECRET = `whsec_${randomBytes(24).toString('hex')}`;
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
const GW = `http://127.0.0.1:${GW_PORT}`;
const RATIO = { numerator: 1, denominator: 2 };
/** threshold fund on the same call: a fixed grant once a campaign's crowd reaches the amount */
const THRESHOLD = { amount: 20_000, grant: 5_000 };
/** quadratic round on its own call; small pool, so the ideals are scaled down to it */
const QUAD_POOL = 40_000;
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
// processes: the broker (scripts/infra/start-kafka.sh with its own ports and state), the service
// replicas and the gateway
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

async function stopKafka(signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
  if (!existsSync(join(RUN_DIR, 'kafka.pid'))) return;
  const pid = kafkaPid();
  if (!alive(pid)) return;
  process.kill(pid, signal);
  for (let i = 0; i < 120 && alive(pid); i++) await sleep(250);
  if (alive(pid)) process.kill(pid, 'SIGKILL');
  for (let i = 0; i < 40 && alive(pid); i++) await sleep(250);
  // the ports are free only once the JVM is gone; start-kafka.sh would reuse a broker still accepting
  await waitFor('the broker port to refuse', async () => ((await portRefuses(KAFKA_PORT)) ? true : undefined), 20_000);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // a killed broker whose parent (not us: start-kafka.sh detaches it) has not reaped it yet is a zombie
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

/** One process of a service: replica r (0-based) listens on BASE_PORT + service index + 10 r. */
interface Instance {
  svc: Svc;
  replica: number;
  name: string;
  port: number;
}
const INSTANCES: Instance[] = SERVICES.flatMap((svc, i) =>
  Array.from({ length: REPLICAS }, (_, r) => ({ svc, replica: r, name: REPLICAS > 1 ? `${svc}-${r + 1}` : svc, port: BASE_PORT + i + 10 * r })),
);
const replicasOf = (svc: Svc) => INSTANCES.filter((i) => i.svc === svc);
const children = new Map<string, ChildProcess>();
const logs = new Map<string, ReturnType<typeof createWriteStream>>();

function startService(inst: Instance): ChildProcess {
  const out = logs.get(inst.name) ?? createWriteStream(join(ARTIFACTS, `${inst.name}.log`), { flags: 'a' });
  logs.set(inst.name, out);
  out.write(`\n===== [faults +${secs(Date.now() - T0)}s] starting ${inst.name} on :${inst.port}\n`);
  const child = spawn(process.execPath, ['-r', '@swc-node/register', `apps/${inst.svc}/src/main.ts`], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: env.PATH,
      HOME: env.HOME,
      NODE_ENV: env.NODE_ENV,
      RUN_MODE: 'distributed',
      HOST: '127.0.0.1',
      PORT: String(inst.port),
      LOG_LEVEL: env.FAULTS_LOG_LEVEL ?? 'info',
      DATABASE_URL: DB_URL,
      DATABASE_POOL_SIZE: '5',
      KAFKA_BROKERS: `127.0.0.1:${KAFKA_PORT}`,
      KAFKA_NAMESPACE: NAMESPACE,
      KAFKA_CLIENT_ID: `civic-faults-${inst.name}`,
      AUTH_DEV_TOKENS: 'true',
      AUTH_DEV_SECRET: DEV_SECRET,
      PAYMENTS_PROVIDER: PAYMENTS,
      ...(PAYMENTS === 'stripe' ? { STRIPE_SECRET_KEY: 'sk_test_civicfaults', STRIPE_API_URL: STRIPE_URL, STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET } : {}),
      DEMO_SEED: 'false',
      // quotes shown with new pledges: through the gateway, so a killed matching replica is skipped
      MATCHING_BASE_URL: GW,
      CAMPAIGNS_BASE_URL: GW, // GET /audit/platform (payouts) reads every service's figures, through the gateway
      PLEDGES_BASE_URL: GW,
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
  writeFileSync(join(RUN_DIR, `${inst.name}.pid`), String(child.pid));
  children.set(inst.name, child);
  return child;
}

const portRefuses = (port: number) =>
  new Promise<boolean>((res) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => (s.destroy(), res(false)));
    s.once('error', () => res(true));
  });

/** Waits for /health 200; returns the distinct answers seen before (why it was not ready). */
async function waitHealthy(inst: Instance, timeoutMs = 90_000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  const seen = new Map<string, number>();
  while (Date.now() < deadline) {
    const child = children.get(inst.name);
    if (child && child.exitCode !== null) throw new Error(`${inst.name} exited (${child.exitCode}) before becoming healthy; see ${ARTIFACTS}/${inst.name}.log`);
    let answer: string;
    try {
      const r = await fetch(`http://127.0.0.1:${inst.port}/health`, { signal: AbortSignal.timeout(5000) });
      if (r.status === 200) return [...seen.entries()].map(([a, n]) => `${n}x ${a}`);
      answer = `${r.status} ${(await r.text()).slice(0, 200)}`;
    } catch (e) {
      const err = e as Error & { cause?: { code?: string } };
      answer = err.cause?.code ?? err.name;
    }
    seen.set(answer, (seen.get(answer) ?? 0) + 1);
    await sleep(250);
  }
  throw new Error(`${inst.name}: /health not 200 after ${timeoutMs / 1000} s (${[...seen.keys()].join(' | ')}); see ${ARTIFACTS}/${inst.name}.log`);
}

// The gateway: deploy/gateway/nginx.conf.template rendered as scripts/dev/start-distributed.sh does
// (envsubst of our variables only, then deploy/gateway/expand-upstreams.awk: one server per replica),
// in a private nginx.conf under RUN_DIR.
const GW_DIR = join(RUN_DIR, 'gateway');
const GW_ACCESS_LOG = join(ARTIFACTS, 'gateway.access.log');
const nginxBin = () => [env.NGINX, '/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/local/nginx/sbin/nginx'].find((p) => p && existsSync(p)) ?? 'nginx';
const nginxArgs = () => ['-p', `${GW_DIR}/`, '-c', join(GW_DIR, 'nginx.conf'), '-e', join(ARTIFACTS, 'gateway.log')];

function startGateway(): void {
  mkdirSync(join(GW_DIR, 'tmp'), { recursive: true });
  mkdirSync(join(GW_DIR, 'web'), { recursive: true }); // the web app is not served by this run
  const vars: Record<string, string> = {
    GATEWAY_LISTEN: `127.0.0.1:${GW_PORT}`,
    GATEWAY_ACCESS_LOG: GW_ACCESS_LOG,
    WEB_ROOT: join(GW_DIR, 'web'),
  };
  for (const svc of SERVICES)
    vars[`${svc.toUpperCase()}_UPSTREAM`] = replicasOf(svc)
      .map((i) => `127.0.0.1:${i.port}`)
      .join(',');
  const subst = spawnSync(
    'envsubst',
    [
      Object.keys(vars)
        .map((k) => `\${${k}}`)
        .join(' '),
    ],
    {
      input: readFileSync(join(ROOT, 'deploy/gateway/nginx.conf.template')),
      env: { ...env, ...vars },
      encoding: 'utf8',
    },
  );
  if (subst.status !== 0) throw new Error(`envsubst failed (is gettext-base installed?): ${subst.stderr ?? subst.error}`);
  const expanded = spawnSync('awk', ['-f', join(ROOT, 'deploy/gateway/expand-upstreams.awk')], { input: subst.stdout, encoding: 'utf8' });
  if (expanded.status !== 0) throw new Error(`expand-upstreams.awk failed: ${expanded.stderr}`);
  writeFileSync(join(GW_DIR, 'gateway.conf'), expanded.stdout);
  const version = spawnSync(nginxBin(), ['-V'], { encoding: 'utf8' });
  if (version.error) throw new Error(`nginx not found (${version.error.message}): run-faults.sh installs it, or set NGINX`);
  const temp = ['client_body', 'proxy', ...['fastcgi', 'uwsgi', 'scgi'].filter((m) => !`${version.stderr}`.includes(`--without-http_${m}_module`))]
    .map((m) => `    ${m}_temp_path ${join(GW_DIR, 'tmp', m)};`)
    .join('\n');
  let user = '';
  if (process.getuid?.() === 0) {
    const www = spawnSync('id', ['www-data']).status === 0;
    user = www ? 'user www-data www-data;' : 'user nobody nogroup;';
    spawnSync('chown', ['-R', www ? 'www-data:www-data' : 'nobody:nogroup', join(GW_DIR, 'tmp')]);
  }
  writeFileSync(
    join(GW_DIR, 'nginx.conf'),
    `# generated by scripts/faults/run-faults.ts from deploy/gateway/nginx.conf.template
${user}
worker_processes 1;
pid ${join(RUN_DIR, 'gateway.pid')};
error_log ${join(ARTIFACTS, 'gateway.log')} notice;
events { worker_connections 1024; }
http {
    default_type application/octet-stream;
    keepalive_timeout 65s;
${temp}
    include ${join(GW_DIR, 'gateway.conf')};
}
`,
  );
  const test = spawnSync(nginxBin(), ['-t', '-q', ...nginxArgs()], { encoding: 'utf8' });
  if (test.status !== 0) throw new Error(`gateway config invalid: ${test.stderr}`);
  const run = spawnSync(nginxBin(), nginxArgs(), { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`nginx failed to start: ${run.stderr}`);
}

function stopGateway(): void {
  const file = join(RUN_DIR, 'gateway.pid');
  if (!existsSync(file)) return;
  const pid = Number(readFileSync(file, 'utf8').trim());
  if (pid && alive(pid)) process.kill(pid, 'SIGQUIT');
}

// ---------------------------------------------------------------------------------------------
// HTTP: every call goes through the gateway, as a client of the platform would
interface Res {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** a previous attempt's outcome is unknown (a gateway error or a cut connection after sending) */
  ambiguous: boolean;
}
const stats = {
  requests: 0,
  attempts: 0,
  retries: {} as Record<string, number>,
  byStatus: {} as Record<string, number>,
  unexpected: [] as string[],
  expectedRefusals: {} as Record<string, number>,
  /** answers a client saw from the gateway that were not the service's own (502/503/504, cut connections) */
  gatewayErrors: [] as { what: string; idempotent: boolean; fault: string | null }[],
};
let faultActive: string | null = null;
const retriesOutsideFaults: string[] = [];
const count = (m: Record<string, number>, k: string, n = 1) => (m[k] = (m[k] ?? 0) + n);

async function http(
  method: string,
  path: string,
  opts: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string>; idem?: string; idempotent?: boolean; budgetMs?: number } = {},
): Promise<Res> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.idem) headers['idempotency-key'] = opts.idem;
  // what a client may safely send again: reads, keyed POSTs, webhook deliveries (deduplicated by event id)
  const idempotent = method === 'GET' || !!opts.idem || !!opts.idempotent;
  const deadline = Date.now() + (opts.budgetMs ?? 120_000);
  const payload = opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
  stats.requests++;
  let ambiguous = false;
  for (let attempt = 1; ; attempt++) {
    stats.attempts++;
    let reason: string;
    try {
      const r = await fetch(`${GW}${path}`, { method, headers, body: payload, signal: AbortSignal.timeout(20_000) });
      const text = await r.text();
      count(stats.byStatus, String(r.status));
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : null;
      } catch {
        /* not JSON */
      }
      const fromGateway = [502, 503, 504].includes(r.status) && (body as { code?: string } | null)?.code === 'UPSTREAM_UNAVAILABLE';
      if (!fromGateway) {
        if (r.status >= 500) stats.unexpected.push(`${method} ${path} -> ${r.status} ${text.slice(0, 300)}`);
        return { status: r.status, body, ambiguous };
      }
      reason = `gateway_${r.status}`;
    } catch (e) {
      const err = e as Error & { cause?: { code?: string } };
      const code = err.cause?.code ?? err.name;
      reason = code === 'ECONNREFUSED' ? 'gateway_refused' : code === 'TimeoutError' ? 'timeout' : `reset(${code})`;
    }
    // the request may have reached a replica that was killed before answering
    ambiguous = true;
    stats.gatewayErrors.push({ what: `${method} ${path}: ${reason}`, idempotent, fault: faultActive });
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
type Kind = 'ratio' | 'failing' | 'quadratic';
interface Campaign {
  id: string;
  kind: Kind; // ratio: keep-it-all on call A (ratio + threshold funds); failing: all-or-nothing on call A that
  //             misses its goal; quadratic: keep-it-all on call B, matched by the quadratic round only
  promoter: string; // token
  endsAt: number;
  milestoneId: string;
  keys: number; // idempotency keys used for pledges
  confirmed: Map<string, { amount: number; donor: string }>;
  /** paid, but refunded by the platform before it counted (refund seen before success, paid after close) */
  neverCounted: Map<string, { amount: number; why: string }>;
  closedPledges: number;
  done: boolean;
  releases: number;
}
const tokens = {} as { funder: string; funderId: string; admin: string; verifier: string; promoters: string[]; citizens: { id: string; token: string }[] };
const campaigns: Campaign[] = [];
let fundId = '';
let thresholdFundId = '';
let thresholdRuleId = '';
let quadFundId = '';
let quadRuleId = '';
let roundEndsAt = 0;
const faults: { what: string; at: number; downMs: number; detail: string }[] = [];
const webhookStats = { delivered: 0, duplicates: 0, lateFailures: 0, refundBeforeSuccess: 0, paidAfterClose: 0 };
let pledgesStopped = false;

async function token(sub: string, roles: string[]): Promise<string> {
  const r = await http('POST', '/auth/dev-token', { body: { sub, roles }, idempotent: true });
  if (r.status !== 201) unexpected('dev token', r);
  return r.body.token as string;
}

async function createFund(name: string, budgetAmount: number, rule: Record<string, unknown>): Promise<{ fundId: string; ruleId: string }> {
  const fund = await http('POST', '/funds', {
    token: tokens.funder,
    idem: randomUUID(),
    body: { name, currency: 'EUR', budgetAmount, sourceTags: ['municipal'] },
  });
  if (fund.status !== 201) unexpected(`create fund ${name}`, fund);
  const r = await http('POST', `/funds/${fund.body.id}/rules`, { token: tokens.funder, idem: randomUUID(), body: rule });
  if (r.status !== 201) unexpected(`create rule of ${name}`, r);
  return { fundId: fund.body.id, ruleId: r.body.id };
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
  const quadCall = await http('POST', '/calls', { token: tokens.funder, body: aCall({ title: 'Faults — quadratic round', minGoalAmount: 10_000 }) });
  if (quadCall.status !== 201) unexpected('create call', quadCall);
  ({ fundId } = await createFund('Faults — ratio match', 100_000_000, { type: 'ratio', ...RATIO, eligibility: { callIds: [call.body.id] } }));
  ({ fundId: thresholdFundId, ruleId: thresholdRuleId } = await createFund('Faults — threshold grant', 10_000_000, {
    type: 'threshold',
    thresholdAmount: THRESHOLD.amount,
    grantAmount: THRESHOLD.grant,
    eligibility: { callIds: [call.body.id] },
  }));
  for (const p of tokens.promoters) {
    const acct = await http('POST', '/promoters/me/payout-account', { token: p, body: { method: 'stripe_connect', country: 'IT' } });
    if (acct.status !== 200) unexpected('payout account', acct);
  }

  // Deadlines spread over the load: the first a little after it starts, the last before it ends.
  // Failing all-or-nothing campaigns end in the middle; the quadratic round ends at ~55 % of the load
  // and its campaigns 4+ s before it, grace included (they wait for the round, then close with its share).
  const loadStart = Date.now() + 8_000;
  const first = 20_000;
  const last = Math.max(first + 1000, (LOAD_S - 12) * 1000);
  roundEndsAt = loadStart + Math.round(LOAD_S * 550);
  if (N_QUADRATIC > 0) {
    ({ fundId: quadFundId, ruleId: quadRuleId } = await createFund('Faults — quadratic round', QUAD_POOL, {
      type: 'quadratic',
      roundStartsAt: isoIn(-1),
      roundEndsAt: new Date(roundEndsAt).toISOString(),
      eligibility: { callIds: [quadCall.body.id] },
    }));
  }
  const plan: { kind: Kind; endsAt: number }[] = [];
  for (let i = 0; i < N_CAMPAIGNS; i++)
    plan.push({ kind: 'ratio', endsAt: loadStart + first + Math.round(((last - first) * i) / Math.max(1, N_CAMPAIGNS - 1)) });
  for (let i = 0; i < N_FAILING; i++)
    plan.push({ kind: 'failing', endsAt: loadStart + Math.round(LOAD_S * 1000 * (0.4 + (0.35 * i) / Math.max(1, N_FAILING - 1))) });
  for (let i = 0; i < N_QUADRATIC; i++) plan.push({ kind: 'quadratic', endsAt: roundEndsAt - 6_000 - 3_000 * i }); // funding closes (+2 s grace) before the round ends
  for (const [i, { kind, endsAt }] of plan.entries()) {
    const promoter = tokens.promoters[i % tokens.promoters.length];
    const body = {
      title: `Fault campaign ${i + 1} (${kind})`,
      summary: 's',
      description: 'd',
      callId: kind === 'quadratic' ? quadCall.body.id : call.body.id,
      area: 'Giambellino',
      category: 'social_concierge',
      promoterType: 'ets',
      // a failing campaign's goal is far above what the load pledges
      goalAmount: kind === 'failing' ? 9_000_000 : 100_000,
      currency: 'EUR',
      fundingModel: kind === 'failing' ? 'all_or_nothing' : 'keep_it_all',
      startsAt: isoIn(-1),
      endsAt: new Date(endsAt).toISOString(),
      cofinancingAmount: kind === 'failing' ? 900_000 : 10_000,
      upfrontSharePct: 30,
      failedMilestonePolicy: 'refund_donor_share',
      milestones: [
        {
          title: 'Households served',
          indicator: 'households',
          unit: 'households',
          baseline: 0,
          target: 10,
          dueAt: isoIn(60),
          payoutSharePct: 70,
          paymentRule: 'binary',
        },
      ],
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
    campaigns.push({
      id,
      kind,
      promoter,
      endsAt,
      milestoneId: view.body.milestones[0].id,
      keys: 0,
      confirmed: new Map(),
      neverCounted: new Map(),
      closedPledges: 0,
      done: false,
      releases: 0,
    });
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
      if (row.p === plan.length && row.m === plan.length && row.y === plan.length) break;
      if (i > 120) throw new Error(`campaigns not known everywhere after 60 s: ${JSON.stringify(row)}`);
      await sleep(500);
    }
  } finally {
    await db.end();
  }
}

// ---------------------------------------------------------------------------------------------
// payments: stripe-mock creates the PaymentIntent; the driver plays Stripe and posts signed webhooks
const stripeSdk = new Stripe('sk_test_civicfaults');
let payDb: Promise<Client> | undefined; // one connection for every worker

function signedEvent(type: string, object: Record<string, unknown>): { id: string; payload: string; header: string } {
  const id = `evt_${randomUUID().replace(/-/g, '')}`;
  const payload = JSON.stringify({
    id,
    object: 'event',
    type,
    api_version: '2026-10-28.endive',
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    data: { object },
  });
  return { id, payload, header: stripeSdk.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET }) };
}

async function deliver(event: { payload: string; header: string }): Promise<{ duplicate: boolean; outcome: string }> {
  webhookStats.delivered++;
  const r = await http('POST', '/payments/stripe/webhook', { raw: event.payload, headers: { 'stripe-signature': event.header }, idempotent: true });
  if (r.status !== 200 || r.body?.received !== true) unexpected('POST /payments/stripe/webhook', r);
  // a delivery whose answer was lost is delivered again (as Stripe does) and then seen as a duplicate
  return r.ambiguous && r.body.duplicate ? { duplicate: false, outcome: '(answer lost; redelivered)' } : r.body;
}

/** The PaymentIntent the pledges service created at stripe-mock for this pledge (as Stripe knows it). */
async function paymentRef(pledgeId: string): Promise<string> {
  payDb ??= pg();
  const db = await payDb;
  return waitFor(
    `payment intent of ${pledgeId}`,
    async () => {
      const [row] = (await db.query(`SELECT payment_ref FROM pledges.pledges WHERE id = $1`, [pledgeId])).rows;
      return row?.payment_ref ?? undefined;
    },
    30_000,
  );
}

type PayOutcome = 'confirmed' | 'refunded-before-success' | 'paid-after-close' | 'closed-unpaid';

/** Pays one pledge: sandbox card, or Stripe webhooks (some twice, some out of order). */
async function pay(c: Campaign, pledgeId: string, amount: number, citizen: { token: string }, rnd: () => number): Promise<PayOutcome> {
  if (PAYMENTS === 'sandbox') {
    const r = await http('POST', `/pledges/${pledgeId}/sandbox-confirm`, { token: citizen.token, body: { cardNumber: '4242424242424242' } });
    if (r.status === 409 && Date.now() >= c.endsAt) return 'closed-unpaid';
    if (r.status !== 200 || r.body.status !== 'confirmed') unexpected(`sandbox-confirm ${pledgeId}`, r);
    return 'confirmed';
  }
  const pi = await paymentRef(pledgeId);
  const intent = { id: pi, object: 'payment_intent', amount, amount_received: amount, currency: 'eur', metadata: { pledgeId, campaignId: c.id } };
  const succeeded = signedEvent('payment_intent.succeeded', intent);
  const variant = rnd();
  if (variant < 0.05) {
    // out of order: the refund (made in Stripe's dashboard) overtakes the success it refunds
    const refunded = signedEvent('charge.refunded', {
      id: `ch_${randomUUID().slice(0, 8)}`,
      object: 'charge',
      payment_intent: pi,
      amount,
      amount_refunded: amount,
      refunded: true,
      currency: 'eur',
    });
    const first = await deliver(refunded);
    const then = await deliver(succeeded);
    if (
      !['refunded before its success was seen', '(answer lost; redelivered)'].includes(first.outcome) ||
      !['already refunded', '(answer lost; redelivered)'].includes(then.outcome)
    ) {
      unexpected(`refund before success of ${pledgeId}`, { status: 200, body: { first, then }, ambiguous: false });
    }
    webhookStats.refundBeforeSuccess++;
    return 'refunded-before-success';
  }
  const res = await deliver(succeeded);
  if (res.outcome.startsWith('refunded: payment arrived')) return 'paid-after-close'; // after the close, or for a pledge cancelled by it
  if (!['confirmed', '(answer lost; redelivered)'].includes(res.outcome))
    unexpected(`payment_intent.succeeded for ${pledgeId}`, { status: 200, body: res, ambiguous: false });
  if (variant < 0.2) {
    // Stripe delivers an event again (at least once): acknowledged, no effect
    // (its own answer may be lost too: the client's retry then also sees a duplicate)
    const again = await deliver(succeeded);
    if (!again.duplicate && again.outcome !== '(answer lost; redelivered)')
      unexpected(`duplicate delivery for ${pledgeId}`, { status: 200, body: again, ambiguous: false });
    webhookStats.duplicates++;
  } else if (variant < 0.3) {
    // out of order: an earlier attempt's failure arrives after the success; the pledge stays paid
    const failed = signedEvent('payment_intent.payment_failed', { ...intent, amount_received: 0, last_payment_error: { message: 'Your card was declined.' } });
    const late = await deliver(failed);
    if (!['ignored: pledge is confirmed', '(answer lost; redelivered)'].includes(late.outcome))
      unexpected(`late failure for ${pledgeId}`, { status: 200, body: late, ambiguous: false });
    webhookStats.lateFailures++;
  }
  return 'confirmed';
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
      count(stats.expectedRefusals, 'pledge refused: campaign closed during the retries');
      continue;
    }
    if (created.status !== 201) unexpected(`POST /pledges (${c.id})`, created);
    const id = created.body.id as string;
    const outcome = await pay(c, id, amount, citizen, rnd);
    if (outcome === 'closed-unpaid') {
      count(stats.expectedRefusals, 'pledge unpaid at funding close (cancelled)');
      c.closedPledges++;
      continue;
    }
    if (c.confirmed.has(id) || c.neverCounted.has(id)) throw new Error(`pledge ${id} paid twice by the driver`);
    if (outcome === 'confirmed') c.confirmed.set(id, { amount, donor: citizen.id });
    else {
      c.neverCounted.set(id, { amount, why: outcome });
      if (outcome === 'paid-after-close') {
        webhookStats.paidAfterClose++;
        count(stats.expectedRefusals, 'paid after funding closed (refunded at once)');
      }
    }
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

type Tranche = {
  id: string;
  kind: string;
  status: string;
  amount: number;
  dueAmount: number | null;
  payout: { method: string | null; reference: string | null };
};

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
  if (c.kind === 'failing') {
    // all-or-nothing below its goal: failed; the refund saga is checked once the system is quiet
    if (status !== 'failed') throw new Error(`all-or-nothing campaign ${c.id} ended ${status}, expected failed`);
    c.done = true;
    return;
  }
  if (status !== 'in_delivery') throw new Error(`campaign ${c.id} (${c.kind}) ended ${status}, expected in_delivery`);
  const planned = await waitFor(`tranches of ${c.id}`, async () => {
    const ts = await tranchesOf(c);
    return ts.length === 2 ? ts : undefined;
  });
  await release(c, planned[0]);
  const ev = await http('POST', `/campaigns/${c.id}/milestones/${c.milestoneId}/evidence`, {
    token: c.promoter,
    body: { reportedValue: 12, description: 'households served, register attached', documents: [] },
  });
  if (!(ev.status === 201 || (ev.status === 409 && ev.ambiguous))) unexpected('evidence', ev);
  const ver = await http('POST', `/campaigns/${c.id}/milestones/${c.milestoneId}/verification`, {
    token: tokens.verifier,
    body: { verifiedValue: 12, approved: true, notes: 'checked' },
  });
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
/** SIGKILL one replica of a service (the only one when FAULTS_REPLICAS=1) and restart it. */
async function killAndRestart(svc: Svc, rnd: () => number): Promise<void> {
  const replicas = replicasOf(svc);
  const inst = replicas[Math.floor(rnd() * replicas.length)];
  const child = children.get(inst.name)!;
  const exited = new Promise<void>((r) => (child.exitCode !== null || child.signalCode !== null ? r() : child.once('exit', () => r())));
  faultActive = `kill ${inst.name}`;
  const t = Date.now();
  process.kill(child.pid!, 'SIGKILL');
  await exited;
  await waitFor(`${inst.name} port to refuse`, async () => ((await portRefuses(inst.port)) ? true : undefined), 10_000);
  const pause = Math.floor(rnd() * 1500);
  await sleep(pause);
  startService(inst);
  const before = await waitHealthy(inst);
  const down = Date.now() - t;
  if (env.FAULTS_VERBOSE === '1') log(`${inst.name} /health before 200: ${before.join(' | ')}`);
  faults.push({
    what: `SIGKILL ${inst.name}`,
    at: t - T0,
    downMs: down,
    detail: `pid ${child.pid}, restarted after a ${pause} ms pause${replicas.length > 1 ? `; ${replicas.length - 1} other replica(s) kept serving` : ''}`,
  });
  log(`SIGKILL ${inst.name} (pid ${child.pid}): down ${secs(down)} s until /health 200`);
  faultActive = null;
}

/** The broker stopped gracefully (SIGTERM) or killed (SIGKILL: no controlled shutdown, log recovery at start), then restarted. */
async function restartKafka(signal: 'SIGTERM' | 'SIGKILL'): Promise<void> {
  faultActive = signal === 'SIGKILL' ? 'kafka SIGKILL' : 'kafka restart';
  const t = Date.now();
  const pid = kafkaPid();
  await stopKafka(signal);
  const stopped = Date.now() - t;
  startKafka(false);
  for (const inst of INSTANCES) await waitHealthy(inst);
  const down = Date.now() - t;
  const what = signal === 'SIGKILL' ? 'SIGKILL Kafka + start' : 'Kafka stop + start';
  faults.push({
    what,
    at: t - T0,
    downMs: down,
    detail: `pid ${pid}, ${signal === 'SIGKILL' ? 'killed' : 'stopped'} in ${secs(stopped)} s, new pid ${kafkaPid()}; every replica healthy again`,
  });
  log(`${what} (old pid ${pid}, new ${kafkaPid()}): ${secs(down)} s until every replica's /health is 200 again`);
  faultActive = null;
}

type Fault = Svc | 'kafka-stop' | 'kafka-kill';
const EXPECTED_FAULTS = SERVICES.length + 2;
async function faultSchedule(loadStart: number): Promise<void> {
  const rnd = prng(SEED);
  const order: Fault[] = [...SERVICES];
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  // the two broker faults apart from each other, never first
  const k1 = 1 + Math.floor(rnd() * 2);
  order.splice(k1, 0, rnd() < 0.5 ? 'kafka-stop' : 'kafka-kill');
  order.splice(k1 + 2 + Math.floor(rnd() * (order.length - k1 - 1)), 0, order[k1] === 'kafka-stop' ? 'kafka-kill' : 'kafka-stop');
  const slot = ((LOAD_S - 10) * 1000) / order.length;
  const at = order.map((_, i) => 8_000 + Math.round(i * slot + rnd() * slot * 0.4));
  const label = (o: Fault) => (o === 'kafka-stop' ? 'restart Kafka' : o === 'kafka-kill' ? 'SIGKILL Kafka' : `kill a ${o} replica`);
  log(`fault schedule (seed ${SEED}): ${order.map((o, i) => `${label(o)} @${secs(at[i])}s`).join(', ')}`);
  for (let i = 0; i < order.length; i++) {
    await sleep(Math.max(0, loadStart + at[i] - Date.now()));
    const o = order[i];
    if (o === 'kafka-stop') await restartKafka('SIGTERM');
    else if (o === 'kafka-kill') await restartKafka('SIGKILL');
    else await killAndRestart(o, rnd);
  }
}

// ---------------------------------------------------------------------------------------------
// quiesce and checks
async function pg(): Promise<Client> {
  const c = new Client({ connectionString: DB_URL });
  c.on('error', (e) => log(`checker's database connection: ${e.message}`));
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

const results: { section: string; check: string; ok: boolean; detail: string }[] = [];
let currentSection = '';
function check(name: string, ok: boolean, detail: string): void {
  results.push({ section: currentSection, check: name, ok, detail });
  console.log(`  ${ok ? 'PASS' : 'FAIL'} ${name}${ok ? '' : `: ${detail}`}`);
}

function section(name: string): void {
  currentSection = name;
  console.log(`\n  == ${name}`);
}

const same = (a: Set<string>, b: Set<string>) => a.size === b.size && [...a].every((x) => b.has(x));
const sumOf = <T>(xs: T[], f: (x: T) => number) => xs.reduce((a, x) => a + f(x), 0);
type Movement = { reference: string; kind: string; tranche_id: string | null; amount: number; source: string; destination: string };

async function checks(): Promise<void> {
  const db = await pg();
  try {
    section('ledger');
    const audit = await http('GET', '/ledger/audit', { token: tokens.admin });
    check(
      'ledger audit (GET /ledger/audit) reports no violation',
      audit.status === 200 && audit.body.ok === true && audit.body.violations.length === 0,
      JSON.stringify(audit.body).slice(0, 800),
    );
    const script = spawnSync(process.execPath, ['-r', '@swc-node/register', 'scripts/ops/audit-ledger.ts', '--url', GW], {
      cwd: ROOT,
      env: { ...env, AUDIT_TOKEN: tokens.admin },
      encoding: 'utf8',
    });
    check('npm run audit:ledger (through the gateway) exits 0', script.status === 0, `${script.status}: ${script.stdout}${script.stderr}`.slice(0, 800));
    // the cross-service reconciliation (docs/audit.md): every pledge counted once in the four services, every committed match escrowed and planned
    const platform = await http('GET', '/audit/platform', { token: tokens.admin });
    check(
      'platform audit (GET /audit/platform) is ok across the four services',
      platform.status === 200 && platform.body.status === 'ok',
      JSON.stringify({ status: platform.body?.status, findings: platform.body?.findings }).slice(0, 800),
    );

    const mine = new Map<string, { id: string; campaignId: string; status: string; amount: number; refundedAmount: number }>();
    for (const c of tokens.citizens) {
      const r = await http('GET', '/me/pledges', { token: c.token });
      if (r.status !== 200) unexpected('GET /me/pledges', r);
      for (const p of r.body) mine.set(p.id, p);
    }
    const ledgerTranches = new Map<string, { released: number; releasedTx: Set<string>; paid: number; paidTx: Set<string> }>();
    const refs = new Map<string, string>();
    const spent = { ratio: 0, threshold: 0, quadratic: 0 };
    let totalPledges = 0;
    let round:
      | {
          status: string;
          poolAmount: number;
          unallocatedAmount: number;
          results: { campaignId: string; donors: number; contributionsAmount: number; matchAmount: number }[];
        }
      | undefined;
    if (quadRuleId) {
      const r = await http('GET', `/rounds/${quadRuleId}`);
      if (r.status !== 200) unexpected('GET round', r);
      round = r.body;
    }

    // the round counts the pledges confirmed before it ends (a pledge may still be confirmed in the funding grace)
    const inRound = new Map<string, { id: string; donor: string; amount: number }[]>();
    for (const c of campaigns.filter((x) => x.kind === 'quadratic')) {
      const at = new Map(
        (await db.query(`SELECT id, confirmed_at FROM pledges.pledges WHERE campaign_id = $1 AND status = 'confirmed'`, [c.id])).rows.map((r) => [
          r.id as string,
          new Date(r.confirmed_at).getTime(),
        ]),
      );
      inRound.set(
        c.id,
        [...c.confirmed.entries()].filter(([id]) => (at.get(id) ?? Infinity) < roundEndsAt).map(([id, p]) => ({ id, ...p })),
      );
    }
    const succeeding = campaigns.filter((c) => c.kind !== 'failing');
    for (const [title, group] of [
      [
        `keep-it-all campaigns, ratio ${RATIO.numerator}:${RATIO.denominator} + threshold grant ${euros(THRESHOLD.grant)} at ${euros(THRESHOLD.amount)} (every pledge counted and matched once, tranches paid once)`,
        succeeding.filter((c) => c.kind === 'ratio'),
      ],
      [
        `quadratic round (pool ${euros(QUAD_POOL)}): campaigns wait for the round, its share escrowed and paid once`,
        succeeding.filter((c) => c.kind === 'quadratic'),
      ],
    ] as const) {
      if (group.length === 0) continue;
      section(title);
      for (const c of group) {
        const tag = `campaign ${c.id.slice(0, 8)} (${c.kind})`;
        const expected = [...c.confirmed.entries()];
        const n = expected.length;
        const sum = sumOf(expected, ([, p]) => p.amount);
        const donors = new Set(expected.map(([, p]) => p.donor)).size;
        const ratioMatch = c.kind === 'ratio' ? sumOf(expected, ([, p]) => Math.floor((p.amount * RATIO.numerator) / RATIO.denominator)) : 0;
        const grant = c.kind === 'ratio' && sum >= THRESHOLD.amount ? THRESHOLD.grant : 0;
        const result = round?.results.find((r) => r.campaignId === c.id);
        const quad = c.kind === 'quadratic' ? (result?.matchAmount ?? 0) : 0;
        const match = ratioMatch + grant + quad;
        spent.ratio += ratioMatch;
        spent.threshold += grant;
        spent.quadratic += quad;
        totalPledges += n;
        const ids = new Set(expected.map(([id]) => id));
        check(`${tag}: has confirmed pledges (keep-it-all succeeds)`, n > 0, `n=${n}`);

        // pledges service: its table, and the API's /me/pledges of every citizen
        const rows = (await db.query(`SELECT id, status, amount_minor::bigint AS amount FROM pledges.pledges WHERE campaign_id = $1`, [c.id])).rows as {
          id: string;
          status: string;
          amount: string;
        }[];
        const conf = rows.filter((r) => r.status === 'confirmed');
        check(
          `${tag}: pledges service holds exactly the driver's confirmed pledges`,
          same(new Set(conf.map((r) => r.id)), ids) && sumOf(conf, (r) => Number(r.amount)) === sum,
          `driver ${n} pledges / ${sum} cents; pledges.pledges confirmed ${conf.length} / ${sumOf(conf, (r) => Number(r.amount))}`,
        );
        check(`${tag}: no pledge duplicated by a retry (rows <= idempotency keys)`, rows.length <= c.keys, `${rows.length} pledge rows for ${c.keys} keys`);
        const never = [...c.neverCounted.keys()];
        check(
          `${tag}: pledges refunded before they counted (refund before success, paid after close) are refunded and counted nowhere`,
          never.every((id) => rows.find((r) => r.id === id)?.status === 'refunded'),
          never.map((id) => `${id}: ${rows.find((r) => r.id === id)?.status}`).join(', '),
        );
        const api = [...mine.values()].filter((p) => p.campaignId === c.id && p.status === 'confirmed');
        check(
          `${tag}: GET /me/pledges agrees`,
          api.length === n && sumOf(api, (p) => p.amount) === sum,
          `api ${api.length} / ${sumOf(api, (p) => p.amount)}; driver ${n} / ${sum}`,
        );

        // campaigns service: progress read model
        const cv = await http('GET', `/campaigns/${c.id}`);
        const [cdb] = (await db.query(`SELECT confirmed_pledges FROM campaigns.campaigns WHERE id = $1`, [c.id])).rows;
        const prog = cv.body.progress;
        check(
          `${tag}: campaigns progress = confirmed pledges (amount, backers, count) and every match`,
          prog.pledgedAmount === sum && prog.backers === donors && Number(cdb.confirmed_pledges) === n && prog.matchedAmount === match,
          `progress ${JSON.stringify(prog)}, confirmed_pledges ${cdb.confirmed_pledges}; expected pledged ${sum}, backers ${donors}, count ${n}, matched ${match}`,
        );
        check(`${tag}: campaign completed`, cv.body.status === 'completed', cv.body.status);

        // matching service: its copy of the crowd pledges, the ratio matches (one per pledge), the grant, the round share
        const mp = (await db.query(`SELECT pledge_id, amount FROM matching.campaign_pledges WHERE campaign_id = $1 AND status = 'confirmed'`, [c.id])).rows;
        const ma = (
          await db.query(
            `SELECT count(*)::int AS n, count(DISTINCT pledge_id)::int AS d FROM matching.match_allocations WHERE campaign_id = $1 AND pledge_id IS NOT NULL`,
            [c.id],
          )
        ).rows[0];
        const mv = await http('GET', `/campaigns/${c.id}/match`);
        check(
          `${tag}: matching counts each pledge once and matches it once`,
          same(new Set(mp.map((r) => r.pledge_id as string)), ids) &&
            sumOf(mp, (r) => Number(r.amount)) === sum &&
            ma.n === ma.d &&
            ma.n === (c.kind === 'ratio' ? n : 0) &&
            mv.body.matchedAmount === match,
          `matching pledges ${mp.length} / ${sumOf(mp, (r) => Number(r.amount))}, pledge allocations ${ma.n} (${ma.d} pledges), matchedAmount ${mv.body.matchedAmount}; expected ${n} / ${sum}, match ${match}`,
        );
        if (c.kind === 'ratio') {
          const g = (
            await db.query(`SELECT status, amount::bigint AS amount FROM matching.match_allocations WHERE campaign_id = $1 AND rule_id = $2`, [
              c.id,
              thresholdRuleId,
            ])
          ).rows;
          const live = g.filter((r) => r.status !== 'released');
          check(
            `${tag}: threshold grant ${grant ? 'triggered once' : 'not triggered'} (crowd ${euros(sum)})`,
            live.length === (grant ? 1 : 0) &&
              sumOf(live, (r) => Number(r.amount)) === grant &&
              live.every((r) => r.status === 'committed' || r.status === 'spent'),
            `threshold allocations ${JSON.stringify(g)}; expected one committed grant of ${grant}`,
          );
        } else {
          const counted = inRound.get(c.id) ?? [];
          const rDonors = new Set(counted.map((p) => p.donor)).size;
          const rSum = sumOf(counted, (p) => p.amount);
          const [fin] = (await db.query(`SELECT finalized_at FROM matching.rounds WHERE rule_id = $1`, [quadRuleId])).rows;
          check(
            `${tag}: round result = its pledges confirmed before the round ended (donors, contributions), matched once`,
            !!result && result.donors === rDonors && result.contributionsAmount === rSum && mv.body.matchedAmount === quad,
            `result ${JSON.stringify(result)}; expected donors ${rDonors}, contributions ${rSum} (${counted.length} of ${n} pledges confirmed before the round's end ${new Date(roundEndsAt).toISOString()}; round finalized at ${fin?.finalized_at?.toISOString?.()}); matchedAmount ${mv.body.matchedAmount}`,
          );
        }

        // payouts ledger: one pledge_collected per pledge into the crowd escrow; every match once
        const lg = await http('GET', `/ledger/campaigns/${c.id}`);
        const mv2 = lg.body.movements as Movement[];
        const collected = mv2.filter((m) => m.kind === 'pledge_collected');
        check(
          `${tag}: payouts escrow collected each pledge once`,
          collected.length === n &&
            new Set(collected.map((m) => m.reference)).size === n &&
            sumOf(collected, (m) => m.amount) === sum &&
            collected.every((m) => m.destination === `escrow:campaign:${c.id}:crowd`) &&
            same(new Set(collected.map((m) => m.reference.split(':')[1])), ids),
          `ledger pledge_collected ${collected.length} / ${sumOf(collected, (m) => m.amount)}; expected ${n} / ${sum}`,
        );
        const committed = mv2.filter((m) => m.kind === 'match_committed');
        check(
          `${tag}: payouts escrow received each fund's match once`,
          sumOf(committed, (m) => m.amount) === match && new Set(committed.map((m) => m.reference)).size === committed.length,
          `match_committed ${committed.length} movements / ${sumOf(committed, (m) => m.amount)}, expected ${match}`,
        );
        const balances = lg.body.accounts as { account: string; balance: number }[];
        const left = sumOf(
          balances.filter((b) => b.account.startsWith(`escrow:campaign:${c.id}:`)),
          (b) => b.balance,
        );
        check(`${tag}: escrow empty after every tranche paid`, left === 0, JSON.stringify(balances));

        // no tranche paid twice
        const ts = await tranchesOf(c);
        check(
          `${tag}: two tranches, both paid, covering crowd + match`,
          ts.length === 2 && ts.every((t) => t.status === 'paid') && sumOf(ts, (t) => t.amount) === sum + match,
          JSON.stringify(ts.map((t) => [t.kind, t.status, t.amount])) + ` expected total ${sum + match}`,
        );
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
          check(
            `${tag} tranche ${t.kind}: released once and paid once, for its amount`,
            per.releasedTx.size === 1 &&
              per.paidTx.size === 1 &&
              per.released === t.amount &&
              per.paid === t.amount &&
              t.dueAmount === t.amount &&
              ref !== '' &&
              !refs.has(ref),
            `released ${per.releasedTx.size} tx / ${per.released}, paid ${per.paidTx.size} tx / ${per.paid}, amount ${t.amount}, due ${t.dueAmount}, transfer ${ref}${refs.has(ref) ? ` (also tranche ${refs.get(ref)})` : ''}`,
          );
          refs.set(ref, t.id);
        }
      }
    }

    if (round) {
      section('quadratic round: finalized exactly once, amounts recomputed');
      const rows = (await db.query(`SELECT count(*)::int AS n FROM matching.rounds WHERE rule_id = $1`, [quadRuleId])).rows[0].n;
      const results = (
        await db.query(`SELECT campaign_id, ideal_amount::bigint AS ideal, match_amount::bigint AS match FROM matching.round_results WHERE rule_id = $1`, [
          quadRuleId,
        ])
      ).rows;
      const quadCampaigns = campaigns.filter((c) => c.kind === 'quadratic');
      check(
        'round final, one finalization, one result per campaign of the round',
        round.status === 'final' && rows === 1 && results.length === quadCampaigns.length && round.results.length === quadCampaigns.length,
        `status ${round.status}, rounds rows ${rows}, results ${results.length} (API ${round.results.length}) for ${quadCampaigns.length} campaigns`,
      );
      check(
        'round: allocated + unallocated = pool',
        sumOf(round.results, (r) => r.matchAmount) + round.unallocatedAmount === QUAD_POOL && round.poolAmount === QUAD_POOL,
        `allocated ${sumOf(round.results, (r) => r.matchAmount)} + unallocated ${round.unallocatedAmount} vs pool ${QUAD_POOL} (${round.poolAmount})`,
      );
      // ideals from the driver's own pledges (docs matching-rules.md), then the scale-down to the pool
      const ideals = quadCampaigns.map((c) => {
        const byDonor = new Map<string, number>();
        for (const p of inRound.get(c.id) ?? []) byDonor.set(p.donor, (byDonor.get(p.donor) ?? 0) + p.amount);
        const roots = sumOf([...byDonor.values()], (x) => Math.sqrt(x));
        return { id: c.id, ideal: roots * roots - sumOf([...byDonor.values()], (x) => x) };
      });
      const idealOk = ideals.every((i) => Math.abs(Number(results.find((r) => r.campaign_id === i.id)?.ideal ?? -10) - i.ideal) <= 1);
      const total = results.reduce((a, r) => a + BigInt(r.ideal), 0n);
      const scaledOk = results.every((r) => BigInt(r.match) === (total > BigInt(QUAD_POOL) ? (BigInt(r.ideal) * BigInt(QUAD_POOL)) / total : BigInt(r.ideal)));
      check(
        'round: each ideal (sum of sqrt)^2 - sum recomputed from the pledges, each match = floor(ideal * pool / total)',
        idealOk && scaledOk,
        `service ${JSON.stringify(results)}; driver ideals ${JSON.stringify(ideals)}`,
      );
    }

    const failing = campaigns.filter((c) => c.kind === 'failing');
    if (failing.length > 0) {
      section('all-or-nothing campaigns that fail: refund saga (every pledge refunded exactly once, every match released)');
      for (const c of failing) {
        const tag = `campaign ${c.id.slice(0, 8)} (failing)`;
        const expected = [...c.confirmed.entries()];
        const n = expected.length;
        const sum = sumOf(expected, ([, p]) => p.amount);
        const ids = new Set(expected.map(([id]) => id));
        const cv = await http('GET', `/campaigns/${c.id}`);
        check(`${tag}: failed, with ${n} paid pledges (EUR ${euros(sum)}) to refund`, cv.body.status === 'failed' && n > 0, `${cv.body.status}, ${n} pledges`);
        const rows = (
          await db.query(`SELECT id, status, amount_minor::bigint AS amount, refunded_amount::bigint AS refunded FROM pledges.pledges WHERE campaign_id = $1`, [
            c.id,
          ])
        ).rows;
        const refunded = rows.filter((r) => r.status === 'refunded');
        const paidIds = new Set([...ids, ...c.neverCounted.keys()]);
        check(
          `${tag}: every paid pledge refunded in full, none left confirmed`,
          same(new Set(refunded.map((r) => r.id as string)), paidIds) && rows.every((r) => r.status !== 'confirmed'),
          `refunded ${refunded.length} of ${paidIds.size} paid; statuses ${JSON.stringify(rows.reduce((m: Record<string, number>, r) => ((m[r.status] = (m[r.status] ?? 0) + 1), m), {}))}`,
        );
        const events = (
          await db.query(
            `SELECT envelope->'payload'->>'pledgeId' AS pledge, count(*)::int AS n FROM pledges.outbox_messages WHERE event_type LIKE 'pledge.refunded%' AND envelope->'payload'->>'campaignId' = $1 GROUP BY 1`,
            [c.id],
          )
        ).rows;
        check(
          `${tag}: one pledge.refunded event per counted pledge`,
          events.length === n && events.every((e) => e.n === 1 && ids.has(e.pledge)),
          `${events.length} pledges with refund events (${events
            .filter((e) => e.n !== 1)
            .map((e) => `${e.pledge} x${e.n}`)
            .join(', ')}), expected ${n}`,
        );
        const api = [...mine.values()].filter((p) => p.campaignId === c.id && ids.has(p.id));
        check(
          `${tag}: GET /me/pledges shows each refunded`,
          api.length === n && api.every((p) => p.status === 'refunded' && p.refundedAmount === p.amount),
          `${api.filter((p) => p.status === 'refunded').length}/${n}`,
        );
        const lg = await http('GET', `/ledger/campaigns/${c.id}`);
        const mv2 = lg.body.movements as Movement[];
        const coll = mv2.filter((m) => m.kind === 'pledge_collected');
        const back = mv2.filter((m) => m.kind === 'pledge_refunded');
        check(
          `${tag}: ledger collected each pledge once and refunded it once`,
          coll.length === n &&
            back.length === n &&
            new Set(back.map((m) => m.reference)).size === n &&
            sumOf(back, (m) => m.amount) === sum &&
            sumOf(coll, (m) => m.amount) === sum,
          `pledge_collected ${coll.length} / ${sumOf(coll, (m) => m.amount)}, pledge_refunded ${back.length} (${new Set(back.map((m) => m.reference)).size} refs) / ${sumOf(back, (m) => m.amount)}; expected ${n} / ${sum}`,
        );
        const balances = lg.body.accounts as { account: string; balance: number }[];
        check(
          `${tag}: escrow empty, no tranche`,
          sumOf(
            balances.filter((b) => b.account.startsWith(`escrow:campaign:${c.id}:`)),
            (b) => b.balance,
          ) === 0 &&
            (await tranchesOf(c)).length === 0 &&
            !mv2.some((m) => m.kind === 'match_committed'),
          JSON.stringify(balances),
        );
        const live = (await db.query(`SELECT status, count(*)::int AS n FROM matching.match_allocations WHERE campaign_id = $1 GROUP BY 1`, [c.id])).rows;
        const mv = await http('GET', `/campaigns/${c.id}/match`);
        check(
          `${tag}: every reserved match (ratio and threshold) released to its fund`,
          live.every((r) => r.status === 'released') && mv.body.reservedAmount === 0 && mv.body.committedAmount === 0,
          `allocations ${JSON.stringify(live)}, match ${JSON.stringify(mv.body).slice(0, 200)}`,
        );
      }
    }

    section('funds: every match spent once, nothing left reserved or committed, identity holds');
    for (const [name, id, budget, want] of [
      ['ratio', fundId, 100_000_000, spent.ratio],
      ['threshold', thresholdFundId, 10_000_000, spent.threshold],
      ...(quadFundId ? [['quadratic', quadFundId, QUAD_POOL, spent.quadratic] as const] : []),
    ] as const) {
      const f = (await http('GET', `/funds/${id}`)).body;
      check(
        `${name} fund: spent ${euros(want)}, reserved 0, committed 0, available = budget - spent`,
        f.spent === want &&
          f.reserved === 0 &&
          f.committed === 0 &&
          f.available === budget - want &&
          f.available + f.reserved + f.committed + f.spent + f.returned === f.budgetAmount,
        `${JSON.stringify(f)}; expected spent ${want}`,
      );
    }
    const paidTx = (
      await db.query(
        `SELECT tranche_id, kind, count(*)::int AS n FROM payouts.ledger_transactions WHERE kind IN ('tranche_released', 'tranche_paid') GROUP BY tranche_id, kind`,
      )
    ).rows;
    check(
      'ledger: one tranche_released and one tranche_paid transaction per tranche, none elsewhere',
      paidTx.every((r) => r.n === 1 && ledgerTranches.has(r.tranche_id)) && paidTx.length === 2 * ledgerTranches.size,
      JSON.stringify(paidTx.filter((r) => r.n !== 1 || !ledgerTranches.has(r.tranche_id))),
    );
    const totalRows = Number((await db.query(`SELECT count(*) AS n FROM pledges.pledges WHERE status = 'confirmed'`)).rows[0].n);
    check(
      'pledges: confirmed rows overall = pledges the driver saw confirmed in succeeding campaigns',
      totalRows === totalPledges,
      `${totalRows} vs ${totalPledges}`,
    );

    if (PAYMENTS === 'stripe') {
      section(
        `payments: stripe-mock PaymentIntents, signed webhooks (${webhookStats.duplicates} delivered twice, ${webhookStats.lateFailures} late failures, ${webhookStats.refundBeforeSuccess} refunds before success)`,
      );
      const ev = (await db.query(`SELECT outcome, count(*)::int AS n FROM pledges.stripe_events GROUP BY 1`)).rows as { outcome: string; n: number }[];
      const byOutcome = Object.fromEntries(ev.map((r) => [r.outcome, r.n]));
      check(
        'webhooks: each event recorded once; none refused or unmatched',
        sumOf(ev, (r) => r.n) === webhookStats.delivered - webhookStats.duplicates &&
          !ev.some((r) => r.outcome.startsWith('refused') || r.outcome.startsWith('ignored: no pledge') || r.outcome === 'received'),
        `${JSON.stringify(byOutcome)}; delivered ${webhookStats.delivered}, of which ${webhookStats.duplicates} duplicates`,
      );
      check(
        'webhooks: late failures ignored, refunds before success never counted',
        (byOutcome['ignored: pledge is confirmed'] ?? 0) === webhookStats.lateFailures &&
          (byOutcome['refunded before its success was seen'] ?? 0) === webhookStats.refundBeforeSuccess,
        JSON.stringify(byOutcome),
      );
      const refs = (
        await db.query(
          `SELECT count(*)::int AS n, count(DISTINCT payment_ref)::int AS d, count(*) FILTER (WHERE payment_ref NOT LIKE 'pi_%')::int AS bad FROM pledges.pledges WHERE payment_provider = 'stripe'`,
        )
      ).rows[0];
      check('stripe: one PaymentIntent per pledge (stripe-mock ids)', refs.n > 0 && refs.n === refs.d && refs.bad === 0, JSON.stringify(refs));
    }

    section(`gateway: ${REPLICAS} replica(s) of each service behind nginx`);
    const access = existsSync(GW_ACCESS_LOG)
      ? readFileSync(GW_ACCESS_LOG, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as { upstream: string; upstreamStatus: string; status: number; uri: string; method: string })
      : [];
    const served = new Map<string, number>();
    let failovers = 0;
    for (const a of access) {
      const ups = a.upstream.split(/,\s*/).filter((u) => u && u !== '-');
      if (ups.length > 1) failovers++;
      for (const u of ups) served.set(u, (served.get(u) ?? 0) + 1);
    }
    const idle = INSTANCES.filter((i) => !served.has(`127.0.0.1:${i.port}`)).map((i) => i.name);
    check(
      'every replica served requests (the gateway spreads the load)',
      access.length > 0 && idle.length === 0,
      `${access.length} requests logged; idle replicas: ${idle.join(', ')}`,
    );
    console.log(
      `    (${access.length} requests; ${failovers} passed on to another replica by the gateway; per replica: ${INSTANCES.map((i) => `${i.name} ${served.get(`127.0.0.1:${i.port}`) ?? 0}`).join(', ')})`,
    );
    const replicaKill = stats.gatewayErrors.filter((e) => e.fault?.startsWith('kill') && REPLICAS > 1);
    if (REPLICAS > 1) {
      check(
        'a killed replica is invisible to clients: no gateway error on a non-idempotent request',
        replicaKill.every((e) => e.idempotent),
        replicaKill
          .filter((e) => !e.idempotent)
          .map((e) => `${e.what} during ${e.fault}`)
          .join('; '),
      );
    }
    console.log(
      `    (${stats.gatewayErrors.length} gateway errors seen by clients, all retried to success: ${replicaKill.length} during replica kills, all on idempotent requests; ${stats.gatewayErrors.length - replicaKill.length} during broker faults${REPLICAS === 1 ? ' and single-replica kills' : ''}${
        stats.gatewayErrors.length
          ? `: ${stats.gatewayErrors
              .slice(0, 6)
              .map((e) => `${e.what} (${e.fault})`)
              .join('; ')}`
          : ''
      })`,
    );
    check('gateway errors only while a fault was active', retriesOutsideFaults.length === 0, retriesOutsideFaults.slice(0, 10).join('; '));

    section('messaging and HTTP');
    const dead: string[] = [];
    for (const s of SERVICES) {
      for (const r of (await db.query(`SELECT consumer, event_type, last_error FROM ${s}.inbox_messages WHERE status = 'dead'`)).rows)
        dead.push(`${s}: ${r.consumer} ${r.event_type} ${r.last_error}`);
    }
    const { dlt } = await consumerLag();
    check('messaging: no event dead-lettered (inbox dead rows, .dlt topics)', dead.length === 0 && dlt === 0, `${dead.slice(0, 5).join('; ')} dlt=${dlt}`);
    check('HTTP: zero 500s and no unexpected status', stats.unexpected.length === 0, stats.unexpected.slice(0, 10).join('\n    '));
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
  await payDb?.then((c) => c.end()).catch(() => undefined);
  stopGateway();
  await Promise.all(
    [...children].map(async ([name, child]) => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const t = Date.now();
        while (child.exitCode === null && child.signalCode === null && Date.now() - t < 8000) await sleep(100);
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }
      logs.get(name)?.end();
    }),
  );
  await stopKafka().catch((e) => log(`stopping Kafka: ${(e as Error).message}`));
  if (env.FAULTS_KEEP !== '1') {
    await adminQuery(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`).catch((e) => log(`dropping ${DB_NAME}: ${(e as Error).message}`));
    spawnSync('rm', ['-rf', RUN_DIR]);
  } else log(`FAULTS_KEEP=1: kept database ${DB_NAME} and ${RUN_DIR}`);
}

async function main(): Promise<number> {
  mkdirSync(ARTIFACTS, { recursive: true });
  mkdirSync(RUN_DIR, { recursive: true });
  for (const i of INSTANCES) writeFileSync(join(ARTIFACTS, `${i.name}.log`), '');
  for (const f of ['gateway.log', 'gateway.access.log']) writeFileSync(join(ARTIFACTS, f), '');
  writeFileSync(join(RUN_DIR, 'database'), DB_NAME);
  log(
    `seed ${SEED} (replay: FAULTS_SEED=${SEED}); load ${LOAD_S} s; campaigns: ${N_CAMPAIGNS} keep-it-all (ratio + threshold), ${N_FAILING} all-or-nothing failing, ${N_QUADRATIC} in a quadratic round; ${CONCURRENCY} pledge workers; payments ${PAYMENTS === 'stripe' ? `stripe-mock ${STRIPE_URL} + signed webhooks` : 'sandbox'}`,
  );
  log(
    `database ${DB_NAME}, Kafka 127.0.0.1:${KAFKA_PORT} (namespace ${NAMESPACE}), ${REPLICAS} replica(s) per service (${INSTANCES.map((i) => `${i.name} :${i.port}`).join(', ')}), gateway ${GW}, logs ${ARTIFACTS}`,
  );
  if (PAYMENTS === 'stripe') {
    const ok = await fetch(`${STRIPE_URL}/v1/balance`, { headers: { authorization: 'Bearer sk_test_civicfaults' }, signal: AbortSignal.timeout(5000) }).then(
      (r) => r.status === 200,
      () => false,
    );
    if (!ok) throw new Error(`stripe-mock not reachable at ${STRIPE_URL} (scripts/infra/start-stripe-mock.sh), or run with FAULTS_PAYMENTS=sandbox`);
  }
  await adminQuery(`CREATE DATABASE ${DB_NAME}`);
  let t = Date.now();
  startKafka(true);
  log(`own Kafka broker up in ${secs(Date.now() - t)} s (pid ${kafkaPid()})`);
  t = Date.now();
  // first replicas first (they run the migrations), then the others
  for (const inst of INSTANCES.filter((i) => i.replica === 0)) startService(inst);
  for (const inst of INSTANCES.filter((i) => i.replica === 0)) await waitHealthy(inst, 120_000);
  for (const inst of INSTANCES.filter((i) => i.replica > 0)) startService(inst);
  for (const inst of INSTANCES.filter((i) => i.replica > 0)) await waitHealthy(inst, 120_000);
  log(`${INSTANCES.length} service processes healthy in ${secs(Date.now() - t)} s`);
  startGateway();
  await waitFor(
    'the gateway',
    async () =>
      (await fetch(`${GW}/gateway/health`).then(
        (r) => r.status === 200,
        () => false,
      )) || undefined,
    10_000,
  );
  log(`gateway up (nginx pid ${readFileSync(join(RUN_DIR, 'gateway.pid'), 'utf8').trim()})`);
  t = Date.now();
  await setup();
  log(
    `setup (2 calls, ratio ${RATIO.numerator}:${RATIO.denominator} + threshold${quadRuleId ? ' + quadratic' : ''} funds, ${campaigns.length} live campaigns known everywhere) in ${secs(Date.now() - t)} s`,
  );

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
  log(`load done in ${secs(loadMs)} s (every campaign closed; succeeding ones: both tranches released, milestone verified)`);
  const quiesceMs = await quiesce();
  log(`quiet after ${secs(quiesceMs)} s (outboxes published, consumer groups caught up)`);
  log('checks:');
  await checks();

  const failed = results.filter((r) => !r.ok);
  const retries = Object.values(stats.retries).reduce((a, b) => a + b, 0);
  const of = (k: Kind) => campaigns.filter((c) => c.kind === k);
  const pledged = (cs: Campaign[]) =>
    `${sumOf(cs, (c) => c.confirmed.size)} pledges, EUR ${euros(sumOf(cs, (c) => sumOf([...c.confirmed.values()], (p) => p.amount)))}`;
  console.log('\n================ fault injection summary ================');
  console.log(`seed                 ${SEED}`);
  console.log(`duration             ${secs(Date.now() - T0)} s (load ${secs(loadMs)} s, quiesce ${secs(quiesceMs)} s)`);
  console.log(
    `pledges              ${made} attempted; ${
      Object.entries(stats.expectedRefusals)
        .map(([k, v]) => `${v} ${k}`)
        .join(', ') || 'none refused'
    }`,
  );
  console.log(
    `keep-it-all          ${of('ratio').length} campaigns completed (${pledged(of('ratio'))}), ${campaigns.reduce((a, c) => a + c.releases, 0)} tranche releases in all`,
  );
  if (N_FAILING > 0) console.log(`all-or-nothing       ${of('failing').length} campaigns failed (${pledged(of('failing'))} refunded)`);
  if (N_QUADRATIC > 0) console.log(`quadratic round      ${of('quadratic').length} campaigns (${pledged(of('quadratic'))}), pool EUR ${euros(QUAD_POOL)}`);
  if (PAYMENTS === 'stripe')
    console.log(
      `webhooks             ${webhookStats.delivered} signed deliveries: ${webhookStats.duplicates} duplicates, ${webhookStats.lateFailures} late failures, ${webhookStats.refundBeforeSuccess} refunds before success, ${webhookStats.paidAfterClose} paid after close`,
    );
  console.log(
    `gateway              ${REPLICAS} replica(s) per service; ${stats.gatewayErrors.length} gateway errors seen by clients (${stats.gatewayErrors.filter((e) => !e.idempotent).length} on non-idempotent requests)`,
  );
  console.log(
    `HTTP                 ${stats.requests} requests, ${stats.attempts} attempts, ${retries} retries (${
      Object.entries(stats.retries)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ') || 'none'
    })`,
  );
  console.log(
    `HTTP statuses        ${Object.entries(stats.byStatus)
      .map(([k, v]) => `${k}: ${v}`)
      .join(', ')}`,
  );
  for (const f of faults) console.log(`fault                ${f.what.padEnd(22)} at +${secs(f.at)} s, down ${secs(f.downMs)} s (${f.detail})`);
  console.log('scenarios');
  for (const sec of [...new Set(results.map((r) => r.section))]) {
    const rs = results.filter((r) => r.section === sec);
    console.log(`  ${rs.every((r) => r.ok) ? 'PASS' : 'FAIL'} ${String(rs.filter((r) => r.ok).length).padStart(3)}/${String(rs.length).padEnd(3)} ${sec}`);
  }
  console.log(`checks               ${results.length - failed.length}/${results.length} passed`);
  for (const f of failed) console.log(`  FAILED ${f.check}: ${f.detail}`);
  if (faults.length !== EXPECTED_FAULTS) console.log(`  FAILED ${faults.length} of ${EXPECTED_FAULTS} faults injected`);
  console.log('=========================================================');
  return failed.length === 0 && faults.length === EXPECTED_FAULTS ? 0 : 1;
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
