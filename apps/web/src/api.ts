/** The platform's public HTTP API, same origin, with the session's bearer token. */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | undefined,
    message: string,
    readonly reasons: string[] = [],
  ) {
    super(message);
  }
}

let token: string | null = null;
export function setApiToken(value: string | null): void {
  token = value;
}

export async function api<T>(path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', ...init.headers };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (init.body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(path, { method: init.method ?? 'GET', headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
  const type = res.headers.get('content-type') ?? '';
  const body: unknown = type.includes('application/json') ? await res.json() : await res.text();
  if (!res.ok) {
    const e = (typeof body === 'object' && body !== null ? body : {}) as { code?: string; message?: string | string[]; details?: { reasons?: string[] } };
    const message = Array.isArray(e.message) ? e.message.join('; ') : (e.message ?? `HTTP ${res.status}`);
    throw new ApiError(res.status, e.code, message, e.details?.reasons ?? (Array.isArray(e.message) ? e.message : []));
  }
  return body as T;
}

export const post = <T>(path: string, body: unknown = {}, headers?: Record<string, string>) => api<T>(path, { method: 'POST', body, headers });

/** The titles of these campaigns, by id (one request each, in parallel); a campaign that cannot be read keeps its id. */
export async function campaignTitles(ids: Iterable<string>): Promise<Record<string, string>> {
  const unique = [...new Set(ids)];
  const titles = await Promise.all(
    unique.map((id) =>
      api<{ title: string }>(`/campaigns/${id}`).then(
        (c) => c.title,
        () => id,
      ),
    ),
  );
  return Object.fromEntries(unique.map((id, i) => [id, titles[i]]));
}

// The shapes of the API's answers live in api-types.ts; re-exported so pages import them from here as before.
export * from './api-types';

export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}
