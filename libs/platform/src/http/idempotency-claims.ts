import type { ServiceName, Tx } from '../database/service-database.module';
import { DomainError } from '../errors/domain-error';

/** One request's claim on its Idempotency-Key: the caller, the key, the request's hash and the status a first answer has. */
export interface IdempotencyClaim {
  actorId: string;
  key: string;
  requestHash: string;
  status: number;
}

/** What became of a claim: this transaction owns the key now, or the key was used before (its first answer, or another request). */
export type ClaimResult = { claimed: true } | { claimed: false; replay: { status: number; body: unknown } } | { claimed: false; reused: true };

/** What a request answers under its Idempotency-Key: its own (first) answer, or the first answer again. */
export type IdempotentReply = { replayed: false; body: unknown } | { replayed: true; status: number; body: unknown };

export class IdempotencyKeyReused extends DomainError {
  constructor() {
    super('IDEMPOTENCY_KEY_REUSED', 'unprocessable', 'This Idempotency-Key was already used with a different request');
  }
}

const claimKey = (c: Pick<IdempotencyClaim, 'actorId' | 'key'>) => `${c.actorId}\n${c.key}`;
const byKey = (a: IdempotencyClaim, b: IdempotencyClaim) => (claimKey(a) < claimKey(b) ? -1 : claimKey(a) > claimKey(b) ? 1 : 0);

/**
 * The idempotency_keys table of a service, for one claim or a whole group in one statement each.
 * All of it runs in the caller's transaction: the key row, the request's effect and the stored
 * answer commit together or not at all. A key held by a concurrent transaction makes the claim
 * wait for it (its row lock), then replay its answer. Keys are claimed in one order (sorted), so
 * two groups never wait on each other's keys in a cycle.
 */
export class IdempotencyKeys {
  constructor(
    private readonly service: ServiceName,
    private readonly txHost: Tx,
  ) {}

  private get tx() {
    return this.txHost.tx;
  }

  /** Claims each key (at most once per actor and key in `claims`: the caller keeps duplicates apart), results in the order given. */
  async claim(claims: readonly IdempotencyClaim[]): Promise<ClaimResult[]> {
    if (claims.length === 0) return [];
    const sorted = [...claims].sort(byKey);
    const won: { actor_id: string; key: string }[] = await this.tx.query(
      `INSERT INTO "${this.service}".idempotency_keys (actor_id, key, request_hash, status)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[])
       ON CONFLICT (actor_id, key) DO NOTHING RETURNING actor_id, key`,
      [sorted.map((c) => c.actorId), sorted.map((c) => c.key), sorted.map((c) => c.requestHash), sorted.map((c) => c.status)],
    );
    const owned = new Set(won.map((w) => claimKey({ actorId: w.actor_id, key: w.key })));
    const used = claims.filter((c) => !owned.has(claimKey(c)));
    const stored = new Map<string, { request_hash: string; status: number; response: unknown }>();
    if (used.length > 0) {
      const rows: { actor_id: string; key: string; request_hash: string; status: number; response: unknown }[] = await this.tx.query(
        `SELECT k.actor_id, k.key, k.request_hash, k.status, k.response FROM "${this.service}".idempotency_keys k
           JOIN unnest($1::text[], $2::text[]) AS u(actor_id, key) ON k.actor_id = u.actor_id AND k.key = u.key`,
        [used.map((c) => c.actorId), used.map((c) => c.key)],
      );
      for (const r of rows) stored.set(claimKey({ actorId: r.actor_id, key: r.key }), r);
    }
    return claims.map((c): ClaimResult => {
      if (owned.has(claimKey(c))) return { claimed: true };
      const row = stored.get(claimKey(c));
      if (!row) throw new Error(`idempotency key of ${c.actorId} neither claimed nor found`);
      if (row.request_hash !== c.requestHash) return { claimed: false, reused: true };
      return { claimed: false, replay: { status: row.status, body: row.response } };
    });
  }

  /** The answers of the claimed requests, stored with their keys. */
  async answer(answers: readonly { claim: IdempotencyClaim; body: unknown }[]): Promise<void> {
    if (answers.length === 0) return;
    await this.tx.query(
      `UPDATE "${this.service}".idempotency_keys k SET response = u.response::jsonb
         FROM unnest($1::text[], $2::text[], $3::text[]) AS u(actor_id, key, response) WHERE k.actor_id = u.actor_id AND k.key = u.key`,
      [answers.map((a) => a.claim.actorId), answers.map((a) => a.claim.key), answers.map((a) => JSON.stringify(a.body ?? null))],
    );
  }

  /** Claims of requests that were refused after all: a request that fails leaves no key behind (the client may retry it). */
  async release(claims: readonly IdempotencyClaim[]): Promise<void> {
    if (claims.length === 0) return;
    await this.tx.query(
      `DELETE FROM "${this.service}".idempotency_keys k USING unnest($1::text[], $2::text[]) AS u(actor_id, key)
        WHERE k.actor_id = u.actor_id AND k.key = u.key`,
      [claims.map((c) => c.actorId), claims.map((c) => c.key)],
    );
  }
}

/** The claims of a group, each key once: the indexes of the first of each key, and `again` for later ones (the next group replays the first). */
export function firstOfEachKey<T extends { claim?: IdempotencyClaim }>(items: readonly T[]): { first: number[]; later: Set<number> } {
  const seen = new Set<string>();
  const first: number[] = [];
  const later = new Set<number>();
  items.forEach((it, i) => {
    if (!it.claim) return;
    const k = claimKey(it.claim);
    if (seen.has(k)) return void later.add(i);
    seen.add(k);
    first.push(i);
  });
  return { first, later };
}
