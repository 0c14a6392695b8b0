/** The processes of the run: its own Kafka broker (scripts/infra/start-kafka.sh with its own ports and state) and the service replicas. */
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import {
  ARTIFACTS,
  DB_URL,
  DEV_SECRET,
  env,
  GW,
  KAFKA_PORT,
  NAMESPACE,
  PAYMENTS,
  REPLICAS,
  BASE_PORT,
  ROOT,
  RUN_DIR,
  SERVICES,
  STRIPE_URL,
  Svc,
  T0,
  WEBHOOK_SECRET,
  secs,
  sleep,
} from './config';
import { waitFor } from './support';

const kafkaEnv = {
  ...env,
  KAFKA_PORT: String(KAFKA_PORT),
  KAFKA_CONTROLLER_PORT: String(KAFKA_PORT + 1),
  KAFKA_STATE_DIR: join(RUN_DIR, 'kafka'),
  CIVIC_RUN_DIR: RUN_DIR,
  KAFKA_HEAP_OPTS: env.FAULTS_KAFKA_HEAP_OPTS ?? '-Xms192m -Xmx384m',
};
export const kafkaPid = () => Number(readFileSync(join(RUN_DIR, 'kafka.pid'), 'utf8').trim());

export function startKafka(fresh: boolean): void {
  const r = spawnSync('bash', [join(ROOT, 'scripts/infra/start-kafka.sh')], { env: { ...kafkaEnv, KAFKA_FRESH: fresh ? '1' : '0' }, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`start-kafka.sh failed (${r.status}): ${r.stderr}`);
}

export async function stopKafka(signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
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

export function alive(pid: number): boolean {
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
export interface Instance {
  svc: Svc;
  replica: number;
  name: string;
  port: number;
}
export const INSTANCES: Instance[] = SERVICES.flatMap((svc, i) =>
  Array.from({ length: REPLICAS }, (_, r) => ({ svc, replica: r, name: REPLICAS > 1 ? `${svc}-${r + 1}` : svc, port: BASE_PORT + i + 10 * r })),
);
export const replicasOf = (svc: Svc) => INSTANCES.filter((i) => i.svc === svc);
export const children = new Map<string, ChildProcess>();
export const logs = new Map<string, ReturnType<typeof createWriteStream>>();

export function startService(inst: Instance): ChildProcess {
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

export const portRefuses = (port: number) =>
  new Promise<boolean>((res) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => (s.destroy(), res(false)));
    s.once('error', () => res(true));
  });

/** Waits for /health 200; returns the distinct answers seen before (why it was not ready). */
export async function waitHealthy(inst: Instance, timeoutMs = 90_000): Promise<string[]> {
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
