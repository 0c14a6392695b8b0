/**
 * npm run audit:platform [-- --url http://localhost:3000]
 * Runs the cross-service platform audit of a running platform (GET /audit/platform, docs/audit.md)
 * and prints each finding with its campaign / fund and figures; exits 1 on findings, 3 while
 * messages are still in flight (pending: run it again), 2 when the audit could not run. The admin
 * token comes from AUDIT_TOKEN, or from POST /auth/dev-token where dev tokens are enabled.
 */
import { auditTarget, fetchReport } from './audit-client';

interface Finding {
  kind: string;
  campaignId?: string;
  fundId?: string;
  detail: string;
  figures: Record<string, unknown>;
}

async function main() {
  const { base, token } = await auditTarget('platform-auditor');
  const report = await fetchReport<{
    status: 'ok' | 'pending' | 'findings';
    findings: Finding[];
    pendingOutbox: Record<string, number>;
    checked: { campaigns: number; funds: number };
  }>(base, token, '/audit/platform');
  const where = `${base}: ${report.checked.campaigns} campaign(s), ${report.checked.funds} fund(s)`;
  if (report.status === 'ok') {
    console.log(`[audit:platform] ${where}: every service agrees`);
    return;
  }
  for (const f of report.findings) {
    const ids = [f.campaignId && `campaign ${f.campaignId}`, f.fundId && `fund ${f.fundId}`].filter(Boolean).join(', ');
    console.log(
      `[audit:platform] ${report.status === 'pending' ? 'PENDING' : 'FINDING'} ${f.kind}${ids ? ` (${ids})` : ''}: ${f.detail} ${JSON.stringify(f.figures)}`,
    );
  }
  if (report.status === 'pending') {
    console.log(`[audit:platform] ${where}: messages still in flight (unpublished outbox rows ${JSON.stringify(report.pendingOutbox)}); run it again`);
    process.exitCode = 3;
  } else {
    process.exitCode = 1;
  }
}

main().catch((e: unknown) => {
  console.error(`[audit:platform] ${(e as Error).message}`);
  process.exitCode = 2;
});
