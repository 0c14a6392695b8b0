/** HTTP: every call goes through the gateway, as a client of the platform would; answers that are not the service's own are retried. */
import { GW, sleep } from './config';

export interface Res {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** a previous attempt's outcome is unknown (a gateway error or a cut connection after sending) */
  ambiguous: boolean;
}
export const stats = {
  requests: 0,
  attempts: 0,
  retries: {} as Record<string, number>,
  byStatus: {} as Record<string, number>,
  unexpected: [] as string[],
  expectedRefusals: {} as Record<string, number>,
  /** answers a client saw from the gateway that were not the service's own (502/503/504, cut connections) */
  gatewayErrors: [] as { what: string; idempotent: boolean; fault: string | null }[],
};
/** the fault being injected, if any: a gateway error outside one is a finding */
export const activeFault = { name: null as string | null };
export const retriesOutsideFaults: string[] = [];
export const count = (m: Record<string, number>, k: string, n = 1) => (m[k] = (m[k] ?? 0) + n);

export async function http(
  method: string,
  path: string,
  opts: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string>; idem?: string; idempotent?: boolean; budgetMs?: number } = {},
): Promise<Res> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.idem) headers['idempotency-key'] = opts.idem;
  // what a client may safely send again: reads, keyed POSTs, webhook deliveries (deduplicated by event id)
  const idempotent = method === 'GET' || !!opts.idem || !!opts.idempotent;
  const deadline = Date.now() + (opts.budgetMs ?? 120_000);
  const payload = opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
  stats.requests++;
  let ambiguous = false;
  for (let attempt = 1; ; attempt++) {
    stats.attempts++;
    let reason: string;
    try {
      const r = await fetch(`${GW}${path}`, { method, headers, body: payload, signal: AbortSignal.timeout(20_000) });
      const text = await r.text();
      count(stats.byStatus, String(r.status));
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : null;
      } catch {
        /* not JSON */
      }
      const fromGateway = [502, 503, 504].includes(r.status) && (body as { code?: string } | null)?.code === 'UPSTREAM_UNAVAILABLE';
      if (!fromGateway) {
        if (r.status >= 500) stats.unexpected.push(`${method} ${path} -> ${r.status} ${text.slice(0, 300)}`);
        return { status: r.status, body, ambiguous };
      }
      reason = `gateway_${r.status}`;
    } catch (e) {
      const err = e as Error & { cause?: { code?: string } };
      const code = err.cause?.code ?? err.name;
      reason = code === 'ECONNREFUSED' ? 'gateway_refused' : code === 'TimeoutError' ? 'timeout' : `reset(${code})`;
    }
    // the request may have reached a replica that was killed before answering
    ambiguous = true;
    stats.gatewayErrors.push({ what: `${method} ${path}: ${reason}`, idempotent, fault: activeFault.name });
    count(stats.retries, reason);
    if (!activeFault.name) retriesOutsideFaults.push(`${method} ${path}: ${reason}`);
    if (Date.now() > deadline) throw new Error(`${method} ${path}: still failing (${reason}) after ${attempt} attempts`);
    await sleep(Math.min(200 * attempt, 1000));
  }
}

export function unexpected(what: string, r: Res): never {
  const msg = `${what}: unexpected ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`;
  stats.unexpected.push(msg);
  throw new Error(msg);
}
