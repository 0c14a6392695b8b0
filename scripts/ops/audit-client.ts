/**
 * What the audit scripts (audit-ledger.ts, audit-platform.ts) share: the platform's URL
 * (--url, PLATFORM_URL, http://localhost:3000) and an admin token — AUDIT_TOKEN, or one from
 * POST /auth/dev-token where dev tokens are enabled (embedded mode) — and the GET of a report.
 */
export async function auditTarget(sub: string): Promise<{ base: string; token: string }> {
  const at = process.argv.indexOf('--url');
  const base = (at > 0 ? process.argv[at + 1] : undefined) ?? process.env.PLATFORM_URL ?? 'http://localhost:3000';
  let token = process.env.AUDIT_TOKEN;
  if (!token) {
    const res = await fetch(`${base}/auth/dev-token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sub, roles: ['admin'] }),
    });
    if (!res.ok) throw new Error(`no AUDIT_TOKEN and dev tokens are disabled (${res.status}): set AUDIT_TOKEN to an admin bearer token`);
    token = ((await res.json()) as { token: string }).token;
  }
  return { base, token };
}

/** GET `path` with the admin token; its JSON, or an error saying what the platform answered. */
export async function fetchReport<T>(base: string, token: string, path: string): Promise<T> {
  const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`GET ${path} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}
