/**
 * bench/pledge-intake: pledges created and paid (POST /pledges + POST /pledges/:id/sandbox-confirm)
 * through the HTTP API by N concurrent clients (closed loop: each client sends its next request
 * when the previous one answered), at increasing N, in embedded and in distributed mode; then, on
 * the distributed run's own database, the raw PostgreSQL ceiling for the same writes: pgbench with
 * 32 clients running the pledge INSERT + outbox INSERT in one transaction; and the framework
 * ceiling: a bare NestJS + pg route (bench/support/bare-route.ts, a child process) running that
 * transaction once per POST, at the same client counts. Prints requests/s, pledges/s, p50/p95/p99
 * per request, errors and CPU, and each platform figure as a share of both ceilings. Not a test.
 *
 *   npm run bench:pledge-intake
 *   MODES=distributed LEVELS=1,10,50 SECONDS=15 npm run bench:pledge-intake
 * Needs PostgreSQL + Kafka for distributed mode (scripts/infra/start-all.sh) and pgbench.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { client, dec, fmt, log as say, Mode, startPlatform, stats, token } from './support/platform';
import { cpuPer } from './support/cpu';
import { groupCounters, groupSizes } from './support/group-sizes';
import { BareResult, bareRow, frameworkCeiling } from './support/framework-ceiling';
import { closedLoop } from './support/load';
import { pgbenchCeiling } from './support/pgbench';
import { liveCampaigns, waitAcceptingPledges } from './support/scenario';

const MODES = (process.env.MODES ?? 'embedded,distributed').split(',') as Mode[];
const LEVELS = (process.env.LEVELS ?? '1,10,50').split(',').map(Number);
const SECONDS = Number(process.env.SECONDS ?? 10);
const WARMUP_SECONDS = Number(process.env.WARMUP_SECONDS ?? 2);
const CAMPAIGNS = Number(process.env.CAMPAIGNS ?? 20);
const PGBENCH_CLIENTS = Number(process.env.PGBENCH_CLIENTS ?? 32);
const log = (m: string) => say('pledge-intake', m);
const pct = (x: number, of: number) => `${dec((100 * x) / of, 1)}%`;

interface LevelResult {
  mode: Mode;
  clients: number;
  seconds: number;
  pledges: number;
  requests: number;
  errors: number;
  create: ReturnType<typeof stats>;
  confirm: ReturnType<typeof stats>;
  errorSamples: string[];
  /** CPU milliseconds per confirmed pledge, by component. */
  cpu: { name: string; ms: number }[];
}

async function runLevel(
  mode: Mode,
  call: ReturnType<typeof client>,
  campaignIds: string[],
  clients: number,
  pids: Record<string, number | undefined>,
): Promise<LevelResult> {
  const tokens = await Promise.all(
    Array.from({ length: clients }, (_, i) => token(call, `bench-citizen-${mode}-${clients}-${i}-${randomUUID().slice(0, 6)}`, ['citizen'])),
  );
  const create: number[] = [];
  const confirm: number[] = [];
  let pledges = 0;
  let errors = 0;
  const errorSamples: string[] = [];
  const window = { clients, warmupSeconds: WARMUP_SECONDS, seconds: SECONDS, pids };
  const cpu = await closedLoop(window, async (i, random, measuring) => {
    const fail = (what: string) => {
      if (!measuring) return;
      errors++;
      if (errorSamples.length < 5) errorSamples.push(what);
    };
    const campaignId = campaignIds[Math.floor(random() * campaignIds.length)];
    const amount = 500 + Math.floor(random() * 100) * 100; // 5 to 104 EUR, whole euros
    let t = performance.now();
    const created = await call<{ id: string }>(
      'POST',
      '/pledges',
      tokens[i],
      { campaignId, amount, currency: 'EUR' },
      { 'idempotency-key': randomUUID() },
    ).catch((e: Error) => ({ status: 0, body: { id: '', error: e.message } }));
    if (measuring) create.push(performance.now() - t);
    if (created.status !== 201) return fail(`create ${created.status} ${JSON.stringify(created.body).slice(0, 160)}`);
    t = performance.now();
    const paid = await call<{ status: string }>('POST', `/pledges/${created.body.id}/sandbox-confirm`, tokens[i], { cardNumber: '4242424242424242' }).catch(
      (e: Error) => ({ status: 0, body: { status: e.message } }),
    );
    if (measuring) confirm.push(performance.now() - t);
    if (paid.status !== 200 || paid.body.status !== 'confirmed') fail(`confirm ${paid.status} ${JSON.stringify(paid.body).slice(0, 160)}`);
    else if (measuring) pledges++;
  });
  return {
    mode,
    clients,
    seconds: SECONDS,
    pledges,
    requests: create.length + confirm.length,
    errors,
    create: stats(create),
    confirm: stats(confirm),
    errorSamples,
    cpu: cpuPer(cpu.before, cpu.after, pledges),
  };
}

function row(r: LevelResult) {
  const rps = r.requests / r.seconds;
  const pps = r.pledges / r.seconds;
  return `${r.mode.padEnd(11)} ${String(r.clients).padStart(3)} clients  ${dec(rps, 0).padStart(5)} req/s  ${dec(pps, 0).padStart(5)} pledges/s  create p50 ${fmt(r.create.p50)} p95 ${fmt(r.create.p95)} p99 ${fmt(r.create.p99)}  confirm p50 ${fmt(r.confirm.p50)} p95 ${fmt(r.confirm.p95)} p99 ${fmt(r.confirm.p99)}  errors ${r.errors}`;
}

async function main() {
  const results: LevelResult[] = [];
  let ceiling: Awaited<ReturnType<typeof pgbenchCeiling>> | undefined;
  let bare: BareResult[] = [];
  const logDir = mkdtempSync(join(tmpdir(), 'civic-bench-'));
  log(`levels ${LEVELS.join(', ')} clients, ${SECONDS} s each after ${WARMUP_SECONDS} s warm-up, ${CAMPAIGNS} campaigns; server logs in ${logDir}`);
  for (const [i, mode] of MODES.entries()) {
    log(`${mode}: starting the platform`);
    const platform = await startPlatform(mode, { basePort: 3400 + i * 10, logDir: join(logDir, mode) });
    try {
      const call = client(platform);
      const scenario = await liveCampaigns(call, CAMPAIGNS, { tag: `${mode}-${Date.now()}` });
      await waitAcceptingPledges(call, scenario.campaignIds);
      for (const clients of LEVELS) {
        log(`${mode}: ${clients} clients…`);
        const groupsBefore = await groupCounters(platform.urlFor('/pledges'));
        const r = await runLevel(mode, call, scenario.campaignIds, clients, platform.pids);
        results.push(r);
        log(row(r));
        log(`  group commits in pledges (the whole level, warm-up included): ${groupSizes(groupsBefore, await groupCounters(platform.urlFor('/pledges')))}`);
        for (const e of r.errorSamples) log(`  error sample: ${e}`);
      }
      if (mode === 'distributed' && platform.databaseUrl) {
        log(`pgbench: ${PGBENCH_CLIENTS} clients, pledge INSERT + outbox INSERT per transaction, ${SECONDS} s`);
        ceiling = await pgbenchCeiling(platform.databaseUrl, PGBENCH_CLIENTS, SECONDS);
        log(`pgbench ceiling: ${dec(ceiling.tps, 0)} tps (latency average ${ceiling.latencyMs} ms)`);
        log(`framework ceiling: bare NestJS + pg route, the same two inserts per request, at ${LEVELS.join(', ')} clients`);
        bare = await frameworkCeiling(platform.databaseUrl, LEVELS, { warmupSeconds: WARMUP_SECONDS, seconds: SECONDS }, join(logDir, 'bare'), log);
      }
    } finally {
      await platform.stop();
    }
  }
  console.log('\n=== pledge intake (closed loop; a pledge = create + sandbox confirm = 2 requests) ===');
  for (const r of results) console.log(row(r));
  console.log('\nCPU per confirmed pledge (ms, from /proc; includes the events each pledge causes in every service while measured):');
  for (const r of results)
    console.log(`${r.mode.padEnd(11)} ${String(r.clients).padStart(3)} clients  ${r.cpu.map((c) => `${c.name} ${dec(c.ms, 1)}`).join(' · ')}`);
  if (bare.length) {
    console.log("\nframework ceiling (bare NestJS + pg route: one transaction of pgbench's two inserts per request; CPU ms per request from /proc):");
    for (const b of bare) console.log(`${bareRow(b)}  CPU ${b.cpu.map((c) => `${c.name} ${dec(c.ms, 2)}`).join(' · ')}`);
  }
  if (ceiling) {
    console.log(`\nraw PostgreSQL ceiling (pgbench, ${ceiling.clients} clients, pledge + outbox insert per transaction): ${dec(ceiling.tps, 0)} tps`);
    for (const b of bare)
      console.log(`bare route ${b.clients} clients: ${dec(b.requests / b.seconds, 0)} req/s = ${pct(b.requests / b.seconds, ceiling.tps)} of pgbench`);
    for (const r of results.filter((x) => x.mode === 'distributed')) {
      const pps = r.pledges / r.seconds;
      const b = bare.find((x) => x.clients === r.clients);
      const ofBare = b
        ? ` = ${pct(pps, b.requests / b.seconds)} of the bare route (${pct(r.requests / r.seconds, b.requests / b.seconds)} counting each HTTP request)`
        : '';
      console.log(
        `distributed ${r.clients} clients: ${dec(pps, 0)} pledges/s${ofBare} = ${pct(pps, ceiling.tps)} of pgbench (${pct(r.requests / r.seconds, ceiling.tps)} counting each HTTP request)`,
      );
    }
  }
  console.log(`\nmachine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${dec(totalmem() / 2 ** 30, 0)} GiB, Node ${process.version}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
