/**
 * npm run audit:platform [-- --url http://localhost:3000]
 * Runs the cross-service platform audit of a running platform (GET /audit/platform, docs/audit.md)
 * and prints each finding with its campaign / fund and figures; exits 1 on findings, 3 while
 * messages are still in flight (pending: run it again), 2 when the audit could not run. The admin
 * token comes from AUDIT_TOKEN, or from POST /auth/dev-token where dev tokens are enabled.
 */
export {};

interface Finding {
  kind: string;
  campaignId?: string;
  fundId?: string;
  detail: string;
  figures: Record<string, unknown>;
}

async function main() {
  const at = process.argv.indexOf('--url');
  const base = (at > 0 ? process.argv[at + 1] : undefined) ?? process.env.PLATFORM_URL ?? 'http://localhost:3000';
  let token = process.env.AUDIT_TOKEN;
  if (!token) {
    const res = await fetch(`${base}/auth/dev-token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sub: 'platform-auditor', roles: ['admin'] }),
    });
    if (!res.ok) throw new Error(`no AUDIT_TOKEN and dev tokens are disabled (${res.status}): set AUDIT_TOKEN to an admin bearer token`);
    token = ((await res.json()) as { token: string }).token;
  }
  const res = await fetch(`${base}/audit/platform`, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`GET /audit/platform answered ${res.status}: ${await res.text()}`);
  const report = (await res.json()) as {
    status: 'ok' | 'pending' | 'findings';
    findings: Finding[];
    pendingOutbox: Record<string, number>;
    checked: { campaigns: number; funds: number };
  };
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
