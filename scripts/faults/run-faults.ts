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
 *
 * Modules: config (settings, helpers), processes (broker, replicas), gateway (nginx), http (client
 * through the gateway, retries), world + setup (users, funds, campaigns), payments (stripe-mock,
 * signed webhooks), load (pledging clients, campaign lifecycles), fault-steps (kills, restarts,
 * schedule), quiesce, checks* (one module per scenario), report + summary (output), cleanup.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ARTIFACTS,
  CONCURRENCY,
  DB_NAME,
  GW,
  KAFKA_PORT,
  LOAD_S,
  N_CAMPAIGNS,
  N_FAILING,
  N_QUADRATIC,
  NAMESPACE,
  PAYMENTS,
  RATIO,
  REPLICAS,
  RUN_DIR,
  SEED,
  STRIPE_URL,
  log,
  secs,
} from './config';
import { checks } from './checks';
import { cleanup, dumpState } from './cleanup';
import { faultSchedule } from './fault-steps';
import { startGateway } from './gateway';
import { lifecycle, pledgeWorker } from './load';
import { INSTANCES, kafkaPid, startKafka, startService, waitHealthy } from './processes';
import { quiesce } from './quiesce';
import { setup } from './setup';
import { printSummary } from './summary';
import { adminQuery, waitFor } from './support';
import { campaigns, world } from './world';

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
    `setup (2 calls, ratio ${RATIO.numerator}:${RATIO.denominator} + threshold${world.quadRuleId ? ' + quadratic' : ''} funds, ${campaigns.length} live campaigns known everywhere) in ${secs(Date.now() - t)} s`,
  );

  const loadStart = Date.now();
  const workers = Array.from({ length: CONCURRENCY }, (_, w) => pledgeWorker(w));
  const lifecycles = campaigns.map((c) => lifecycle(c));
  const schedule = faultSchedule(loadStart);
  const made = (await Promise.all(workers)).reduce((a, b) => a + b, 0);
  world.pledgesStopped = true;
  log(`pledging over: ${made} pledges attempted in ${secs(Date.now() - loadStart)} s`);
  await schedule;
  await Promise.all(lifecycles);
  const loadMs = Date.now() - loadStart;
  log(`load done in ${secs(loadMs)} s (every campaign closed; succeeding ones: both tranches released, milestone verified)`);
  const quiesceMs = await quiesce();
  log(`quiet after ${secs(quiesceMs)} s (outboxes published, consumer groups caught up)`);
  log('checks:');
  await checks();
  return printSummary({ made, loadMs, quiesceMs });
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
