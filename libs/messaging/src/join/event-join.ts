/**
 * "Two (or more) events in any order, decide once" — funding closed and match finalized, campaign
 * succeeded and match finalized: the facts travel on different topics, may come twice or late, and
 * the decision they enable must be taken exactly once. Every such consumer uses `joinOnce` with a
 * store its service's repository implements over its own table (the parts may be domain columns):
 *
 *   1. `lock(key)` creates the join's row if missing and locks it until the transaction ends, so two
 *      consumers applying the last two parts at once serialize (or the caller already holds a lock
 *      that serializes them, e.g. campaigns' campaign row, and `lock` only creates the row);
 *   2. `record(key, part, value)` keeps the first value of a part (a redelivery or a second event of
 *      the same kind changes nothing);
 *   3. when every required part is there and the join is not decided yet, `decide(parts)` runs, and
 *      the join is marked decided in the same transaction (the inbox makes the event itself once).
 *
 * `decide` may refuse (return false: e.g. the campaign was cancelled meanwhile); the join is then
 * still marked decided, as nothing is left to decide. Call inside the consumer's transaction.
 */
export interface JoinStore<Parts extends Record<string, unknown>> {
  lock(key: string): Promise<void>;
  record<K extends keyof Parts>(key: string, part: K, value: Parts[K]): Promise<void>;
  read(key: string): Promise<{ parts: Partial<Parts>; decided: boolean }>;
  markDecided(key: string): Promise<void>;
}

export type JoinOutcome = 'waiting' | 'decided' | 'already-decided';

export async function joinOnce<Parts extends Record<string, unknown>, K extends keyof Parts>(
  store: JoinStore<Parts>,
  key: string,
  part: K,
  value: Parts[K],
  required: readonly (keyof Parts)[],
  decide: (parts: Parts) => Promise<unknown>,
): Promise<JoinOutcome> {
  await store.lock(key);
  await store.record(key, part, value);
  const { parts, decided } = await store.read(key);
  if (decided) return 'already-decided';
  if (!required.every((p) => parts[p] !== undefined && parts[p] !== null)) return 'waiting';
  await decide(parts as Parts);
  await store.markDecided(key);
  return 'decided';
}

/** A JoinStore in memory: the specs of joinOnce, and of each consumer's decision, use it. */
export class InMemoryJoinStore<Parts extends Record<string, unknown>> implements JoinStore<Parts> {
  readonly rows = new Map<string, { parts: Partial<Parts>; decided: boolean }>();
  readonly locked: string[] = [];

  async lock(key: string): Promise<void> {
    this.locked.push(key);
    if (!this.rows.has(key)) this.rows.set(key, { parts: {}, decided: false });
  }

  async record<K extends keyof Parts>(key: string, part: K, value: Parts[K]): Promise<void> {
    const row = this.rows.get(key);
    if (!row) throw new Error(`join ${key} recorded before it was locked`);
    if (row.parts[part] === undefined) row.parts[part] = value;
  }

  async read(key: string): Promise<{ parts: Partial<Parts>; decided: boolean }> {
    const row = this.rows.get(key);
    if (!row) throw new Error(`join ${key} read before it was locked`);
    return { parts: { ...row.parts }, decided: row.decided };
  }

  async markDecided(key: string): Promise<void> {
    const row = this.rows.get(key);
    if (!row) throw new Error(`join ${key} decided before it was locked`);
    row.decided = true;
  }
}
