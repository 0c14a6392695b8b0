/** The faults: a replica SIGKILLed and restarted, the broker stopped or SIGKILLed and restarted, on a schedule drawn from the seed. */
import { LOAD_S, SEED, SERVICES, Svc, T0, env, log, prng, secs, sleep } from './config';
import { activeFault } from './http';
import { children, INSTANCES, kafkaPid, portRefuses, replicasOf, startKafka, startService, stopKafka, waitHealthy } from './processes';
import { waitFor } from './support';
import { faults } from './world';

/** SIGKILL one replica of a service (the only one when FAULTS_REPLICAS=1) and restart it. */
async function killAndRestart(svc: Svc, rnd: () => number): Promise<void> {
  const replicas = replicasOf(svc);
  const inst = replicas[Math.floor(rnd() * replicas.length)];
  const child = children.get(inst.name)!;
  const exited = new Promise<void>((r) => (child.exitCode !== null || child.signalCode !== null ? r() : child.once('exit', () => r())));
  activeFault.name = `kill ${inst.name}`;
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
  activeFault.name = null;
}

/** The broker stopped gracefully (SIGTERM) or killed (SIGKILL: no controlled shutdown, log recovery at start), then restarted. */
async function restartKafka(signal: 'SIGTERM' | 'SIGKILL'): Promise<void> {
  activeFault.name = signal === 'SIGKILL' ? 'kafka SIGKILL' : 'kafka restart';
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
  activeFault.name = null;
}

type Fault = Svc | 'kafka-stop' | 'kafka-kill';
export const EXPECTED_FAULTS = SERVICES.length + 2;
export async function faultSchedule(loadStart: number): Promise<void> {
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
