/** The end of the run: the state of every service on failure, then everything the run started is stopped and removed. */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACTS, DB_NAME, RUN_DIR, SERVICES, env, log, sleep } from './config';
import { stopGateway } from './gateway';
import { closePayDb } from './payments';
import { children, logs, stopKafka } from './processes';
import { consumerLag } from './quiesce';
import { adminQuery, pg } from './support';

export async function dumpState(): Promise<void> {
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
export async function cleanup(): Promise<void> {
  if (cleaned) return;
  cleaned = true;
  await closePayDb();
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
