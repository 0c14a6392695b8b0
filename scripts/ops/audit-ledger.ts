/**
 * npm run audit:ledger [-- --url http://localhost:3000]
 * Runs the ledger audit of a running platform (GET /ledger/audit) and prints each violation with
 * the ids involved; exits 1 when any invariant is broken. The admin token comes from AUDIT_TOKEN,
 * or from POST /auth/dev-token where dev tokens are enabled (embedded mode).
 */
async function main() {
  const at = process.argv.indexOf('--url');
  const base = (at > 0 ? process.argv[at + 1] : undefined) ?? process.env.PLATFORM_URL ?? 'http://localhost:3000';
  let token = process.env.AUDIT_TOKEN;
  if (!token) {
    const res = await fetch(`${base}/auth/dev-token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sub: 'ledger-auditor', roles: ['admin'] }),
    });
    if (!res.ok) throw new Error(`no AUDIT_TOKEN and dev tokens are disabled (${res.status}): set AUDIT_TOKEN to an admin bearer token`);
    token = ((await res.json()) as { token: string }).token;
  }
  const res = await fetch(`${base}/ledger/audit`, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`GET /ledger/audit answered ${res.status}: ${await res.text()}`);
  const report = (await res.json()) as { ok: boolean; violations: { check: string; ids: string[]; detail: string }[] };
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
