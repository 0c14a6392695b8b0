/**
 * Starts the platform for a benchmark as separate processes (the load generator must not share
 * an event loop with the servers): embedded mode (one process, in-memory PGlite) or distributed
 * mode (four services on a fresh PostgreSQL database and a Kafka namespace of their own).
 * Benchmarks call the services directly (no gateway), routed like the gateway does.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import type { ServiceName } from '@lib/platform';
import { serviceFor } from '../../tests/support/routes';

export type Mode = 'embedded' | 'distributed';
const SERVICES: ServiceName[] = ['matching', 'campaigns', 'pledges', 'payouts'];
const ROOT = join(__dirname, '..', '..');

export interface BenchPlatform {
  mode: Mode;
  /** Base URL serving `path` (the service that owns it, in distributed mode). */
  urlFor(path: string): string;
  /** PostgreSQL URL of the platform's database (distributed), for pgbench and direct checks. */
  databaseUrl?: string;
  /** Process id of each platform process (one `embedded`, or one per service). */
  pids: Record<string, number | undefined>;
  stop(): Promise<void>;
}

export const log = (bench: string, msg: string) => console.log(`[bench:${bench}] ${msg}`);

async function waitHealthy(url: string, child: ChildProcess, name: string, timeoutMs = 120_000): Promise<void> {
  const t0 = Date.now();
  while (Date.now() - t0 < timeoutMs) {
    if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode} before becoming healthy (see its log)`);
    try {
      const res = await fetch(`${url}/health`);
      if (res.status === 200) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${name} not healthy after ${timeoutMs} ms`);
}

/** PROFILE=pledges,matching (or all): those processes run with --cpu-prof; profiles land in the log folder. */
const PROFILE = new Set((process.env.PROFILE ?? '').split(',').filter(Boolean));

export function startProcess(name: string, entry: string, env: Record<string, string>, logDir: string): ChildProcess {
  mkdirSync(logDir, { recursive: true });
  const out = createWriteStream(join(logDir, `${name}.log`));
  const base = { ...process.env };
  delete base.DATABASE_URL;
  delete base.DEMO_SEED;
  const profile =
    PROFILE.has(name) || PROFILE.has('all') ? ['--cpu-prof', `--cpu-prof-dir=${join(logDir, 'profiles')}`, `--cpu-prof-name=${name}.cpuprofile`] : [];
  const child = spawn(process.execPath, [...profile, '-r', '@swc-node/register', entry], {
    cwd: ROOT,
    env: { ...base, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(out);
  child.stderr?.pipe(out);
  return child;
}

const COMMON = {
  LOG_LEVEL: 'warn',
  AUTH_DEV_TOKENS: 'true',
  PAYMENTS_PROVIDER: 'sandbox',
  DEMO_SEED: 'false',
  RATE_LIMIT_PLEDGES_PER_MINUTE: '1000000',
  RATE_LIMIT_AUTH_PER_MINUTE: '1000000',
};

export async function stopAll(children: ChildProcess[]): Promise<void> {
  await Promise.all(
    children.map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.exitCode !== null) return resolve();
          c.once('exit', () => resolve());
          c.kill('SIGTERM');
          setTimeout(() => c.kill('SIGKILL'), 10_000).unref();
        }),
    ),
  );
}

export async function startPlatform(mode: Mode, options: { basePort: number; logDir: string; env?: Record<string, string> }): Promise<BenchPlatform> {
  const secret = randomBytes(24).toString('hex');
  if (mode === 'embedded') {
    const port = options.basePort;
    const child = startProcess(
      'embedded',
      'apps/embedded/src/main.ts',
      { ...COMMON, ...options.env, RUN_MODE: 'embedded', PORT: String(port), PGLITE_DATA_DIR: 'memory', AUTH_DEV_SECRET: secret },
      options.logDir,
    );
    const url = `http://127.0.0.1:${port}`;
    await waitHealthy(url, child, 'embedded');
    return { mode, urlFor: () => url, pids: { embedded: child.pid }, stop: () => stopAll([child]) };
  }
  const adminUrl = process.env.DATABASE_URL ?? 'postgres://civic:civic@127.0.0.1:5432/civic';
  const dbName = `civic_bench_${Date.now()}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  await admin.end();
  const dbUrl = new URL(adminUrl);
  dbUrl.pathname = `/${dbName}`;
  const ports = Object.fromEntries(SERVICES.map((s, i) => [s, options.basePort + i])) as Record<ServiceName, number>;
  const env = {
    ...COMMON,
    ...options.env,
    RUN_MODE: 'distributed',
    DATABASE_URL: dbUrl.toString(),
    KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
    KAFKA_NAMESPACE: dbName,
    AUTH_DEV_SECRET: secret,
    MATCHING_BASE_URL: `http://127.0.0.1:${ports.matching}`,
  };
  const children: ChildProcess[] = [];
  const pids: Record<string, number | undefined> = {};
  for (const s of SERVICES) {
    // one at a time: migrations and topic creation at boot are not what is measured
    const child = startProcess(s, `apps/${s}/src/main.ts`, { ...env, PORT: String(ports[s]) }, options.logDir);
    children.push(child);
    pids[s] = child.pid;
    await waitHealthy(`http://127.0.0.1:${ports[s]}`, child, s);
  }
  return {
    mode,
    databaseUrl: dbUrl.toString(),
    pids,
    urlFor: (path) => `http://127.0.0.1:${ports[serviceFor(path)]}`,
    stop: async () => {
      await stopAll(children);
      const c = new Client({ connectionString: adminUrl });
      await c.connect();
      // BENCH_KEEP_DB=1 keeps the data for a look afterwards (EXPLAIN ANALYZE via psql); drop it by hand
      if (process.env.BENCH_KEEP_DB === '1') log('platform', `kept database ${dbName}`);
      else await c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => undefined);
      await c.end();
    },
  };
}

/** A tiny JSON client over fetch (keep-alive), with the status always returned, never thrown. */
export function client(p: Pick<BenchPlatform, 'urlFor'>) {
  return async function call<T = Record<string, unknown>>(method: string, path: string, token?: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await fetch(`${p.urlFor(path)}${path}`, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    const json = (res.headers.get('content-type') ?? '').includes('json');
    return { status: res.status, body: (json && text ? JSON.parse(text) : text || undefined) as T };
  };
}

export type Call = ReturnType<typeof client>;

export async function token(call: Call, sub: string, roles: string[]): Promise<string> {
  const res = await call<{ token: string }>('POST', '/auth/dev-token', undefined, { sub, roles });
  if (res.status !== 201) throw new Error(`dev-token: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.token;
}

/** Latency statistics in milliseconds (nearest-rank percentiles). */
export function stats(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => (s.length ? s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] : NaN);
  return { n: s.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: s[s.length - 1] ?? NaN };
}

/** A measured number (never money) with `digits` decimals. */
export const dec = (x: number, digits = 1) => x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits, useGrouping: false });
export const fmt = (ms: number) => (Number.isFinite(ms) ? `${dec(ms)} ms` : '—');
