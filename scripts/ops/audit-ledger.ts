/**
 * npm run audit:ledger [-- --url http://localhost:3000]
 * Runs the ledger audit of a running platform (GET /ledger/audit) and prints each violation with
 * the ids involved; exits 1 when any invariant is broken. The admin token comes from AUDIT_TOKEN,
 * or from POST /auth/dev-token where dev tokens are enabled (embedded mode).
 */
import { auditTarget, fetchReport } from './audit-client';

async function main() {
  const { base, token } = await auditTarget('ledger-auditor');
  const report = await fetchReport<{ ok: boolean; violations: { check: string; ids: string[]; detail: string }[] }>(base, token, '/ledger/audit');
  if (report.ok) {
    console.log(`[audit:ledger] ${base}: every invariant holds`);
    return;
  }
  for (const v of report.violations) console.log(`[audit:ledger] VIOLATION ${v.check}: ${v.detail} (${v.ids.join(', ')})`);
  process.exitCode = 1;
}

main().catch((e: unknown) => {
  console.error(`[audit:ledger] ${(e as Error).message}`);
  process.exitCode = 2;
});
