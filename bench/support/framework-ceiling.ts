/**
 * The framework ceiling of bench/pledge-intake, load side: starts bench/support/bare-route.ts as a child
 * process on the platform's database and drives its POST /pledges with the same closed-loop load
 * generator, HTTP client and client counts as the platform; CPU per request of the bare process, of
 * PostgreSQL and of the load generator from /proc.
 */
import { ChildProcess } from 'node:child_process';
import { cpuPer } from './cpu';
import { closedLoop } from './load';
import { Call, client, dec, fmt, startProcess, stats, stopAll } from './platform';

export interface BareResult {
  clients: number;
  seconds: number;
  requests: number;
  errors: number;
  latency: ReturnType<typeof stats>;
  errorSamples: string[];
  /** CPU milliseconds per successful request, by component. */
  cpu: { name: string; ms: number }[];
}

/** The port the child prints once it listens (it picks a free one). */
function listeningPort(child: ChildProcess, timeoutMs = 60_000): Promise<number> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const done = (error?: Error, port?: number) => {
      clearTimeout(timer);
      child.off('exit', onExit);
      child.stdout?.off('data', onData);
      if (error) reject(error);
      else resolve(port!);
    };
    const timer = setTimeout(() => done(new Error(`bare route: not listening after ${timeoutMs} ms (see bare-route.log)`)), timeoutMs);
    const onExit = (code: number | null) => done(new Error(`bare route exited with code ${code} before listening (see bare-route.log)`));
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      const m = /bare-route listening on (\d+)/.exec(seen);
      if (m) done(undefined, Number(m[1]));
    };
    child.once('exit', onExit);
    child.stdout?.on('data', onData);
  });
}

async function runBareLevel(call: Call, clients: number, warmupSeconds: number, seconds: number, pid: number | undefined): Promise<BareResult> {
  const latencies: number[] = [];
  let errors = 0;
  const errorSamples: string[] = [];
  const cpu = await closedLoop({ clients, warmupSeconds, seconds, pids: { 'bare route': pid } }, async (_worker, random, measuring) => {
    const amount = 500 + Math.floor(random() * 100) * 100; // the platform's request body; the route ignores it
    const t = performance.now();
    const res = await call('POST', '/pledges', undefined, { campaignId: 'bare', amount, currency: 'EUR' }).catch((e: Error) => ({
      status: 0,
      body: e.message,
    }));
    if (!measuring) return;
    latencies.push(performance.now() - t);
    if (res.status === 201) return;
    errors++;
    if (errorSamples.length < 5) errorSamples.push(`${res.status} ${JSON.stringify(res.body).slice(0, 160)}`);
  });
  const requests = latencies.length - errors;
  return { clients, seconds, requests, errors, latency: stats(latencies), errorSamples, cpu: cpuPer(cpu.before, cpu.after, requests) };
}

export function bareRow(r: BareResult): string {
  const l = r.latency;
  return `bare route  ${String(r.clients).padStart(3)} clients  ${dec(r.requests / r.seconds, 0).padStart(5)} req/s  p50 ${fmt(l.p50)} p95 ${fmt(l.p95)} p99 ${fmt(l.p99)}  errors ${r.errors}`;
}

/** The bare route at each client count, `seconds` each after `warmupSeconds`; the child's log goes to `logDir`. */
export async function frameworkCeiling(
  databaseUrl: string,
  levels: number[],
  timing: { warmupSeconds: number; seconds: number },
  logDir: string,
  log: (m: string) => void,
): Promise<BareResult[]> {
  const child = startProcess('bare-route', 'bench/support/bare-route.ts', { DATABASE_URL: databaseUrl }, logDir);
  try {
    const port = await listeningPort(child);
    const call = client({ urlFor: () => `http://127.0.0.1:${port}` });
    const results: BareResult[] = [];
    for (const clients of levels) {
      log(`bare route: ${clients} clients…`);
      const r = await runBareLevel(call, clients, timing.warmupSeconds, timing.seconds, child.pid);
      results.push(r);
      log(bareRow(r));
      for (const e of r.errorSamples) log(`  error sample: ${e}`);
    }
    return results;
  } finally {
    await stopAll([child]);
  }
}
