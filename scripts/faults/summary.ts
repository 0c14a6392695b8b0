/** The summary printed at the end of the run (docs/faults.md, Output); its exit code. */
import { N_FAILING, N_QUADRATIC, PAYMENTS, QUAD_POOL, REPLICAS, SEED, T0, euros, secs } from './config';
import { EXPECTED_FAULTS } from './fault-steps';
import { stats } from './http';
import { results, sumOf } from './report';
import { Campaign, campaigns, faults, Kind, webhookStats } from './world';

export function printSummary({ made, loadMs, quiesceMs }: { made: number; loadMs: number; quiesceMs: number }): number {
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
